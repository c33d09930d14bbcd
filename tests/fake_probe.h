/*
 * fake_probe.h - a probe for the walker's unit tests, through struct probe_ops (no --wrap).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every op is a CMocka mock: a test queues, in order, what each inspect_thread call must be
 * asked (thread id, want) and what it answers, and whether begin_walk succeeds. Any call not
 * queued, and anything queued but not called, fails the test. Mocks run on the test thread
 * only (CMocka's queues are per thread).
 */

#ifndef WCT_FAKE_PROBE_H
#define WCT_FAKE_PROBE_H

#include "probe.h"

/* What the fake begin_walk stores as the walk's context; every later op must get it back. */
#define FAKE_PROBE_CONTEXT ((void *)0x7e57c0de)

/* One answer of inspect_thread. */
struct fake_thread
{
    DWORD error;               /* what inspect_thread returns */
    struct probe_thread thread;
    struct probe_wait wait;    /* copied out only when want has PROBE_WANT_WAIT */
};

/* All three ops mocked. */
extern const struct probe_ops fake_probe_ops;
/* inspect_thread only: begin_walk and end_walk are NULL (the walk's context is NULL). */
extern const struct probe_ops fake_probe_inspect_only_ops;

/* Per-test setup (cmocka_unit_test_setup): forgets the previous test's walk. */
int fake_probe_setup(void **state);

/* Queues begin_walk's result; when it is ERROR_SUCCESS, also expects exactly one end_walk. */
void fake_probe_expect_walk(DWORD begin_result);
/* Queues one inspect_thread call: it must be asked thread_id with want, and answers *answer
 * (which must stay alive until the walk is over). */
void fake_probe_expect_inspect(DWORD thread_id, DWORD want, const struct fake_thread *answer);

/* Answer builders. */
void fake_thread_running(struct fake_thread *answer, DWORD process_id, DWORD thread_id);
void fake_thread_blocked(struct fake_thread *answer, DWORD process_id, DWORD thread_id);
/* A blocked thread waiting on an object; next_thread_id 0 ends the chain at the object. The
 * wait is counted (serial_known, wait_serial 3000 + thread_id). */
void fake_thread_waiting(struct fake_thread *answer, DWORD process_id, DWORD thread_id,
                         WCT_OBJECT_TYPE type, WCT_OBJECT_STATUS status, const char *name,
                         DWORD next_process_id, DWORD next_thread_id);
void fake_thread_failing(struct fake_thread *answer, DWORD error);

/* How many times inspect_thread was called since fake_probe_setup. */
unsigned int fake_probe_inspect_count(void);

#endif /* WCT_FAKE_PROBE_H */

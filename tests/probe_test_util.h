/*
 * probe_test_util.h - real target threads for the probe's tests, and bounded waits on them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_PROBE_TEST_UTIL_H
#define WCT_PROBE_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "probe.h"

/* Every wait of a test is bounded by this. */
#define PROBE_TEST_TIMEOUT 5000

/* A thread running fn(arg); fails the test if it cannot be created. */
HANDLE probe_test_start(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id);

/* Waits (bounded) for a thread to finish and closes it; fails the test if it does not. */
void probe_test_join(HANDLE thread);

/*
 * Inspects thread_id until its status is status and, when object_type is not 0, its wait's
 * object type is object_type (polling, bounded by PROBE_TEST_TIMEOUT): a target is "in" its
 * wait only some time after it said it is about to enter it. Returns the last result.
 */
DWORD probe_test_inspect_until(DWORD thread_id, DWORD want, WCT_OBJECT_STATUS status,
                               WCT_OBJECT_TYPE object_type, struct probe_thread *thread,
                               struct probe_wait *wait);

/* A no-op APC: QueueUserAPC(probe_test_wake, thread, 0) ends an alertable wait early. */
void CALLBACK probe_test_wake(ULONG_PTR param);

/* Wakes a thread sleeping alertably (an APC each 50 ms, as one queued before the thread
 * reached its sleep is spent early) and joins it, bounded. */
void probe_test_wake_join(HANDLE thread);

/* A child's first line from pipe into line[size], terminated; ReadFile returns at the latest
 * when the child exits. */
void probe_test_read_line(HANDLE pipe, char *line, size_t size);

/* helper_child.exe running one of its modes (see helper_child.c). */
struct probe_child
{
    PROCESS_INFORMATION info;
    HANDLE release;                  /* set to let the child clean up and exit */
    DWORD tid[2];                    /* the thread ids it printed */
};

/* Starts the child in mode (arg may be NULL) and reads its "ready" line; fails the test if
 * it does not come. */
void probe_test_child_start(struct probe_child *child, const char *mode, const char *arg);

/* Releases the child and waits (bounded) for it to exit. */
void probe_test_child_stop(struct probe_child *child);

#endif /* WCT_PROBE_TEST_UTIL_H */

/*
 * fuzz_targets.h - threads for GetThreadWaitChain to look at, in every state the
 * reliability tests need: running, blocked in each kind of wait (event, critical section,
 * nested critical sections, mutex, thread join, a join cycle, sleep), exited, and made-up
 * thread ids.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The live threads stay in their state from targets_start() to targets_stop(); every wait
 * they make ends when targets_stop() is called, so nothing outlives the test.
 */

#ifndef WCT_TESTS_FUZZ_TARGETS_H
#define WCT_TESTS_FUZZ_TARGETS_H

#include "fuzz_prng.h"

enum target_kind
{
    TARGET_SELF,    /* the calling thread */
    TARGET_RUNNING, /* a live thread that computes */
    TARGET_BLOCKED, /* a live thread in a wait */
    TARGET_EXITED,  /* a thread that has exited (its id may have been reused since) */
    TARGET_RANDOM,  /* a made-up number: no thread, or any thread of any process */
    TARGET_KIND_COUNT
};

struct target
{
    DWORD thread_id;
    enum target_kind kind;
};

/* Starts the live threads and makes the exited ones. FALSE when a thread cannot be made. */
BOOL targets_start(void);

/* Ends every wait of the live threads and joins them (bounded). FALSE if one did not end. */
BOOL targets_stop(void);

/* A random target of any kind. Thread-safe once started (prng is the caller's). */
struct target targets_pick(struct prng *prng);

/* A random live target (running or blocked). */
struct target targets_pick_live(struct prng *prng);

/* A made-up thread id: fully random, small, or near one of the live ids. */
DWORD targets_random_id(struct prng *prng);

/* "self", "running", ... */
const char *target_kind_name(enum target_kind kind);

#endif /* WCT_TESTS_FUZZ_TARGETS_H */

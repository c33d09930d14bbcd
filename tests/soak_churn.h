/*
 * soak_churn.h - a thread that keeps creating short-lived threads for the soak to look at:
 * each waits briefly (on an event, a critical section, a mutex, another thread, or in a
 * sleep) and exits, so GetThreadWaitChain meets threads that start, block and exit under it.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_TESTS_SOAK_CHURN_H
#define WCT_TESTS_SOAK_CHURN_H

#include "fuzz_prng.h"

/* Starts the churn thread. progress is bumped after each batch (for the watchdog). */
BOOL churn_start(UINT64 seed, volatile LONG *progress);

/* Stops it; it joins its children first. FALSE if it did not end (bounded wait). */
BOOL churn_stop(void);

/* The id of a recent churn thread (it may have exited since), or 0 before the first. */
DWORD churn_pick(struct prng *prng);

/* Threads created since the program started. */
LONG churn_threads_made(void);

#endif /* WCT_TESTS_SOAK_CHURN_H */

/*
 * stress_cycles.h - many threads opening asynchronous sessions, queueing requests and
 * closing (often early), with an account of every callback. Shared by test_stress.c (the
 * engine in wct_core, 8 x 5,000 cycles) and test_async.c (the same through wct.dll).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_STRESS_CYCLES_H
#define WCT_STRESS_CYCLES_H

#include "session_test_util.h"

/* The layer under test. */
struct stress_api
{
    /* An asynchronous session with callback, or NULL. */
    HWCT (*open)(PWAITCHAINCALLBACK callback);
    /* GetThreadWaitChain: ERROR_IO_PENDING when queued, else the error. */
    DWORD (*request)(HWCT session, DWORD_PTR context, DWORD thread_id, DWORD *node_count,
                     WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle);
    void (*close)(HWCT session);
};

struct stress_result
{
    LONG open_failures;     /* sessions that did not open */
    LONG accepted;          /* requests queued (ERROR_IO_PENDING) */
    LONG refused;           /* invalid requests, refused at once as they must be */
    LONG wrong_refusals;    /* requests whose immediate answer was not the expected one */
    LONG cancelled;         /* callbacks with ERROR_CANCELLED */
    LONG completed;         /* callbacks with another status */
    LONG unexpected_status; /* callbacks with a status outside the allowed ones */
    LONG missing;           /* accepted requests without a callback once Close returned */
    LONG duplicates;        /* requests with more than one callback */
    LONG refused_called;    /* refused requests that got a callback anyway */
    LONG late;              /* callbacks running after their session's Close returned */
    LONG wait_timeouts;     /* bounded waits that ran out */
};

/*
 * Runs threads x cycles: each cycle opens a session, makes 1-3 requests (1 in 8 invalid,
 * *NodeCount 0) on targets[] chosen at random, closes at once half of the time and
 * otherwise after every callback came, then checks the callbacks. Everything is counted
 * into *result (nothing is asserted: helper threads must not use CMocka).
 * allowed_statuses (count entries) are the statuses a completed request may report.
 */
void stress_run(const struct stress_api *api, int threads, int cycles, const DWORD *targets,
                int target_count, const DWORD *allowed_statuses, int status_count,
                struct stress_result *result);

#endif /* WCT_STRESS_CYCLES_H */

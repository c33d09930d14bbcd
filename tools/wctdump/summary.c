/*
 * summary.c - what a scan amounts to: which chains are reported, deadlocks, exit status.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include "wctdump.h"

void wctdump_scan_free(struct wctdump_scan *scan)
{
    size_t i;

    /* A stack reader left behind may still write into them: the process ends soon. */
    if (scan->stacks_abandoned) return;
    for (i = 0; i < scan->chain_count; i++) free(scan->chains[i].stack);
    free(scan->processes);
    free(scan->chains);
    scan->processes = NULL;
    scan->chains = NULL;
    scan->process_count = scan->chain_count = 0;
}


/* A thread that exited between the snapshot and its query is left out of the report. */
BOOL wctdump_chain_is_reported(const struct wctdump_chain *chain)
{
    return chain->error != ERROR_OBJECT_NOT_FOUND;
}


BOOL wctdump_chain_has_nodes(const struct wctdump_chain *chain)
{
    return chain->error == ERROR_SUCCESS || chain->error == ERROR_TOO_MANY_THREADS;
}


size_t wctdump_reported_threads(const struct wctdump_scan *scan)
{
    size_t i, count = 0;

    for (i = 0; i < scan->chain_count; i++)
        if (wctdump_chain_is_reported(&scan->chains[i])) count++;
    return count;
}


/* Threads whose chain ends in a cycle: each thread of a deadlock, and each thread that
 * waits, directly or not, for one. */
size_t wctdump_deadlocked_threads(const struct wctdump_scan *scan)
{
    size_t i, count = 0;

    for (i = 0; i < scan->chain_count; i++)
        if (wctdump_chain_has_nodes(&scan->chains[i]) && scan->chains[i].is_cycle) count++;
    return count;
}


int wctdump_exit_status(const struct wctdump_scan *scan)
{
    size_t i;

    if (wctdump_deadlocked_threads(scan)) return WCTDUMP_EXIT_DEADLOCK;
    /* A hang is a wait seen for the whole period: Ctrl-C ended the period before that. */
    if (!scan->samples || scan->interrupted) return WCTDUMP_EXIT_OK;
    for (i = 0; i < scan->chain_count; i++)
        if (scan->chains[i].seen_ms) return WCTDUMP_EXIT_HANG;
    return WCTDUMP_EXIT_OK;
}

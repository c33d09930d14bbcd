/*
 * chain_walker.h - builds a wait chain from what a probe finds out.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * OS-independent and synchronous: no locks, no SetLastError, no Win32 calls; everything it
 * learns comes through struct probe_ops. It builds natively on Linux (tests/native).
 */

#ifndef WCT_CHAIN_WALKER_H
#define WCT_CHAIN_WALKER_H

#include "probe.h"

/*
 * Walks the chain that starts at thread_id, with GetThreadWaitChain's Flags, and stores it
 * the way GetThreadWaitChain reports it. *node_count is the capacity of nodes on input
 * (1..WCT_MAX_NODE_COUNT, already validated by the caller).
 * Returns a Win32 error code:
 *   ERROR_SUCCESS           the whole chain is in nodes; *node_count is its length;
 *   ERROR_MORE_DATA         the chain is longer than the capacity: nodes holds its first
 *                           nodes, *node_count the length needed;
 *   ERROR_TOO_MANY_THREADS  the chain goes on past WCT_MAX_NODE_COUNT nodes: nodes holds its
 *                           first WCT_MAX_NODE_COUNT nodes (capacity permitting);
 *   ERROR_OBJECT_NOT_FOUND, ERROR_ACCESS_DENIED  for the root thread, from the probe;
 *   ERROR_NOT_ENOUGH_MEMORY from the probe's begin_walk;
 *   ERROR_INVALID_PARAMETER NULL pointers or a capacity outside 1..WCT_MAX_NODE_COUNT
 *                           (refused before the probe is touched).
 * On the root's errors *node_count is 0, *is_cycle FALSE and nodes untouched.
 * The probe's end_walk runs exactly once after every successful begin_walk.
 * *is_cycle is TRUE exactly when the chain ends by coming back to a thread already in it and
 * a second look at the cycle's threads, after it was walked, shows each the same wait.
 */
DWORD chain_walker_get(const struct probe_ops *probe, DWORD flags, DWORD thread_id,
                       DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle);

/* chain_walker_get for a session that keeps the probe's cache between walks: cache is the
 * session's slot (probe_ops.begin_cached_walk), used when the probe has one. */
DWORD chain_walker_get_cached(const struct probe_ops *probe, void *volatile *cache,
                              DWORD flags, DWORD thread_id, DWORD *node_count,
                              WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle);

#endif /* WCT_CHAIN_WALKER_H */

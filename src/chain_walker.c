/*
 * chain_walker.c - builds a wait chain, one thread at a time, from what a probe finds out.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pure and synchronous: the only calls made are the probe's ops; no locks, no allocation, no
 * SetLastError, no Win32 calls. The walk fills a local array of WCT_MAX_NODE_COUNT nodes and
 * copies it to the caller at the end, so the caller's array is only written once the chain
 * is known.
 *
 * The chain alternates thread and object nodes, starting with the root thread:
 *   thread [object thread]* [object]
 * and ends at the first of:
 *   - a thread that waits on nothing WCT reports (object_type 0);
 *   - an object with no known owner or target (next_thread_id 0);
 *   - a thread already in the chain: its node is repeated and IsCycle is TRUE, when a second
 *     look at every thread of the cycle confirms it; else the thread whose second look
 *     disagreed, as that look saw it (see below);
 *   - without WCT_OUT_OF_PROC_FLAG, the first thread of a process other than the root's: its
 *     node is reported (inspected without PROBE_WANT_WAIT) and the walk stops there;
 *   - a thread that cannot be opened (WctStatusNoAccess node) or fails otherwise
 *     (WctStatusError node);
 *   - a thread that has exited since its object named it: the chain ends at that object,
 *     because a thread that no longer exists does not hold anything up;
 *   - a 17th node: ERROR_TOO_MANY_THREADS (see chain_report).
 *
 * Decisions, where Windows leaves room:
 *   - A cycle is reported only when it held at one moment as far as looks can tell. The
 *     edges of a walk are seen one after another, so A waiting for B (seen first) and B
 *     waiting for A (seen later, when A may have stopped waiting) is no deadlock by itself.
 *     When the walk comes back to a thread, every thread of the cycle is inspected once more,
 *     in chain order, after the whole cycle was walked; each must show the same wait (object
 *     type, status, name) for the same next thread. Each edge was then seen before and after
 *     the moment the cycle closed, so all held at that moment unless a wait ended and an
 *     identical one began between two looks. Where the OS counts the waits on an object as
 *     they end (a critical section with debug info: the probe's wait_serial), the count must
 *     be the same at both looks, which rules that out: the thread waited all along. Where a
 *     wait of the cycle is not counted (sections without debug info, handles), the cycle is
 *     looked at CYCLE_PASSES_UNCOUNTED times over, and every look must agree: two threads
 *     that take turns waiting for each other (CI saw such a pair pass one second look, twice
 *     in 10,000 walks) must then keep in step with the walker through every pass. The
 *     repeated node is a verbatim copy of its earlier node. Otherwise no cycle: the chain
 *     ends at the first thread whose second look disagreed (or failed), its node updated
 *     from that look when there was one, without its wait; every node before it stands as
 *     walked. This is the one case where a thread is inspected more than once in a walk.
 *     A thread that waits on what it owns itself (next == self) is the shortest cycle:
 *     thread, object, the same thread again, IsCycle TRUE.
 *   - A thread node's ThreadId is the id the walker asked for (the one the previous object
 *     named), so cycle detection never depends on what a probe echoes back.
 *   - An object type the walker does not know as an object (0 excluded: WctThreadType, or
 *     out of range) is reported as WctUnknownType: the edge is real, its kind is not known.
 *   - An object's name is copied with at most WCT_OBJNAME_LENGTH - 1 characters and always
 *     zero-terminated, even if the probe's buffer was not.
 *   - A next thread whose process the probe does not give (next_process_id 0) is inspected
 *     as if it were in the root's process; the walk still stops after it if the probe then
 *     reports another process and WCT_OUT_OF_PROC_FLAG is not set.
 *   - A thread that could not be inspected gets ThreadId = the id asked for and ProcessId =
 *     the process the object's edge named (the probe's partial answer when the edge had 0);
 *     WaitTime and ContextSwitches are 0.
 *   - Once 16 nodes are collected, the next thread (if any) is inspected without
 *     PROBE_WANT_WAIT: only whether a 17th node exists matters. An exited one makes none,
 *     so 16 nodes ending at its object are ERROR_SUCCESS.
 *   - *is_cycle describes the chain, not the part that fits: TRUE also with ERROR_MORE_DATA
 *     when the repeated node lies past the capacity; never TRUE with ERROR_TOO_MANY_THREADS
 *     (a repeat that would be the 17th node is not reported).
 *   - Arguments the caller should have refused (NULL pointers, capacity outside 1..16, no
 *     inspect_thread) give ERROR_INVALID_PARAMETER before the probe is used, outputs untouched.
 *   - On an error for the root (or from begin_walk), *node_count is set to 0 and *is_cycle
 *     to FALSE and the nodes are left untouched, so a caller that ignores the error reads
 *     no stale nodes.
 *   - end_walk is called exactly once after every begin_walk that succeeded (or when there
 *     is no begin_walk), whatever the walk's outcome; a failed begin_walk made nothing to
 *     release, so end_walk is not called then.
 */

#include <string.h>

#include "chain_walker.h"

/* One walk in progress. */
struct walk
{
    /* read-only during the walk */
    const struct probe_ops *probe;
    void *context;    /* from probe->begin_walk */
    DWORD flags;      /* GetThreadWaitChain's Flags */
    DWORD want;       /* what to ask about threads of the root's process (or any, out-of-proc) */
    DWORD root_pid;   /* the root thread's process */

    /* the chain so far */
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count;      /* nodes used */
    BOOL overflow;    /* a node past WCT_MAX_NODE_COUNT exists */
    BOOL is_cycle;    /* the last node repeats an earlier thread */
    /* each object node's wait_serial, as its waiter's first look gave it (same index) */
    struct
    {
        BOOL known;
        DWORD value;
    } serials[WCT_MAX_NODE_COUNT];
};

/* How many times a cycle with a wait the OS does not count is looked at again. */
#define CYCLE_PASSES_UNCOUNTED 3


/***********************************************************************
 *      probe_want_from_flags   (internal)
 *
 * Translates GetThreadWaitChain's flags into what the probe may look at.
 */
static DWORD probe_want_from_flags(DWORD flags)
{
    DWORD want = PROBE_WANT_WAIT;

    if (flags & WCT_OUT_OF_PROC_CS_FLAG) want |= PROBE_WANT_FOREIGN_CS;
    if (flags & WCT_NETWORK_IO_FLAG) want |= PROBE_WANT_NETWORK;
    return want;
}


/***********************************************************************
 *      chain_append   (internal)
 *
 * Returns a zeroed node at the end of the chain, or NULL (and notes the overflow) when the
 * chain already holds WCT_MAX_NODE_COUNT nodes.
 */
static WAITCHAIN_NODE_INFO *chain_append(struct walk *walk, WCT_OBJECT_TYPE type,
                                         WCT_OBJECT_STATUS status)
{
    WAITCHAIN_NODE_INFO *node;

    if (walk->count == WCT_MAX_NODE_COUNT)
    {
        walk->overflow = TRUE;
        return NULL;
    }
    node = &walk->nodes[walk->count++];
    memset(node, 0, sizeof(*node));
    node->ObjectType = type;
    node->ObjectStatus = status;
    return node;
}


/***********************************************************************
 *      chain_find_thread   (internal)
 *
 * Returns the thread node of the chain for thread_id, or NULL.
 */
static const WAITCHAIN_NODE_INFO *chain_find_thread(const struct walk *walk, DWORD thread_id)
{
    DWORD i;

    for (i = 0; i < walk->count; i++)
    {
        if (walk->nodes[i].ObjectType == WctThreadType &&
            walk->nodes[i].ThreadObject.ThreadId == thread_id)
            return &walk->nodes[i];
    }
    return NULL;
}


/***********************************************************************
 *      walk_thread_node   (internal)
 *
 * Appends the node of a thread the probe could inspect. Returns FALSE when the chain is full.
 */
static BOOL walk_thread_node(struct walk *walk, DWORD thread_id,
                             const struct probe_thread *thread)
{
    WAITCHAIN_NODE_INFO *node = chain_append(walk, WctThreadType, thread->status);

    if (!node) return FALSE;
    node->ThreadObject.ProcessId = thread->process_id;
    node->ThreadObject.ThreadId = thread_id;
    node->ThreadObject.WaitTime = thread->wait_time;
    node->ThreadObject.ContextSwitches = thread->context_switches;
    return TRUE;
}


/***********************************************************************
 *      walk_unreachable   (internal)
 *
 * Appends the node of a non-root thread the probe could not inspect: WctStatusNoAccess when
 * it cannot be opened, WctStatusError for any other failure. The chain ends with it.
 */
static void walk_unreachable(struct walk *walk, DWORD thread_id, DWORD process_id,
                             const struct probe_thread *thread, DWORD error)
{
    WCT_OBJECT_STATUS status = error == ERROR_ACCESS_DENIED ? WctStatusNoAccess : WctStatusError;
    WAITCHAIN_NODE_INFO *node = chain_append(walk, WctThreadType, status);

    if (!node) return;
    /* The object's edge names the process; the probe's partial answer is the fallback. */
    node->ThreadObject.ProcessId = process_id ? process_id : thread->process_id;
    node->ThreadObject.ThreadId = thread_id;
}


/***********************************************************************
 *      walk_object   (internal)
 *
 * Appends the node of what a thread waits on. Returns TRUE when the chain goes on to the
 * object's owner or target thread (wait->next_thread_id).
 */
static BOOL walk_object(struct walk *walk, const struct probe_wait *wait)
{
    WCT_OBJECT_TYPE type = wait->object_type;
    WAITCHAIN_NODE_INFO *node;
    size_t len = 0;

    if (!type) return FALSE; /* running, or a wait WCT does not report as an object */
    if (type == WctThreadType || type < WctCriticalSectionType || type >= WctMaxType)
        type = WctUnknownType;

    if (!(node = chain_append(walk, type, wait->object_status))) return FALSE;
    walk->serials[node - walk->nodes].known = wait->serial_known;
    walk->serials[node - walk->nodes].value = wait->wait_serial;
    /* The probe promises termination; the walker guarantees it regardless. */
    while (len < WCT_OBJNAME_LENGTH - 1 && wait->object_name[len]) len++;
    memcpy(node->LockObject.ObjectName, wait->object_name, len * sizeof(WCHAR));
    return wait->next_thread_id != 0;
}


/***********************************************************************
 *      cycle_wait_holds   (internal)
 *
 * Whether a second look at a thread of the chain shows the wait its node and the next
 * object node (nodes[index]) recorded: the same object (type, status, name), the same next
 * thread, and, where the wait is counted, the same count (the very same wait).
 */
static BOOL cycle_wait_holds(const struct walk *walk, DWORD index, DWORD next_thread_id,
                             const struct probe_wait *wait)
{
    const WAITCHAIN_NODE_INFO *object = &walk->nodes[index];
    WCT_OBJECT_TYPE type = wait->object_type;
    size_t len = 0;

    if (!type || wait->next_thread_id != next_thread_id) return FALSE;
    if (!wait->serial_known != !walk->serials[index].known
        || (wait->serial_known && wait->wait_serial != walk->serials[index].value))
        return FALSE;
    if (type == WctThreadType || type < WctCriticalSectionType || type >= WctMaxType)
        type = WctUnknownType;
    if (type != object->ObjectType || wait->object_status != object->ObjectStatus) return FALSE;
    while (len < WCT_OBJNAME_LENGTH - 1 && wait->object_name[len]) len++;
    return !memcmp(object->LockObject.ObjectName, wait->object_name, len * sizeof(WCHAR)) &&
           !object->LockObject.ObjectName[len];
}


/***********************************************************************
 *      cycle_look_again   (internal)
 *
 * A cycle closes at the thread node nodes[first]: looks at every thread of the cycle again,
 * in chain order, now that the whole cycle was walked. Each must still wait on what its
 * node's object says, for the thread after it. Returns TRUE when all do: every edge then
 * held at the moment the cycle closed (each was seen before and after it). Else the chain
 * ends at the first thread that does not: its node as the second look saw it (as first seen
 * when that look failed), without its wait.
 */
static BOOL cycle_look_again(struct walk *walk, DWORD first)
{
    DWORD i;

    for (i = first; i + 1 < walk->count; i += 2)
    {
        WAITCHAIN_NODE_INFO *node = &walk->nodes[i];
        DWORD next = i + 2 < walk->count ? walk->nodes[i + 2].ThreadObject.ThreadId
                                         : walk->nodes[first].ThreadObject.ThreadId;
        struct probe_thread thread;
        struct probe_wait wait;
        DWORD error;

        memset(&thread, 0, sizeof(thread));
        memset(&wait, 0, sizeof(wait));
        error = walk->probe->inspect_thread(walk->context, node->ThreadObject.ThreadId,
                                            walk->want, &thread, &wait);
        if (error == ERROR_SUCCESS && cycle_wait_holds(walk, i + 1, next, &wait)) continue;
        if (error == ERROR_SUCCESS)
        {
            node->ObjectStatus = thread.status;
            node->ThreadObject.WaitTime = thread.wait_time;
            node->ThreadObject.ContextSwitches = thread.context_switches;
        }
        walk->count = i + 1;
        return FALSE;
    }
    return TRUE;
}


/***********************************************************************
 *      cycle_confirm   (internal)
 *
 * The second looks at the cycle that closes at nodes[first]: one pass when the OS counts
 * every wait of it (the counts tie each look to the first), else CYCLE_PASSES_UNCOUNTED.
 */
static BOOL cycle_confirm(struct walk *walk, DWORD first)
{
    DWORD passes = 1, pass, i;

    for (i = first + 1; i < walk->count; i += 2)
        if (!walk->serials[i].known) passes = CYCLE_PASSES_UNCOUNTED;
    for (pass = 0; pass < passes; pass++)
        if (!cycle_look_again(walk, first)) return FALSE;
    return TRUE;
}


/***********************************************************************
 *      walk_cycle   (internal)
 *
 * When thread_id is already in the chain, the walk ends there (returns TRUE). When a second
 * look at the cycle's threads confirms it, its node is repeated and the cycle marked; else
 * the chain is cut where the second look disagreed (cycle_confirm).
 */
static BOOL walk_cycle(struct walk *walk, DWORD thread_id)
{
    const WAITCHAIN_NODE_INFO *earlier = chain_find_thread(walk, thread_id);
    WAITCHAIN_NODE_INFO *node;

    if (!earlier) return FALSE;
    if (!cycle_confirm(walk, (DWORD)(earlier - walk->nodes))) return TRUE;
    if ((node = chain_append(walk, WctThreadType, earlier->ObjectStatus)))
    {
        *node = *earlier;
        walk->is_cycle = TRUE;
    }
    return TRUE;
}


/***********************************************************************
 *      walk_next_thread   (internal)
 *
 * Inspects the thread an object named (via->next_thread_id, not yet in the chain) and appends
 * its node. Returns TRUE when the walk goes on with what that thread waits on, now in *wait.
 */
static BOOL walk_next_thread(struct walk *walk, const struct probe_wait *via,
                             struct probe_wait *wait)
{
    DWORD thread_id = via->next_thread_id, process_id = via->next_process_id;
    BOOL in_proc = (walk->flags & WCT_OUT_OF_PROC_FLAG) || !process_id ||
                   process_id == walk->root_pid;
    /* A thread of another process (without the flag) or past the 16th node is only
     * reported, so its wait is not looked at. */
    DWORD want = in_proc && walk->count < WCT_MAX_NODE_COUNT ? walk->want : 0;
    struct probe_thread thread;
    DWORD error;

    memset(&thread, 0, sizeof(thread));
    memset(wait, 0, sizeof(*wait));
    error = walk->probe->inspect_thread(walk->context, thread_id, want, &thread, wait);
    if (error == ERROR_OBJECT_NOT_FOUND) return FALSE; /* exited: the chain ends at the object */
    if (error != ERROR_SUCCESS)
    {
        walk_unreachable(walk, thread_id, process_id, &thread, error);
        return FALSE;
    }
    if (!walk_thread_node(walk, thread_id, &thread)) return FALSE;
    if (!(walk->flags & WCT_OUT_OF_PROC_FLAG) && thread.process_id != walk->root_pid)
        return FALSE; /* the probe found it in another process after all */
    return (want & PROBE_WANT_WAIT) != 0;
}


/***********************************************************************
 *      walk_root   (internal)
 *
 * Inspects the root thread and makes it node 0. Returns the probe's error: a root that
 * cannot be inspected fails the whole call.
 */
static DWORD walk_root(struct walk *walk, DWORD thread_id, struct probe_wait *wait)
{
    struct probe_thread thread;
    DWORD error;

    memset(&thread, 0, sizeof(thread));
    memset(wait, 0, sizeof(*wait));
    error = walk->probe->inspect_thread(walk->context, thread_id, walk->want, &thread, wait);
    if (error != ERROR_SUCCESS) return error;
    walk->root_pid = thread.process_id;
    walk_thread_node(walk, thread_id, &thread);
    return ERROR_SUCCESS;
}


/***********************************************************************
 *      walk_chain   (internal)
 *
 * Follows the chain from the root thread's wait until one of the ends listed at the top of
 * the file. A thread already in the chain ends it (after the cycle's second look).
 */
static void walk_chain(struct walk *walk, struct probe_wait *wait)
{
    while (walk_object(walk, wait) && !walk_cycle(walk, wait->next_thread_id))
    {
        struct probe_wait via = *wait;

        if (!walk_next_thread(walk, &via, wait)) break;
    }
}


/***********************************************************************
 *      chain_report   (internal)
 *
 * Copies the chain to the caller and picks the result:
 *   - past 16 nodes: ERROR_TOO_MANY_THREADS with the 16 first nodes when the caller has room
 *     for 16; with less room, ERROR_MORE_DATA and *node_count = WCT_MAX_NODE_COUNT (the
 *     caller retries with 16 and then gets ERROR_TOO_MANY_THREADS);
 *   - longer than the capacity: ERROR_MORE_DATA, the first `capacity` nodes, *node_count =
 *     the chain's length;
 *   - else ERROR_SUCCESS.
 * *is_cycle tells whether the chain (not the part that fits) ends with a repeated thread.
 */
static DWORD chain_report(const struct walk *walk, DWORD *node_count,
                          WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    DWORD capacity = *node_count;
    DWORD stored = walk->count < capacity ? walk->count : capacity;

    memcpy(nodes, walk->nodes, stored * sizeof(*nodes));
    *is_cycle = walk->is_cycle;
    *node_count = walk->count;
    if (walk->count > capacity) return ERROR_MORE_DATA;
    return walk->overflow ? ERROR_TOO_MANY_THREADS : ERROR_SUCCESS;
}


/***********************************************************************
 *      chain_walker_get   (internal)
 *
 * See chain_walker.h.
 */
DWORD chain_walker_get(const struct probe_ops *probe, DWORD flags, DWORD thread_id,
                       DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    return chain_walker_get_cached(probe, NULL, flags, thread_id, node_count, nodes, is_cycle);
}


/***********************************************************************
 *      chain_walker_get_cached   (internal)
 *
 * See chain_walker.h.
 */
DWORD chain_walker_get_cached(const struct probe_ops *probe, void *volatile *cache,
                              DWORD flags, DWORD thread_id, DWORD *node_count,
                              WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    struct walk walk;
    struct probe_wait wait;
    DWORD error = ERROR_SUCCESS;

    /* The caller validates; these checks only keep a bad call from reaching memory. */
    if (!probe || !probe->inspect_thread || !node_count || !nodes || !is_cycle ||
        *node_count < 1 || *node_count > WCT_MAX_NODE_COUNT)
        return ERROR_INVALID_PARAMETER;

    memset(&walk, 0, sizeof(walk));
    walk.probe = probe;
    walk.flags = flags;
    walk.want = probe_want_from_flags(flags);

    if (cache && probe->begin_cached_walk) error = probe->begin_cached_walk(cache, &walk.context);
    else if (probe->begin_walk) error = probe->begin_walk(&walk.context);
    if (error == ERROR_SUCCESS)
    {
        error = walk_root(&walk, thread_id, &wait);
        if (error == ERROR_SUCCESS) walk_chain(&walk, &wait);
        if (probe->end_walk) probe->end_walk(walk.context);
    }

    if (error != ERROR_SUCCESS)
    {
        *node_count = 0;
        *is_cycle = FALSE;
        return error;
    }
    return chain_report(&walk, node_count, nodes, is_cycle);
}

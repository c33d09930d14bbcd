/*
 * walker_check.c - what must hold after any chain_walker_get call, whatever the probe said.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The invariants (walker_check_invariants) know nothing of the graph: they are what a
 * GetThreadWaitChain caller may rely on. walker_check_expected then compares with the
 * oracle, node by node.
 */

#include <string.h>

#include "native_check.h"
#include "walker_check.h"

static int valid_capacity(DWORD capacity)
{
    return capacity >= 1 && capacity <= WCT_MAX_NODE_COUNT;
}


/* How many nodes the call wrote into the caller's array, from its result alone. */
static DWORD stored_nodes(const struct walker_call *call)
{
    switch (call->error)
    {
    case ERROR_SUCCESS: return call->count;
    case ERROR_MORE_DATA: return call->capacity;
    case ERROR_TOO_MANY_THREADS: return WCT_MAX_NODE_COUNT;
    default: return 0;
    }
}


/* Result code, *node_count and *is_cycle agree with each other and the capacity. */
static void check_result(const struct walker_call *call)
{
    DWORD error = call->error;

    if (error == ERROR_INVALID_PARAMETER)
    {
        NATIVE_CHECK(!valid_capacity(call->capacity), "capacity %lu refused",
                     (unsigned long)call->capacity);
        NATIVE_CHECK(call->count == call->capacity, "refused call changed *node_count");
        NATIVE_CHECK(call->is_cycle == WALKER_CHECK_STALE_CYCLE, "refused call set *is_cycle");
        return;
    }
    NATIVE_CHECK(valid_capacity(call->capacity), "capacity %lu accepted (error %lu)",
                 (unsigned long)call->capacity, (unsigned long)error);
    NATIVE_CHECK(call->is_cycle == TRUE || call->is_cycle == FALSE, "*is_cycle = %#x",
                 (unsigned int)call->is_cycle);
    switch (error)
    {
    case ERROR_SUCCESS:
        NATIVE_CHECK(call->count >= 1 && call->count <= call->capacity, "success with %lu nodes",
                     (unsigned long)call->count);
        break;
    case ERROR_MORE_DATA:
        NATIVE_CHECK(call->count > call->capacity && call->count <= WCT_MAX_NODE_COUNT,
                     "more data: count %lu, capacity %lu", (unsigned long)call->count,
                     (unsigned long)call->capacity);
        break;
    case ERROR_TOO_MANY_THREADS:
        NATIVE_CHECK(call->capacity == WCT_MAX_NODE_COUNT && call->count == WCT_MAX_NODE_COUNT,
                     "too many threads: count %lu, capacity %lu", (unsigned long)call->count,
                     (unsigned long)call->capacity);
        NATIVE_CHECK(!call->is_cycle, "too many threads and a cycle");
        break;
    case ERROR_OBJECT_NOT_FOUND: case ERROR_ACCESS_DENIED: case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_GEN_FAILURE: case ERROR_PARTIAL_COPY:
        NATIVE_CHECK(call->count == 0 && !call->is_cycle, "error %lu with count %lu, cycle %d",
                     (unsigned long)error, (unsigned long)call->count, call->is_cycle);
        break;
    default:
        NATIVE_CHECK(0, "unexpected error %lu", (unsigned long)error);
    }
    if (call->is_cycle)
        NATIVE_CHECK(call->count >= 3 && call->count % 2 == 1, "cycle of %lu nodes",
                     (unsigned long)call->count);
}


/* The caller's array past the stored nodes is untouched (ASan covers past the capacity). */
static void check_untouched(const struct walker_call *call, DWORD stored)
{
    const BYTE *bytes = (const BYTE *)(call->nodes + stored);
    size_t i, size = (call->capacity - stored) * sizeof(*call->nodes); /* stored <= capacity */

    for (i = 0; i < size; i++)
        NATIVE_CHECK(bytes[i] == WALKER_CHECK_STALE_BYTE, "byte %zu past node %lu written", i,
                     (unsigned long)stored);
}


static void check_thread_node(const WAITCHAIN_NODE_INFO *node, DWORD index, DWORD count)
{
    const BYTE *rest = (const BYTE *)&node->ThreadObject + sizeof(node->ThreadObject);
    size_t i, size = sizeof(node->LockObject) - sizeof(node->ThreadObject);

    for (i = 0; i < size; i++) NATIVE_CHECK(!rest[i], "node %lu: stale byte in a thread node",
                                            (unsigned long)index);
    /* The probe never reports these for a thread it inspected; only the walker does, for
     * the thread it could not inspect, which ends the chain. */
    if (node->ObjectStatus == WctStatusNoAccess || node->ObjectStatus == WctStatusError)
        NATIVE_CHECK(index == count - 1 && index > 0, "node %lu: status %d not at the end",
                     (unsigned long)index, node->ObjectStatus);
}


static void check_object_node(const WAITCHAIN_NODE_INFO *node, DWORD index)
{
    const WCHAR *name = node->LockObject.ObjectName;
    size_t len = 0, i;

    NATIVE_CHECK(node->ObjectType >= WctCriticalSectionType && node->ObjectType < WctMaxType &&
                 node->ObjectType != WctThreadType, "node %lu: object type %d",
                 (unsigned long)index, node->ObjectType);
    while (len < WCT_OBJNAME_LENGTH && name[len]) len++;
    NATIVE_CHECK(len < WCT_OBJNAME_LENGTH, "node %lu: name not terminated", (unsigned long)index);
    for (i = len; i < WCT_OBJNAME_LENGTH; i++)
        NATIVE_CHECK(!name[i], "node %lu: stale character after the name", (unsigned long)index);
    NATIVE_CHECK(!node->LockObject.Timeout.QuadPart && !node->LockObject.Alertable,
                 "node %lu: reserved fields set", (unsigned long)index);
}


/* Thread ids repeat only in a cycle's last node, which repeats its earlier node exactly. */
static void check_repeats(const struct walker_call *call, DWORD stored)
{
    DWORD i, j;

    for (i = 2; i < stored; i += 2)
    {
        for (j = 0; j < i; j += 2)
        {
            if (call->nodes[i].ThreadObject.ThreadId != call->nodes[j].ThreadObject.ThreadId)
                continue;
            NATIVE_CHECK(call->is_cycle && i == call->count - 1,
                         "thread %#lx at nodes %lu and %lu without a cycle",
                         (unsigned long)call->nodes[i].ThreadObject.ThreadId,
                         (unsigned long)j, (unsigned long)i);
            NATIVE_CHECK(!memcmp(&call->nodes[i], &call->nodes[j], sizeof(call->nodes[i])),
                         "cycle node %lu differs from node %lu", (unsigned long)i,
                         (unsigned long)j);
        }
    }
    /* With the whole chain in hand, a cycle must show: its last node is a repeat. */
    if (call->is_cycle && stored == call->count)
    {
        DWORD last = stored - 1;

        for (j = 0; j < last; j += 2)
            if (call->nodes[j].ThreadObject.ThreadId == call->nodes[last].ThreadObject.ThreadId)
                break;
        NATIVE_CHECK(j < last, "cycle reported but the last thread is new");
    }
}


/* Without WCT_OUT_OF_PROC_FLAG, only threads of the root's process lead further. */
static void check_processes(const struct walker_call *call, DWORD stored)
{
    DWORD i;

    if (call->flags & WCT_OUT_OF_PROC_FLAG) return;
    for (i = 2; i + 1 < stored; i += 2)
        NATIVE_CHECK(call->nodes[i].ThreadObject.ProcessId == call->nodes[0].ThreadObject.ProcessId,
                     "node %lu: walked on in process %lu", (unsigned long)i,
                     (unsigned long)call->nodes[i].ThreadObject.ProcessId);
}


void walker_check_invariants(const struct walker_call *call)
{
    DWORD stored, i;

    check_result(call);
    stored = call->error == ERROR_INVALID_PARAMETER ? 0 : stored_nodes(call);
    check_untouched(call, stored);
    if (!stored) return;
    for (i = 0; i < stored; i++)
    {
        /* thread, object, thread, ...: the root first */
        if (i % 2 == 0)
        {
            NATIVE_CHECK(call->nodes[i].ObjectType == WctThreadType, "node %lu: type %d, not a thread",
                         (unsigned long)i, call->nodes[i].ObjectType);
            check_thread_node(&call->nodes[i], i, call->count);
        }
        else check_object_node(&call->nodes[i], i);
    }
    check_repeats(call, stored);
    check_processes(call, stored);
}


static const char *type_name(WCT_OBJECT_TYPE type)
{
    static const char *const names[] = {
        "?", "CriticalSection", "SendMessage", "Mutex", "Alpc", "Com", "ThreadWait",
        "ProcessWait", "Thread", "ComActivation", "Unknown", "SocketIo", "SmbIo" };

    return (unsigned int)type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}


void walker_dump_chain(const char *title, const WAITCHAIN_NODE_INFO *nodes, DWORD stored)
{
    DWORD i;

    fprintf(stderr, "%s (%lu nodes):\n", title, (unsigned long)stored);
    for (i = 0; i < stored; i++)
    {
        const WAITCHAIN_NODE_INFO *node = &nodes[i];

        if (node->ObjectType == WctThreadType)
            fprintf(stderr, "  %2lu Thread status %d pid %lu tid %#lx wait %lu cs %lu\n",
                    (unsigned long)i, node->ObjectStatus,
                    (unsigned long)node->ThreadObject.ProcessId,
                    (unsigned long)node->ThreadObject.ThreadId,
                    (unsigned long)node->ThreadObject.WaitTime,
                    (unsigned long)node->ThreadObject.ContextSwitches);
        else
            fprintf(stderr, "  %2lu %s (%d) status %d name[0] %#x\n", (unsigned long)i,
                    type_name(node->ObjectType), node->ObjectType, node->ObjectStatus,
                    (unsigned int)node->LockObject.ObjectName[0]);
    }
}


void walker_check_expected(const struct walker_call *call, const struct walker_outcome *expected)
{
    DWORD stored = expected->stored;
    int same = call->error == expected->error;

    if (expected->outputs_untouched)
        same = same && call->count == call->capacity && call->is_cycle == WALKER_CHECK_STALE_CYCLE;
    else
        same = same && call->count == expected->count && call->is_cycle == expected->is_cycle &&
               !memcmp(call->nodes, expected->nodes, stored * sizeof(*call->nodes));
    if (same) return;

    fprintf(stderr, "walker: error %lu count %lu cycle %d; oracle: error %lu count %lu cycle %d\n",
            (unsigned long)call->error, (unsigned long)call->count, call->is_cycle,
            (unsigned long)expected->error, (unsigned long)expected->count, expected->is_cycle);
    /* The oracle's stored count never exceeds the capacity, so this stays in the array. */
    walker_dump_chain("walker", call->nodes, stored);
    walker_dump_chain("oracle", expected->nodes, stored);
    NATIVE_CHECK(same, "the walker and the oracle disagree");
}

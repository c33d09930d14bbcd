/*
 * walker_oracle.c - the expected chain for a wait graph.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Written apart from the walker, as one flat loop over a chain without a length limit (it
 * stops at 17 nodes, enough to know whether the chain passes 16), followed by the rules for
 * the caller's capacity. Agreement of the two is what the fuzzer checks beyond invariants.
 */

#include <string.h>

#include "walker_oracle.h"

#define ORACLE_MAX (WCT_MAX_NODE_COUNT + 1)

struct oracle_chain
{
    WAITCHAIN_NODE_INFO nodes[ORACLE_MAX];
    DWORD length;
    BOOL is_cycle;
};


static WAITCHAIN_NODE_INFO *add_node(struct oracle_chain *chain, WCT_OBJECT_TYPE type,
                                     WCT_OBJECT_STATUS status)
{
    WAITCHAIN_NODE_INFO *node = &chain->nodes[chain->length++];

    memset(node, 0, sizeof(*node));
    node->ObjectType = type;
    node->ObjectStatus = status;
    return node;
}


static void add_thread(struct oracle_chain *chain, DWORD thread_id,
                       const struct probe_thread *thread)
{
    WAITCHAIN_NODE_INFO *node = add_node(chain, WctThreadType, thread->status);

    node->ThreadObject.ProcessId = thread->process_id;
    node->ThreadObject.ThreadId = thread_id;
    node->ThreadObject.WaitTime = thread->wait_time;
    node->ThreadObject.ContextSwitches = thread->context_switches;
}


static void add_object(struct oracle_chain *chain, const struct probe_wait *wait)
{
    int known = wait->object_type >= WctCriticalSectionType && wait->object_type < WctMaxType &&
                wait->object_type != WctThreadType;
    WAITCHAIN_NODE_INFO *node = add_node(chain, known ? wait->object_type : WctUnknownType,
                                         wait->object_status);
    int i;

    for (i = 0; i < WCT_OBJNAME_LENGTH - 1 && wait->object_name[i]; i++)
        node->LockObject.ObjectName[i] = wait->object_name[i];
}


/* Index of the thread node for thread_id, or -1. */
static int thread_index(const struct oracle_chain *chain, DWORD thread_id)
{
    DWORD i;

    for (i = 0; i < chain->length; i++)
        if (chain->nodes[i].ObjectType == WctThreadType &&
            chain->nodes[i].ThreadObject.ThreadId == thread_id)
            return (int)i;
    return -1;
}


/* Whether a later look at the cycle's thread node i shows the same wait as its object node
 * i + 1, for the thread at node i + 2 (or the cycle's first thread, node `seen`). */
static int still_waits(const struct wait_graph *graph, struct oracle_chain *chain, DWORD i,
                       int seen, DWORD want)
{
    const WAITCHAIN_NODE_INFO *object = &chain->nodes[i + 1];
    DWORD next = chain->nodes[i + 2 < chain->length ? i + 2 : (DWORD)seen].ThreadObject.ThreadId;
    DWORD thread_id = chain->nodes[i].ThreadObject.ThreadId;
    struct oracle_chain again;
    struct probe_thread thread, first_thread;
    struct probe_wait wait, first;
    DWORD error = wait_graph_answer_later(graph, thread_id, want, &thread, &wait);

    wait_graph_answer(graph, thread_id, want, &first_thread, &first);
    if (error) return 0;
    /* A counted wait must be the very one the first look saw. */
    if (wait.object_type && wait.next_thread_id == next && wait.serial_known == first.serial_known
        && (!wait.serial_known || wait.wait_serial == first.wait_serial))
    {
        /* The object node the later look would make must be the one in the chain. */
        again.length = 0;
        add_object(&again, &wait);
        if (!memcmp(&again.nodes[0], object, sizeof(*object))) return 1;
    }
    chain->nodes[i].ObjectStatus = thread.status;
    chain->nodes[i].ThreadObject.WaitTime = thread.wait_time;
    chain->nodes[i].ThreadObject.ContextSwitches = thread.context_switches;
    return 0;
}


/* Whether the OS counts every wait of the cycle that closes at node `seen`. */
static int cycle_counted(const struct wait_graph *graph, const struct oracle_chain *chain,
                         int seen, DWORD want)
{
    DWORD i;

    for (i = (DWORD)seen; i < chain->length; i += 2)
    {
        struct probe_thread thread;
        struct probe_wait wait;

        wait_graph_answer(graph, chain->nodes[i].ThreadObject.ThreadId, want, &thread, &wait);
        if (!wait.serial_known) return 0;
    }
    return 1;
}


/* A cycle closes at node `seen`: whether later looks confirm it (one round of them when
 * every wait is counted, three otherwise); if not, the chain is cut after the first thread
 * that disagreed. */
static int cycle_holds(const struct wait_graph *graph, struct oracle_chain *chain, int seen,
                       DWORD want)
{
    int rounds = cycle_counted(graph, chain, seen, want) ? 1 : 3, round;
    DWORD i;

    for (round = 0; round < rounds; round++)
        for (i = (DWORD)seen; i < chain->length; i += 2)
        {
            if (still_waits(graph, chain, i, seen, want)) continue;
            chain->length = i + 1;
            return 0;
        }
    return 1;
}


/* Builds the chain; returns the root's error (the chain is then empty). */
static DWORD build_chain(const struct wait_graph *graph, struct oracle_chain *chain)
{
    DWORD want = PROBE_WANT_WAIT, root_pid, error;
    int out_of_proc = (graph->flags & WCT_OUT_OF_PROC_FLAG) != 0;
    struct probe_thread thread;
    struct probe_wait wait;

    if (graph->flags & WCT_OUT_OF_PROC_CS_FLAG) want |= PROBE_WANT_FOREIGN_CS;
    if (graph->flags & WCT_NETWORK_IO_FLAG) want |= PROBE_WANT_NETWORK;

    error = wait_graph_answer(graph, graph->root_thread_id, want, &thread, &wait);
    if (error) return error;
    root_pid = thread.process_id;
    add_thread(chain, graph->root_thread_id, &thread);

    while (chain->length < ORACLE_MAX && wait.object_type)
    {
        DWORD next = wait.next_thread_id, next_pid = wait.next_process_id;
        int seen = thread_index(chain, next), foreign;

        add_object(chain, &wait);
        if (!next || chain->length == ORACLE_MAX) break;
        if (seen >= 0)
        {
            if (!cycle_holds(graph, chain, seen, want)) break;
            chain->nodes[chain->length++] = chain->nodes[seen];
            chain->is_cycle = TRUE;
            break;
        }
        foreign = !out_of_proc && next_pid && next_pid != root_pid;
        error = wait_graph_answer(graph, next, foreign ? 0 : want, &thread, &wait);
        if (error == ERROR_OBJECT_NOT_FOUND) break;
        if (error)
        {
            WAITCHAIN_NODE_INFO *node = add_node(chain, WctThreadType,
                error == ERROR_ACCESS_DENIED ? WctStatusNoAccess : WctStatusError);

            node->ThreadObject.ThreadId = next;
            node->ThreadObject.ProcessId = next_pid ? next_pid : thread.process_id;
            break;
        }
        add_thread(chain, next, &thread);
        if (foreign || (!out_of_proc && thread.process_id != root_pid)) break;
    }
    return ERROR_SUCCESS;
}


void walker_oracle(const struct wait_graph *graph, struct walker_outcome *expected)
{
    struct oracle_chain chain;
    DWORD capacity = graph->capacity, found;

    memset(expected, 0, sizeof(*expected));
    memset(&chain, 0, sizeof(chain));
    if (capacity < 1 || capacity > WCT_MAX_NODE_COUNT)
    {
        expected->error = ERROR_INVALID_PARAMETER;
        expected->outputs_untouched = 1;
        return;
    }
    if (graph->probe_mode == GRAPH_PROBE_BEGIN_FAILS) expected->error = ERROR_NOT_ENOUGH_MEMORY;
    else expected->error = build_chain(graph, &chain);
    if (expected->error) return; /* count 0, no cycle, nothing stored */

    /* Past 16 nodes: only 16 are reported, and a cycle closing at the 17th is not one. */
    found = chain.length > WCT_MAX_NODE_COUNT ? WCT_MAX_NODE_COUNT : chain.length;
    expected->is_cycle = chain.length <= WCT_MAX_NODE_COUNT && chain.is_cycle;
    expected->count = found;
    expected->stored = found < capacity ? found : capacity;
    memcpy(expected->nodes, chain.nodes, expected->stored * sizeof(chain.nodes[0]));
    if (found > capacity) expected->error = ERROR_MORE_DATA;
    else if (chain.length > WCT_MAX_NODE_COUNT) expected->error = ERROR_TOO_MANY_THREADS;
    else expected->error = ERROR_SUCCESS;
}

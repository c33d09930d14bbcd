/*
 * walker_harness.c - runs the walker on one decoded input and checks everything.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "chain_walker.h"
#include "graph_probe.h"
#include "native_check.h"
#include "walker_check.h"
#include "walker_harness.h"

static void *checked_alloc(size_t size)
{
    void *block = malloc(size ? size : 1);

    NATIVE_CHECK(block != NULL, "out of memory");
    return block;
}


void walker_run_input(const uint8_t *data, size_t size, struct walker_outcome *outcome)
{
    struct wait_graph graph;
    struct walker_outcome expected;
    struct walker_call call;
    const struct probe_ops *ops;
    WAITCHAIN_NODE_INFO *nodes;
    DWORD *count;
    BOOL *is_cycle;

    wait_graph_decode(&graph, data, size);
    walker_oracle(&graph, &expected);

    /* Exactly capacity nodes (none for 0): a write past them is a heap overflow. */
    nodes = checked_alloc(graph.capacity * sizeof(*nodes));
    memset(nodes, WALKER_CHECK_STALE_BYTE, graph.capacity * sizeof(*nodes));
    count = checked_alloc(sizeof(*count));
    is_cycle = checked_alloc(sizeof(*is_cycle));
    *count = graph.capacity;
    *is_cycle = WALKER_CHECK_STALE_CYCLE;

    ops = graph_probe_start(&graph);
    call.error = chain_walker_get(ops, graph.flags, graph.root_thread_id, count, nodes, is_cycle);
    graph_probe_finish(expected.outputs_untouched);

    call.flags = graph.flags;
    call.capacity = graph.capacity;
    call.count = *count;
    call.is_cycle = *is_cycle;
    call.nodes = nodes;
    walker_check_invariants(&call);
    walker_check_expected(&call, &expected);

    if (outcome)
    {
        memset(outcome, 0, sizeof(*outcome));
        outcome->error = call.error;
        outcome->outputs_untouched = expected.outputs_untouched;
        outcome->count = call.count;
        outcome->is_cycle = call.is_cycle;
        outcome->stored = expected.stored;
        memcpy(outcome->nodes, nodes, expected.stored * sizeof(*nodes));
    }
    free(nodes);
    free(count);
    free(is_cycle);
}

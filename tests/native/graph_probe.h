/*
 * graph_probe.h - struct probe_ops served from a wait graph, checking how the walker uses it.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One walk at a time (the harness is single-threaded): graph_probe_start picks the graph
 * and the ops the graph's probe_mode calls for; graph_probe_finish checks the walk's probe
 * usage as a whole.
 */

#ifndef WCT_NATIVE_GRAPH_PROBE_H
#define WCT_NATIVE_GRAPH_PROBE_H

#include "wait_graph.h"

/* Looks one walk may take: the threads of nodes 0, 2, ..., 16, and up to three more looks
 * at each thread of a cycle (8 at most): the walker's passes over a cycle with a wait the OS
 * does not count. */
#define GRAPH_PROBE_LOOKS_PER_THREAD 4
#define GRAPH_PROBE_MAX_INSPECTS \
    (WCT_MAX_NODE_COUNT + 1 + (GRAPH_PROBE_LOOKS_PER_THREAD - 1) * WCT_MAX_NODE_COUNT / 2)

struct graph_probe_log
{
    unsigned int begin_calls;
    unsigned int end_calls;
    unsigned int inspect_calls;
    DWORD inspected[GRAPH_PROBE_MAX_INSPECTS];
    DWORD wants[GRAPH_PROBE_MAX_INSPECTS];
};

/* Serves graph to the next walk; returns the ops to pass to chain_walker_get. */
const struct probe_ops *graph_probe_start(const struct wait_graph *graph);
/* Checks the finished walk's calls (begin/end pairing; none at all when the walker refused
 * its parameters) and returns them. */
const struct graph_probe_log *graph_probe_finish(int refused);

#endif /* WCT_NATIVE_GRAPH_PROBE_H */

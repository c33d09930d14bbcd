/*
 * graph_probe.c - the native fake probe: answers from a wait graph, checks the walker's
 * side of the probe contract (probe.h) on every call.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Checked: the context from begin_walk comes back to every op; no op runs before begin_walk
 * or after end_walk; end_walk runs once per successful begin_walk; no thread is inspected
 * more than four times (the later looks, at a cycle, get wait_graph_answer_later); at most
 * GRAPH_PROBE_MAX_INSPECTS inspections; want asks only for what the flags allow.
 */

#include <string.h>

#include "graph_probe.h"
#include "native_check.h"

#define GRAPH_PROBE_CONTEXT ((void *)&walk_state)

/* The walk in progress; one at a time. */
static struct
{
    const struct wait_graph *graph;
    int begun;   /* begin_walk succeeded, end_walk not yet called */
    int ended;
    struct graph_probe_log log;
} walk_state;


static DWORD graph_begin_walk(void **context)
{
    NATIVE_CHECK(context != NULL, "begin_walk without a context pointer");
    NATIVE_CHECK(walk_state.log.begin_calls == 0, "begin_walk called twice");
    NATIVE_CHECK(walk_state.log.inspect_calls == 0, "inspect_thread before begin_walk");
    walk_state.log.begin_calls++;
    if (walk_state.graph->probe_mode == GRAPH_PROBE_BEGIN_FAILS) return ERROR_NOT_ENOUGH_MEMORY;
    *context = GRAPH_PROBE_CONTEXT;
    walk_state.begun = 1;
    return ERROR_SUCCESS;
}


static void graph_end_walk(void *context)
{
    int has_begin = walk_state.graph->probe_mode != GRAPH_PROBE_END_ONLY;

    NATIVE_CHECK(walk_state.log.end_calls == 0, "end_walk called twice");
    NATIVE_CHECK(!has_begin || walk_state.begun, "end_walk without a successful begin_walk");
    NATIVE_CHECK(context == (has_begin ? GRAPH_PROBE_CONTEXT : NULL), "end_walk got context %p",
                 context);
    walk_state.log.end_calls++;
    walk_state.begun = 0;
    walk_state.ended = 1;
}


/* What want may hold under the walk's flags. */
static DWORD allowed_want(DWORD flags)
{
    DWORD want = PROBE_WANT_WAIT;

    if (flags & WCT_OUT_OF_PROC_CS_FLAG) want |= PROBE_WANT_FOREIGN_CS;
    if (flags & WCT_NETWORK_IO_FLAG) want |= PROBE_WANT_NETWORK;
    return want;
}


static DWORD graph_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                  struct probe_thread *thread, struct probe_wait *wait)
{
    enum graph_probe_mode mode = walk_state.graph->probe_mode;
    int has_begin = mode == GRAPH_PROBE_HOOKS || mode == GRAPH_PROBE_BEGIN_ONLY;
    struct graph_probe_log *log = &walk_state.log;
    unsigned int i, seen = 0;

    NATIVE_CHECK(!walk_state.ended, "inspect_thread after end_walk");
    NATIVE_CHECK(!has_begin || walk_state.begun, "inspect_thread outside begin/end");
    NATIVE_CHECK(context == (has_begin ? GRAPH_PROBE_CONTEXT : NULL), "inspect got context %p",
                 context);
    NATIVE_CHECK(thread != NULL && wait != NULL, "inspect_thread without output pointers");
    NATIVE_CHECK(!(want & ~allowed_want(walk_state.graph->flags)),
                 "want %#lx not allowed by flags %#lx", (unsigned long)want,
                 (unsigned long)walk_state.graph->flags);
    NATIVE_CHECK(log->inspect_calls < GRAPH_PROBE_MAX_INSPECTS, "more than %d inspections",
                 GRAPH_PROBE_MAX_INSPECTS);
    for (i = 0; i < log->inspect_calls; i++)
        seen += log->inspected[i] == thread_id;
    NATIVE_CHECK(seen < GRAPH_PROBE_LOOKS_PER_THREAD, "thread %#lx inspected %u times",
                 (unsigned long)thread_id, seen + 1);
    log->inspected[log->inspect_calls] = thread_id;
    log->wants[log->inspect_calls++] = want;
    if (seen) return wait_graph_answer_later(walk_state.graph, thread_id, want, thread, wait);
    return wait_graph_answer(walk_state.graph, thread_id, want, thread, wait);
}


static const struct probe_ops graph_ops[GRAPH_PROBE_MODES] = {
    [GRAPH_PROBE_HOOKS] = { graph_begin_walk, graph_end_walk, graph_inspect_thread, NULL, NULL, NULL },
    [GRAPH_PROBE_NO_HOOKS] = { NULL, NULL, graph_inspect_thread, NULL, NULL, NULL },
    [GRAPH_PROBE_BEGIN_FAILS] = { graph_begin_walk, graph_end_walk, graph_inspect_thread, NULL, NULL, NULL },
    [GRAPH_PROBE_END_ONLY] = { NULL, graph_end_walk, graph_inspect_thread, NULL, NULL, NULL },
    [GRAPH_PROBE_BEGIN_ONLY] = { graph_begin_walk, NULL, graph_inspect_thread, NULL, NULL, NULL },
};


const struct probe_ops *graph_probe_start(const struct wait_graph *graph)
{
    memset(&walk_state, 0, sizeof(walk_state));
    walk_state.graph = graph;
    return &graph_ops[graph->probe_mode];
}


const struct graph_probe_log *graph_probe_finish(int refused)
{
    enum graph_probe_mode mode = walk_state.graph->probe_mode;
    const struct graph_probe_log *log = &walk_state.log;
    /* end_walk: once after a successful begin_walk, or once when it is the only hook. */
    unsigned int ends = mode == GRAPH_PROBE_HOOKS || mode == GRAPH_PROBE_END_ONLY;
    unsigned int begins = mode != GRAPH_PROBE_NO_HOOKS && mode != GRAPH_PROBE_END_ONLY;

    if (refused)
    {
        /* Bad parameters: the probe is not touched at all. */
        NATIVE_CHECK(log->begin_calls + log->inspect_calls + log->end_calls == 0,
                     "a refused call used the probe");
        return log;
    }
    NATIVE_CHECK(log->begin_calls == begins, "begin_walk called %u times in mode %d",
                 log->begin_calls, mode);
    NATIVE_CHECK(mode == GRAPH_PROBE_BEGIN_FAILS || log->inspect_calls >= 1,
                 "the root was not inspected");
    NATIVE_CHECK(log->end_calls == ends, "end_walk called %u times in mode %d", log->end_calls,
                 mode);
    NATIVE_CHECK(mode != GRAPH_PROBE_BEGIN_FAILS || log->inspect_calls == 0,
                 "inspected after begin_walk failed");
    return log;
}

/*
 * format_dot.c - the wait-for graph as Graphviz: `wctdump --dot | dot -Tsvg > hang.svg`.
 * Threads are boxes (grouped by process), the objects they wait on ellipses, an edge means
 * "waits for" (thread -> object) or "is owned by" (object -> thread). The edges and nodes
 * of a deadlock's cycle are red. Only threads that wait on something are drawn, with the
 * threads their chains lead to.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   digraph wct {
 *     subgraph "cluster_32" { label="wct_demo.exe (pid 32)";
 *       "t32_100" [label="32:100\ndeadlock-cs-a\nBlocked", color=red];
 *     }
 *     "o0" [shape=ellipse, label="CriticalSection\nOwned", color=red];
 *     "t32_100" -> "o0" [color=red];
 *   }
 */

#include <stdlib.h>
#include <string.h>
#include "wctdump.h"

#define DOT_RED "#d00000"

struct dot_thread
{
    DWORD pid, tid;
    WCT_OBJECT_STATUS status;
    BOOL red;
};

struct dot_object
{
    const WAITCHAIN_NODE_INFO *node; /* type, status, name */
    DWORD owner_tid;                 /* the thread after it in the chain, or 0 */
    DWORD waiter_tid;                /* for an object with neither name nor owner */
    BOOL red;
};

/* An edge: from a thread to an object (waits for), or from an object to a thread (owned by). */
struct dot_edge
{
    BOOL from_thread;
    size_t from, to;
    BOOL red;
};

struct dot_graph
{
    struct dot_thread *threads;
    struct dot_object *objects;
    struct dot_edge *edges;
    size_t thread_count, object_count, edge_count, capacity; /* capacity of each array */
};


static size_t dot_thread_index(struct dot_graph *graph, const WAITCHAIN_NODE_INFO *node)
{
    size_t i;

    for (i = 0; i < graph->thread_count; i++)
        if (graph->threads[i].tid == node->ThreadObject.ThreadId
            && graph->threads[i].pid == node->ThreadObject.ProcessId)
            return i;
    graph->threads[i].pid = node->ThreadObject.ProcessId;
    graph->threads[i].tid = node->ThreadObject.ThreadId;
    graph->threads[i].status = node->ObjectStatus;
    graph->threads[i].red = FALSE;
    return graph->thread_count++;
}


/* One object node per (type, name, owner); an object with neither name nor owner is one
 * per waiter, as nothing says two such waits are on the same object. */
static size_t dot_object_index(struct dot_graph *graph, const WAITCHAIN_NODE_INFO *node,
                               DWORD owner_tid, DWORD waiter_tid)
{
    BOOL anonymous = !node->LockObject.ObjectName[0] && !owner_tid;
    size_t i;

    for (i = 0; i < graph->object_count; i++)
    {
        const struct dot_object *object = &graph->objects[i];

        if (object->node->ObjectType == node->ObjectType && object->owner_tid == owner_tid
            && !wcsncmp(object->node->LockObject.ObjectName, node->LockObject.ObjectName,
                        WCT_OBJNAME_LENGTH)
            && (!anonymous || object->waiter_tid == waiter_tid))
            return i;
    }
    graph->objects[i].node = node;
    graph->objects[i].owner_tid = owner_tid;
    graph->objects[i].waiter_tid = anonymous ? waiter_tid : 0;
    graph->objects[i].red = FALSE;
    return graph->object_count++;
}


static void dot_add_edge(struct dot_graph *graph, BOOL from_thread, size_t from, size_t to, BOOL red)
{
    size_t i;

    for (i = 0; i < graph->edge_count; i++)
    {
        struct dot_edge *edge = &graph->edges[i];
        if (edge->from_thread == from_thread && edge->from == from && edge->to == to)
        {
            edge->red |= red;
            return;
        }
    }
    graph->edges[i].from_thread = from_thread;
    graph->edges[i].from = from;
    graph->edges[i].to = to;
    graph->edges[i].red = red;
    graph->edge_count++;
}


/* Where the cycle of a chain starts: the first node equal to the last one; count if none. */
static DWORD cycle_start(const struct wctdump_chain *chain)
{
    const WAITCHAIN_NODE_INFO *last = &chain->nodes[chain->count - 1];
    DWORD i;

    if (!chain->is_cycle || last->ObjectType != WctThreadType) return chain->count;
    for (i = 0; i + 1 < chain->count; i++)
        if (chain->nodes[i].ObjectType == WctThreadType
            && chain->nodes[i].ThreadObject.ThreadId == last->ThreadObject.ThreadId
            && chain->nodes[i].ThreadObject.ProcessId == last->ThreadObject.ProcessId)
            return i;
    return chain->count;
}


static void dot_add_chain(struct dot_graph *graph, const struct wctdump_chain *chain)
{
    DWORD i, red_from = cycle_start(chain), waiter_tid = 0;
    size_t previous = 0;
    BOOL previous_is_thread = FALSE;

    for (i = 0; i < chain->count; i++)
    {
        const WAITCHAIN_NODE_INFO *node = &chain->nodes[i];
        BOOL red = i >= red_from;       /* the node is in the cycle */
        BOOL red_edge = i > red_from;   /* and so is the edge that reaches it */
        size_t index;

        if (node->ObjectType == WctThreadType)
        {
            index = dot_thread_index(graph, node);
            graph->threads[index].red |= red;
            waiter_tid = node->ThreadObject.ThreadId;
            if (i && !previous_is_thread) dot_add_edge(graph, FALSE, previous, index, red_edge);
            previous_is_thread = TRUE;
        }
        else
        {
            DWORD owner = i + 1 < chain->count && chain->nodes[i + 1].ObjectType == WctThreadType
                          ? chain->nodes[i + 1].ThreadObject.ThreadId : 0;
            index = dot_object_index(graph, node, owner, waiter_tid);
            graph->objects[index].red |= red;
            if (i && previous_is_thread) dot_add_edge(graph, TRUE, previous, index, red_edge);
            previous_is_thread = FALSE;
        }
        previous = index;
    }
}


static const WCHAR *dot_description(const struct wctdump_scan *scan, DWORD pid, DWORD tid)
{
    size_t i;

    for (i = 0; i < scan->chain_count; i++)
        if (scan->chains[i].tid == tid && scan->chains[i].pid == pid)
            return scan->chains[i].description;
    return NULL;
}


/* A label's text: escaped for a quoted DOT string. */
static void dot_text(struct out_buf *out, const char *text)
{
    for (; *text; text++)
    {
        if (*text == '"' || *text == '\\') out_append(out, "\\", 1);
        out_append(out, text, 1);
    }
}


static void dot_text_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    struct out_buf plain;

    out_init(&plain);
    out_text_utf16(&plain, text, max_chars);
    if (plain.failed) out->failed = TRUE;
    else if (plain.data) dot_text(out, plain.data);
    out_free(&plain);
}


static void dot_thread_node(struct out_buf *out, const struct wctdump_scan *scan,
                            const struct dot_thread *thread)
{
    const WCHAR *description = dot_description(scan, thread->pid, thread->tid);

    out_printf(out, "    \"t%lu_%lu\" [label=\"%lu:%lu\\n", thread->pid, thread->tid, thread->pid,
               thread->tid);
    if (description && description[0])
    {
        dot_text_utf16(out, description, WCTDUMP_DESCRIPTION_LENGTH);
        out_puts(out, "\\n");
    }
    out_printf(out, "%s\"%s];\n", wctdump_status_name(thread->status),
               thread->red ? ", color=\"" DOT_RED "\", fontcolor=\"" DOT_RED "\", penwidth=2" : "");
}


static void dot_object_node(struct out_buf *out, size_t index, const struct dot_object *object)
{
    out_printf(out, "  \"o%u\" [shape=ellipse, label=\"%s\\n%s", (unsigned int)index,
               wctdump_type_name(object->node->ObjectType),
               wctdump_status_name(object->node->ObjectStatus));
    if (object->node->LockObject.ObjectName[0])
    {
        out_puts(out, "\\n");
        dot_text_utf16(out, object->node->LockObject.ObjectName, WCT_OBJNAME_LENGTH);
    }
    out_printf(out, "\"%s];\n",
               object->red ? ", color=\"" DOT_RED "\", fontcolor=\"" DOT_RED "\", penwidth=2" : "");
}


/* The threads of one process, in a cluster labelled with its image name. */
static void dot_process(struct out_buf *out, const struct wctdump_scan *scan,
                        const struct dot_graph *graph, DWORD pid, const WCHAR *name)
{
    size_t i;
    BOOL any = FALSE;

    for (i = 0; i < graph->thread_count && !any; i++) any = graph->threads[i].pid == pid;
    if (!any) return;
    out_printf(out, "  subgraph \"cluster_%lu\" {\n    label=\"", pid);
    if (name && name[0])
    {
        dot_text_utf16(out, name, MAX_PATH);
        out_puts(out, " ");
    }
    out_printf(out, "(pid %lu)\";\n", pid);
    for (i = 0; i < graph->thread_count; i++)
        if (graph->threads[i].pid == pid) dot_thread_node(out, scan, &graph->threads[i]);
    out_puts(out, "  }\n");
}


static BOOL scan_has_process(const struct wctdump_scan *scan, DWORD pid)
{
    size_t i;

    for (i = 0; i < scan->process_count; i++)
        if (scan->processes[i].pid == pid) return TRUE;
    return FALSE;
}


static void dot_emit(struct out_buf *out, const struct wctdump_scan *scan, const struct dot_graph *graph)
{
    size_t i;

    out_puts(out, "digraph wct {\n  rankdir=LR;\n  fontname=\"Helvetica\";\n  node [shape=box, fontname=\"Helvetica\"];\n"
             "  edge [fontname=\"Helvetica\"];\n");
    for (i = 0; i < scan->process_count; i++)
        dot_process(out, scan, graph, scan->processes[i].pid, scan->processes[i].name);
    /* Threads of processes outside the scan (a chain crossed into them). */
    for (i = 0; i < graph->thread_count; i++)
        if (!scan_has_process(scan, graph->threads[i].pid))
            dot_process(out, scan, graph, graph->threads[i].pid, NULL);
    for (i = 0; i < graph->object_count; i++) dot_object_node(out, i, &graph->objects[i]);
    for (i = 0; i < graph->edge_count; i++)
    {
        const struct dot_edge *edge = &graph->edges[i];
        const char *style = edge->red ? " [color=\"" DOT_RED "\", penwidth=2]" : "";

        if (edge->from_thread)
            out_printf(out, "  \"t%lu_%lu\" -> \"o%u\"%s;\n", graph->threads[edge->from].pid,
                       graph->threads[edge->from].tid, (unsigned int)edge->to, style);
        else
            out_printf(out, "  \"o%u\" -> \"t%lu_%lu\"%s;\n", (unsigned int)edge->from,
                       graph->threads[edge->to].pid, graph->threads[edge->to].tid, style);
    }
    out_puts(out, "}\n");
}


static BOOL chain_is_drawn(const struct wctdump_chain *chain)
{
    return wctdump_chain_has_nodes(chain) && chain->count >= 2;
}


void wctdump_format_dot(struct out_buf *out, const struct wctdump_scan *scan)
{
    struct dot_graph graph;
    size_t i, nodes = 0;

    memset(&graph, 0, sizeof(graph));
    for (i = 0; i < scan->chain_count; i++)
        if (chain_is_drawn(&scan->chains[i])) nodes += scan->chains[i].count;
    graph.capacity = nodes ? nodes : 1;
    graph.threads = calloc(graph.capacity, sizeof(*graph.threads));
    graph.objects = calloc(graph.capacity, sizeof(*graph.objects));
    graph.edges = calloc(graph.capacity, sizeof(*graph.edges));
    if (!graph.threads || !graph.objects || !graph.edges) out->failed = TRUE;
    else
    {
        for (i = 0; i < scan->chain_count; i++)
            if (chain_is_drawn(&scan->chains[i])) dot_add_chain(&graph, &scan->chains[i]);
        dot_emit(out, scan, &graph);
    }
    free(graph.threads);
    free(graph.objects);
    free(graph.edges);
}

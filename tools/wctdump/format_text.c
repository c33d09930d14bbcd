/*
 * format_text.c - the readable report: per process a header, per thread its wait chain as a
 * tree (each node waits for the one below it), deadlocks marked, and a summary.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   Process 32 wct_demo.exe, 3 threads
 *     32:100 Blocked
 *     `- ThreadWait Blocked
 *        `- 32:104 Blocked
 *           `- Mutex Owned "\Sessions\1\BaseNamedObjects\wct-demo-mutex"
 */

#include "wctdump.h"

#define DEADLOCK_MARKER "*** DEADLOCK ***"

/* Starts the line of the node at depth (0: the chain's own thread). */
static void text_indent(struct out_buf *out, DWORD depth)
{
    out_printf(out, "%*s", (int)(2 + (depth ? 3 * (depth - 1) : 0)), "");
    if (depth) out_puts(out, "`- ");
}


static void text_node(struct out_buf *out, const WAITCHAIN_NODE_INFO *node)
{
    if (node->ObjectType == WctThreadType)
    {
        out_printf(out, "%lu:%lu %s", node->ThreadObject.ProcessId, node->ThreadObject.ThreadId,
                   wctdump_status_name(node->ObjectStatus));
        if (node->ThreadObject.WaitTime || node->ThreadObject.ContextSwitches)
            out_printf(out, " (waiting %lu ms, %lu context switches)",
                       node->ThreadObject.WaitTime, node->ThreadObject.ContextSwitches);
        return;
    }
    out_printf(out, "%s %s", wctdump_type_name(node->ObjectType),
               wctdump_status_name(node->ObjectStatus));
    if (node->LockObject.ObjectName[0])
    {
        out_puts(out, " \"");
        out_text_utf16(out, node->LockObject.ObjectName, WCT_OBJNAME_LENGTH);
        out_puts(out, "\"");
    }
}


/* The line after the last node: why the chain ends there, when that needs saying. */
static void text_chain_end(struct out_buf *out, const struct wctdump_chain *chain)
{
    const WAITCHAIN_NODE_INFO *last = &chain->nodes[chain->count - 1];

    if (chain->is_cycle)
    {
        text_indent(out, chain->count);
        out_puts(out, DEADLOCK_MARKER);
        if (last->ObjectType == WctThreadType)
            out_printf(out, " %lu:%lu comes round again: the threads of this cycle wait for "
                       "each other", last->ThreadObject.ProcessId, last->ThreadObject.ThreadId);
        out_puts(out, "\n");
    }
    if (chain->error == ERROR_TOO_MANY_THREADS)
    {
        text_indent(out, chain->count);
        out_printf(out, "... the chain goes on (longer than %u nodes)\n", WCT_MAX_NODE_COUNT);
    }
}


static void text_error(struct out_buf *out, DWORD error)
{
    const char *name = wctdump_error_name(error);

    if (name) out_printf(out, "cannot inspect: %s", name);
    else out_printf(out, "cannot inspect: error %lu", error);
}


static void text_chain(struct out_buf *out, const struct wctdump_chain *chain)
{
    DWORD i;

    if (!wctdump_chain_has_nodes(chain))
    {
        text_indent(out, 0);
        out_printf(out, "%lu:%lu (", chain->pid, chain->tid);
        text_error(out, chain->error);
        out_puts(out, ")\n");
        return;
    }
    for (i = 0; i < chain->count; i++)
    {
        text_indent(out, i);
        text_node(out, &chain->nodes[i]);
        out_puts(out, "\n");
    }
    if (chain->count) text_chain_end(out, chain);
}


static size_t reported_chains(const struct wctdump_scan *scan, const struct wctdump_process *process)
{
    size_t i, count = 0;

    for (i = 0; i < process->count; i++)
        if (wctdump_chain_is_reported(&scan->chains[process->first + i])) count++;
    return count;
}


static void text_process(struct out_buf *out, const struct wctdump_scan *scan,
                         const struct wctdump_process *process)
{
    size_t i, count = reported_chains(scan, process);

    out_printf(out, "Process %lu ", process->pid);
    out_text_utf16(out, process->name, MAX_PATH);
    out_printf(out, ", %u thread%s\n", (unsigned int)count, count == 1 ? "" : "s");
    for (i = 0; i < process->count; i++)
    {
        const struct wctdump_chain *chain = &scan->chains[process->first + i];
        if (wctdump_chain_is_reported(chain)) text_chain(out, chain);
    }
}


static void text_summary(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t threads = wctdump_reported_threads(scan);
    size_t deadlocked = wctdump_deadlocked_threads(scan);

    out_printf(out, "\n%u process%s, %u thread%s", (unsigned int)scan->process_count,
               scan->process_count == 1 ? "" : "es", (unsigned int)threads, threads == 1 ? "" : "s");
    if (threads != scan->chain_count)
        out_printf(out, " (%u exited during the scan)", (unsigned int)(scan->chain_count - threads));
    if (deadlocked)
        out_printf(out, ": " DEADLOCK_MARKER " %u thread%s in a deadlocked chain\n",
                   (unsigned int)deadlocked, deadlocked == 1 ? "" : "s");
    else
        out_puts(out, ": no deadlock\n");
}


void wctdump_format_text(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t i;

    for (i = 0; i < scan->process_count; i++)
        text_process(out, scan, &scan->processes[i]);
    text_summary(out, scan);
}

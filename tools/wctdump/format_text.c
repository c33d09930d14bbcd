/*
 * format_text.c - the readable report: per process a header, per thread its wait chain as a
 * tree (each node waits for the one below it), deadlocks marked, and a summary.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   Process 32 wct_demo.exe, 3 threads
 *     32:100 Blocked "mutex-waiter"
 *     `- ThreadWait Blocked
 *        `- 32:104 Blocked
 *           `- Mutex Owned "\Sessions\1\BaseNamedObjects\wct-demo-mutex"
 *     stack (read while the thread was in this wait):
 *       #0 ntdll.dll+0x1a2b0 NtWaitForMultipleObjects+0x14
 *       #3 wct_demo.exe+0x1620 mutex_waiter_proc+0x3c
 *
 * A thread's description (SetThreadDescription) follows its status in quotes; after
 * --watch the chain's first line says how long wctdump saw the wait.
 */

#include "wctdump.h"

#define DEADLOCK_MARKER "*** DEADLOCK ***"

/* Starts the line of the node at depth (0: the chain's own thread). */
static void text_indent(struct out_buf *out, DWORD depth)
{
    out_printf(out, "%*s", (int)(2 + (depth ? 3 * (depth - 1) : 0)), "");
    if (depth) out_puts(out, "`- ");
}


/* The description of a thread of the scan, or NULL. */
static const WCHAR *text_description(const struct wctdump_scan *scan, DWORD pid, DWORD tid)
{
    size_t i;

    for (i = 0; i < scan->chain_count; i++)
        if (scan->chains[i].tid == tid && scan->chains[i].pid == pid)
            return scan->chains[i].description[0] ? scan->chains[i].description : NULL;
    return NULL;
}


static void text_node(struct out_buf *out, const struct wctdump_scan *scan,
                      const WAITCHAIN_NODE_INFO *node)
{
    const WCHAR *description;

    if (node->ObjectType == WctThreadType)
    {
        out_printf(out, "%lu:%lu %s", node->ThreadObject.ProcessId, node->ThreadObject.ThreadId,
                   wctdump_status_name(node->ObjectStatus));
        if ((description = text_description(scan, node->ThreadObject.ProcessId,
                                            node->ThreadObject.ThreadId)))
        {
            out_puts(out, " \"");
            out_text_utf16(out, description, WCTDUMP_DESCRIPTION_LENGTH);
            out_puts(out, "\"");
        }
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


/* Seconds with one decimal, rounded down: the seen time is a lower bound. */
static void text_seconds(struct out_buf *out, DWORD ms)
{
    out_printf(out, "%lu.%lu s", ms / 1000, ms % 1000 / 100);
}


static void text_frame(struct out_buf *out, DWORD index, const struct wctdump_frame *frame)
{
    out_printf(out, "      #%lu ", index);
    if (frame->module[0])
    {
        out_text_utf16(out, frame->module, WCTDUMP_FRAME_TEXT_LENGTH);
        out_printf(out, "+0x%llx", (unsigned long long)frame->module_offset);
    }
    else out_printf(out, "0x%llx", (unsigned long long)frame->address);
    if (frame->symbol[0])
    {
        out_puts(out, " ");
        out_text_utf16(out, frame->symbol, WCTDUMP_FRAME_TEXT_LENGTH);
        out_printf(out, "+0x%llx", (unsigned long long)frame->symbol_offset);
    }
    out_puts(out, "\n");
}


static void text_stack(struct out_buf *out, const struct wctdump_stack *stack)
{
    DWORD i;

    if (stack->error)
    {
        out_puts(out, "    stack: not read (");
        text_error(out, stack->error);
        out_puts(out, ")\n");
        return;
    }
    if (stack->current) out_puts(out, "    stack (read while the thread was in this wait):\n");
    else out_puts(out, "    stack (may be stale: the thread's wait changed around the read):\n");
    for (i = 0; i < stack->count; i++) text_frame(out, i, &stack->frames[i]);
}


static void text_chain(struct out_buf *out, const struct wctdump_scan *scan,
                       const struct wctdump_chain *chain)
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
        text_node(out, scan, &chain->nodes[i]);
        if (!i && chain->seen_ms)
        {
            out_puts(out, ", seen in this wait for ");
            text_seconds(out, chain->seen_ms);
            out_puts(out, " (at least)");
        }
        out_puts(out, "\n");
    }
    if (chain->count) text_chain_end(out, chain);
    if (chain->stack) text_stack(out, chain->stack);
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
        if (wctdump_chain_is_reported(chain)) text_chain(out, scan, chain);
    }
}


/* --watch: what the report covers, before it. */
static void text_watch_header(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t threads = wctdump_reported_threads(scan);

    out_puts(out, scan->interrupted ? "Interrupted after " : "Watched ");
    text_seconds(out, scan->watched_ms);
    out_printf(out, " (%lu samples): ", scan->samples);
    if (scan->interrupted)
        out_printf(out, "%u thread%s seen waiting, each with how long its wait was seen\n",
                   (unsigned int)threads, threads == 1 ? "" : "s");
    else
        out_printf(out, "%u thread%s kept the same wait (thread, object, owner) all along\n",
                   (unsigned int)threads, threads == 1 ? "" : "s");
}


static void text_summary(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t threads = wctdump_reported_threads(scan);
    size_t deadlocked = wctdump_deadlocked_threads(scan);

    if (scan->samples)
    {
        if (deadlocked)
            out_printf(out, "\n" DEADLOCK_MARKER " %u thread%s in a deadlocked chain\n",
                       (unsigned int)deadlocked, deadlocked == 1 ? "" : "s");
        else if (wctdump_exit_status(scan) == WCTDUMP_EXIT_HANG)
            out_printf(out, "\n*** HANG *** %u thread%s kept the same wait, no deadlock\n",
                       (unsigned int)threads, threads == 1 ? "" : "s");
        else if (scan->interrupted)
            out_puts(out, "\nno deadlock; interrupted before a hang could be established\n");
        else
            out_puts(out, "\nno deadlock, no wait that stayed the same\n");
        return;
    }

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

    if (scan->samples) text_watch_header(out, scan);
    for (i = 0; i < scan->process_count; i++)
        text_process(out, scan, &scan->processes[i]);
    text_summary(out, scan);
}

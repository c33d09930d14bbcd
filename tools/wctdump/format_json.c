/*
 * format_json.c - the report as one JSON document, for machines. Names are UTF-8, escaped.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   {"flags": 7, "session": "sync", "implementation": "builtin", "processes": [
 *     {"pid": 32, "name": "wct_demo.exe", "threads": [
 *       {"tid": 100, "error": null, "errorCode": 0, "cycle": false, "truncated": false,
 *        "nodes": [
 *         {"type": "Thread", "status": "Blocked", "pid": 32, "tid": 100, "waitTime": 0,
 *          "contextSwitches": 0},
 *         {"type": "Mutex", "status": "Owned", "name": "wct-demo-mutex"}]}]}],
 *    "threads": 1, "exited": 0, "deadlockedThreads": 0, "deadlock": false}
 */

#include "wctdump.h"

static void json_string_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    out_puts(out, "\"");
    out_escaped_utf16(out, text, max_chars);
    out_puts(out, "\"");
}


static void json_node(struct out_buf *out, const WAITCHAIN_NODE_INFO *node)
{
    out_printf(out, "{\"type\": \"%s\", \"status\": \"%s\", ", wctdump_type_name(node->ObjectType),
               wctdump_status_name(node->ObjectStatus));
    if (node->ObjectType == WctThreadType)
    {
        out_printf(out, "\"pid\": %lu, \"tid\": %lu, \"waitTime\": %lu, \"contextSwitches\": %lu}",
                   node->ThreadObject.ProcessId, node->ThreadObject.ThreadId,
                   node->ThreadObject.WaitTime, node->ThreadObject.ContextSwitches);
        return;
    }
    out_puts(out, "\"name\": ");
    json_string_utf16(out, node->LockObject.ObjectName, WCT_OBJNAME_LENGTH);
    out_puts(out, "}");
}


static void json_error(struct out_buf *out, DWORD error)
{
    const char *name = wctdump_error_name(error);

    if (error == ERROR_SUCCESS) out_puts(out, "\"error\": null");
    else if (name) out_printf(out, "\"error\": \"%s\"", name);
    else out_printf(out, "\"error\": \"error %lu\"", error);
    out_printf(out, ", \"errorCode\": %lu", error);
}


static void json_stack(struct out_buf *out, const struct wctdump_stack *stack)
{
    DWORD i;

    out_puts(out, ",\n         \"stack\": {");
    json_error(out, stack->error);
    out_printf(out, ", \"current\": %s, \"frames\": [", stack->current ? "true" : "false");
    for (i = 0; i < stack->count; i++)
    {
        const struct wctdump_frame *frame = &stack->frames[i];

        out_printf(out, "%s{\"address\": %llu, \"module\": \"", i ? ",\n           " : "\n           ",
                   (unsigned long long)frame->address);
        out_escaped_utf16(out, frame->module, WCTDUMP_FRAME_TEXT_LENGTH);
        out_printf(out, "\", \"moduleOffset\": %llu, \"function\": \"",
                   (unsigned long long)frame->module_offset);
        out_escaped_utf16(out, frame->symbol, WCTDUMP_FRAME_TEXT_LENGTH);
        out_printf(out, "\", \"functionOffset\": %llu, \"ownCode\": %s}",
                   (unsigned long long)frame->symbol_offset, frame->own_code ? "true" : "false");
    }
    out_puts(out, "]}");
}


/* What wctdump adds to a chain: the thread's description, how long --watch saw its wait
 * (seenMs: a lower bound, not the system's wait time), its call stack (--stacks). */
static void json_chain_extras(struct out_buf *out, const struct wctdump_chain *chain)
{
    if (chain->description[0])
    {
        out_puts(out, ", \"description\": ");
        json_string_utf16(out, chain->description, WCTDUMP_DESCRIPTION_LENGTH);
    }
    if (chain->seen_ms) out_printf(out, ", \"seenMs\": %lu", chain->seen_ms);
    if (chain->stack) json_stack(out, chain->stack);
}


static void json_chain(struct out_buf *out, const struct wctdump_chain *chain)
{
    BOOL has_nodes = wctdump_chain_has_nodes(chain);
    DWORD i, count = has_nodes ? chain->count : 0;

    out_printf(out, "        {\"tid\": %lu, ", chain->tid);
    json_error(out, chain->error);
    out_printf(out, ", \"cycle\": %s, \"truncated\": %s, \"nodes\": [",
               has_nodes && chain->is_cycle ? "true" : "false",
               chain->error == ERROR_TOO_MANY_THREADS ? "true" : "false");
    for (i = 0; i < count; i++)
    {
        out_puts(out, i ? ",\n          " : "\n          ");
        json_node(out, &chain->nodes[i]);
    }
    out_puts(out, "]");
    json_chain_extras(out, chain);
    out_puts(out, "}");
}


static void json_process(struct out_buf *out, const struct wctdump_scan *scan,
                         const struct wctdump_process *process)
{
    size_t i;
    BOOL first = TRUE;

    out_printf(out, "    {\"pid\": %lu, \"name\": ", process->pid);
    json_string_utf16(out, process->name, MAX_PATH);
    out_puts(out, ", \"threads\": [");
    for (i = 0; i < process->count; i++)
    {
        const struct wctdump_chain *chain = &scan->chains[process->first + i];
        if (!wctdump_chain_is_reported(chain)) continue;
        out_puts(out, first ? "\n" : ",\n");
        json_chain(out, chain);
        first = FALSE;
    }
    out_puts(out, "]}");
}


static void json_summary(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t threads = wctdump_reported_threads(scan);
    size_t deadlocked = wctdump_deadlocked_threads(scan);

    if (scan->samples)
        out_printf(out, "  \"watchedMs\": %lu,\n  \"samples\": %lu,\n  \"interrupted\": %s,\n",
                   scan->watched_ms, scan->samples, scan->interrupted ? "true" : "false");
    out_printf(out, "  \"threads\": %u,\n  \"exited\": %u,\n  \"deadlockedThreads\": %u,\n"
               "  \"deadlock\": %s\n", (unsigned int)threads,
               (unsigned int)(scan->chain_count - threads), (unsigned int)deadlocked,
               deadlocked ? "true" : "false");
}


/* Which WCT answered: wct.dll's own export says ("builtin", "system" or "none"); without
 * wct.dll the calls went to the system's advapi32.dll. */
static const char *json_implementation(void)
{
    HMODULE wct = GetModuleHandleW(L"wct.dll");
    FARPROC get = wct ? GetProcAddress(wct, "WctGetImplementation") : NULL;

    return get ? ((const char *(WINAPI *)(void))(void *)get)() : "system";
}


void wctdump_format_json(struct out_buf *out, const struct wctdump_scan *scan)
{
    size_t i;

    out_printf(out, "{\n  \"flags\": %lu,\n  \"session\": \"%s\",\n  \"implementation\": \"%s\","
               "\n  \"processes\": [", scan->flags, scan->async ? "async" : "sync",
               json_implementation());
    for (i = 0; i < scan->process_count; i++)
    {
        out_puts(out, i ? ",\n" : "\n");
        json_process(out, scan, &scan->processes[i]);
    }
    out_puts(out, "],\n");
    json_summary(out, scan);
    out_puts(out, "}\n");
}

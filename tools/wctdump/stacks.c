/*
 * stacks.c - the call stack of each blocked thread, read from the other process: the
 * thread's context (GetThreadContext alone: the thread is never suspended), then dbghelp's
 * StackWalk64 with ReadProcessMemory, and SymFromAddr for the names.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Bounds: WCTDUMP_MAX_FRAMES frames, and a time budget per thread that the memory reader
 * checks (a walk past its budget stops and says so). A thread that is not suspended may
 * move while its stack is read: after the walk its wait chain is asked again, and a stack
 * is marked current only when the chain before and after the read is the same wait.
 * The whole reading runs on a thread of its own that wctdump waits for, bounded: dbghelp
 * stuck in a target's odd memory cannot hang wctdump.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <dbghelp.h>
#include "wctdump.h"

#define STACK_BUDGET_MS      2000  /* per thread */
#define STACKS_WAIT_BASE_MS  10000 /* for all of them: a base plus the per-thread budget */
#define SYMBOL_NAME_LENGTH   256

/* One reading: the scan's chains and a deadline the memory reader checks. */
struct stack_job
{
    struct wctdump_scan *scan;
    volatile LONG abandoned; /* set when wctdump stopped waiting: publish nothing more */
};

/* dbghelp is not thread-safe and its process key is the handle: one walk at a time, and
 * the deadline of the walk under way (read by the memory callback). */
static ULONGLONG walk_deadline;


static BOOL CALLBACK read_target_memory(HANDLE process, DWORD64 base, PVOID buffer, DWORD size,
                                        LPDWORD read)
{
    SIZE_T done = 0;
    BOOL ok;

    if (GetTickCount64() > walk_deadline) return FALSE;
    ok = ReadProcessMemory(process, (LPCVOID)(ULONG_PTR)base, buffer, size, &done);
    *read = (DWORD)done;
    return ok || done == size;
}


/* The file name of a full path. */
static const WCHAR *file_part(const WCHAR *path)
{
    const WCHAR *name = path, *p;

    for (p = path; *p; p++)
        if (*p == '\\' || *p == '/') name = p + 1;
    return name;
}


static void describe_frame(HANDLE process, const WCHAR *image, struct wctdump_frame *frame)
{
    union
    {
        SYMBOL_INFOW info;
        char bytes[sizeof(SYMBOL_INFOW) + SYMBOL_NAME_LENGTH * sizeof(WCHAR)];
    } symbol;
    IMAGEHLP_MODULEW64 module;
    DWORD64 displacement = 0;
    const WCHAR *name;

    memset(&module, 0, sizeof(module));
    module.SizeOfStruct = sizeof(module);
    if (SymGetModuleInfoW64(process, frame->address, &module))
    {
        name = file_part(module.ImageName[0] ? module.ImageName : module.ModuleName);
        lstrcpynW(frame->module, name, WCTDUMP_FRAME_TEXT_LENGTH);
        frame->module_offset = frame->address - module.BaseOfImage;
        frame->own_code = image[0] && !_wcsicmp(name, image);
    }
    memset(&symbol, 0, sizeof(symbol));
    symbol.info.SizeOfStruct = sizeof(SYMBOL_INFOW);
    symbol.info.MaxNameLen = SYMBOL_NAME_LENGTH;
    if (SymFromAddrW(process, frame->address, &displacement, &symbol.info))
    {
        lstrcpynW(frame->symbol, symbol.info.Name, WCTDUMP_FRAME_TEXT_LENGTH);
        frame->symbol_offset = displacement;
    }
}


/* Frames from the wait down to the end of the first run of the program's own code; all of
 * them when the walk never reached the program's code. */
static DWORD frames_to_show(const struct wctdump_stack *stack)
{
    DWORD i;
    BOOL seen_own = FALSE;

    for (i = 0; i < stack->count; i++)
    {
        if (stack->frames[i].own_code) seen_own = TRUE;
        else if (seen_own) return i;
    }
    return stack->count;
}


static DWORD walk_thread(HANDLE process, HANDLE thread, const WCHAR *image,
                         struct wctdump_stack *stack)
{
    STACKFRAME64 frame;
    CONTEXT context;
    DWORD machine;

    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    /* No SuspendThread: the thread is blocked, and a stale stack is caught afterwards. */
    if (!GetThreadContext(thread, &context)) return GetLastError();

    memset(&frame, 0, sizeof(frame));
#ifdef _WIN64
    machine = IMAGE_FILE_MACHINE_AMD64;
    frame.AddrPC.Offset = context.Rip;
    frame.AddrStack.Offset = context.Rsp;
    frame.AddrFrame.Offset = context.Rbp;
#else
    machine = IMAGE_FILE_MACHINE_I386;
    frame.AddrPC.Offset = context.Eip;
    frame.AddrStack.Offset = context.Esp;
    frame.AddrFrame.Offset = context.Ebp;
#endif
    frame.AddrPC.Mode = frame.AddrStack.Mode = frame.AddrFrame.Mode = AddrModeFlat;

    walk_deadline = GetTickCount64() + STACK_BUDGET_MS;
    while (stack->count < WCTDUMP_MAX_FRAMES)
    {
        struct wctdump_frame *out = &stack->frames[stack->count];

        if (!StackWalk64(machine, process, thread, &frame, &context, read_target_memory,
                         SymFunctionTableAccess64, SymGetModuleBase64, NULL))
            break;
        if (!frame.AddrPC.Offset) break;
        out->address = frame.AddrPC.Offset;
        describe_frame(process, image, out);
        stack->count++;
    }
    if (!stack->count) return GetTickCount64() > walk_deadline ? ERROR_TIMEOUT : ERROR_PARTIAL_COPY;
    stack->count = frames_to_show(stack);
    return ERROR_SUCCESS;
}


static BOOL is_blocked(const struct wctdump_chain *chain)
{
    return wctdump_chain_has_nodes(chain) && chain->count
        && chain->nodes[0].ObjectType == WctThreadType
        && chain->nodes[0].ObjectStatus == WctStatusBlocked;
}


/* A 64-bit wctdump does not walk a 32-bit process's threads (nor the reverse). */
static BOOL same_bitness(HANDLE process)
{
    BOOL target = FALSE, self = FALSE;

    if (!IsWow64Process(process, &target) || !IsWow64Process(GetCurrentProcess(), &self))
        return FALSE;
    return target == self;
}


static struct wctdump_stack *read_one(HANDLE process, const WCHAR *image,
                                      const struct wctdump_chain *chain)
{
    struct wctdump_stack *stack = calloc(1, sizeof(*stack));
    HANDLE thread;

    if (!stack) return NULL;
    thread = OpenThread(THREAD_GET_CONTEXT | THREAD_QUERY_INFORMATION, FALSE, chain->tid);
    if (!thread) stack->error = GetLastError();
    else
    {
        stack->error = walk_thread(process, thread, image, stack);
        CloseHandle(thread);
    }
    if (stack->error) stack->count = 0;
    return stack;
}


/* Asks the chain of each thread whose stack was read again: the stack is current when the
 * wait did not change around the read. */
static void check_still_waiting(struct wctdump_scan *scan, const BOOL *read)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    struct wctdump_chain again;
    size_t i;

    if (!session) return;
    for (i = 0; i < scan->chain_count; i++)
    {
        struct wctdump_chain *chain = &scan->chains[i];

        if (!read[i] || !chain->stack || chain->stack->error) continue;
        memset(&again, 0, sizeof(again));
        again.pid = chain->pid;
        again.tid = chain->tid;
        again.count = WCT_MAX_NODE_COUNT;
        if (GetThreadWaitChain(session, 0, scan->flags, chain->tid, &again.count, again.nodes,
                               &again.is_cycle))
            chain->stack->current = wctdump_same_wait(chain, &again)
                                    && again.count == chain->count;
    }
    CloseThreadWaitChainSession(session);
}


static void read_process_stacks(struct stack_job *job, const struct wctdump_process *process,
                                BOOL *read)
{
    struct wctdump_scan *scan = job->scan;
    HANDLE handle;
    size_t i;

    for (i = 0; i < process->count; i++)
        if (is_blocked(&scan->chains[process->first + i])) break;
    if (i == process->count) return;
    handle = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, process->pid);
    if (!handle || !same_bitness(handle)
        || !SymInitializeW(handle, NULL, TRUE))
    {
        if (handle) CloseHandle(handle);
        return;
    }
    for (i = 0; i < process->count && !job->abandoned; i++)
    {
        struct wctdump_chain *chain = &scan->chains[process->first + i];
        struct wctdump_stack *stack;

        if (!is_blocked(chain)) continue;
        stack = read_one(handle, process->name, chain);
        /* Published whole: the formatter sees NULL or a finished stack. */
        if (stack && !InterlockedCompareExchangePointer((void **)&chain->stack, stack, NULL))
            read[process->first + i] = TRUE;
        else
            free(stack);
    }
    SymCleanup(handle);
    CloseHandle(handle);
}


static DWORD WINAPI stacks_thread(void *param)
{
    struct stack_job *job = param;
    struct wctdump_scan *scan = job->scan;
    BOOL *read = calloc(scan->chain_count ? scan->chain_count : 1, sizeof(*read));
    size_t i;

    if (!read) return ERROR_NOT_ENOUGH_MEMORY;
    SymSetOptions(SYMOPT_DEFERRED_LOADS | SYMOPT_UNDNAME | SYMOPT_FAIL_CRITICAL_ERRORS
                  | SYMOPT_NO_PROMPTS);
    for (i = 0; i < scan->process_count && !job->abandoned; i++)
        read_process_stacks(job, &scan->processes[i], read);
    if (!job->abandoned) check_still_waiting(scan, read);
    free(read);
    return 0;
}


/*
 * wctdump_read_stacks: fills chain->stack for every blocked thread it can read. Waits for
 * the reading thread at most a base plus STACK_BUDGET_MS per blocked thread; past that, the
 * stacks read so far are kept and the thread is left behind (it ends with the process).
 */
void wctdump_read_stacks(struct wctdump_scan *scan)
{
    static struct stack_job job; /* outlives an abandoned reader */
    DWORD timeout = STACKS_WAIT_BASE_MS;
    HANDLE thread;
    size_t i;

    for (i = 0; i < scan->chain_count; i++)
        if (is_blocked(&scan->chains[i]) && timeout < 600000) timeout += STACK_BUDGET_MS;
    job.scan = scan;
    job.abandoned = 0;
    if (!(thread = CreateThread(NULL, 0, stacks_thread, &job, 0, NULL))) return;
    if (WaitForSingleObject(thread, timeout) != WAIT_OBJECT_0)
    {
        InterlockedExchange(&job.abandoned, 1);
        fprintf(stderr, "wctdump: reading the call stacks took more than %lu ms: showing what "
                "was read\n", timeout);
        scan->stacks_abandoned = TRUE;
    }
    CloseHandle(thread);
}

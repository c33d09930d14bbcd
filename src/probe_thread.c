/*
 * probe_thread.c - opening a thread, its state, and a copy of it taken while suspended.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The suspended window (probe_thread_capture) is the one dangerous place of the probe: the
 * target may hold any user-mode lock (heap, loader, CRT), so between SuspendThread and
 * ResumeThread only system calls that take no user-mode lock are made (GetThreadContext,
 * ReadProcessMemory) and nothing is allocated, printed or looked up. Everything the window
 * needs (stack bounds, process handle) is prepared before it.
 */

#include <string.h>

#include "probe_internal.h"

/* SYNCHRONIZE: an exited thread is recognised by being signalled. */
#define PROBE_THREAD_ACCESS \
    (THREAD_QUERY_LIMITED_INFORMATION | THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | SYNCHRONIZE)

/* Windows' KTHREAD_STATE Waiting, as SystemProcessInformation reports it. */
#define PROBE_THREAD_STATE_WAITING 5

/***********************************************************************
 *      thread_has_exited   (internal)
 *
 * An exited thread can still be opened while some handle keeps its object alive; it is
 * signalled then, and the probe treats it as gone.
 */
static BOOL thread_has_exited(HANDLE thread)
{
    return WaitForSingleObject(thread, 0) == WAIT_OBJECT_0;
}

DWORD probe_thread_open(DWORD thread_id, HANDLE *handle, struct probe_thread *thread)
{
    HANDLE opened = OpenThread(PROBE_THREAD_ACCESS, FALSE, thread_id);

    *handle = NULL;
    if (!opened)
    {
        HANDLE limited;

        if (GetLastError() != ERROR_ACCESS_DENIED) return ERROR_OBJECT_NOT_FOUND;
        /* It exists; say which process it belongs to if that much is allowed. */
        limited = OpenThread(THREAD_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, thread_id);
        if (!limited) limited = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, thread_id);
        if (limited)
        {
            thread->process_id = GetProcessIdOfThread(limited);
            CloseHandle(limited);
        }
        return ERROR_ACCESS_DENIED;
    }
    if (thread_has_exited(opened))
    {
        CloseHandle(opened);
        return ERROR_OBJECT_NOT_FOUND;
    }
    thread->process_id = GetProcessIdOfThread(opened);
    *handle = opened;
    return ERROR_SUCCESS;
}

/* ---- the system's thread states (Windows) ----------------------------------------------- */

/***********************************************************************
 *      snapshot_take   (internal)
 *
 * One SystemProcessInformation snapshot for the walk (the only per-thread state query NT
 * has); NULL if it cannot be taken.
 */
static void *snapshot_take(const struct probe_nt *nt)
{
    ULONG size = 256 * 1024, needed = 0;
    void *buffer;
    NTSTATUS status;

    for (;;)
    {
        if (!(buffer = HeapAlloc(GetProcessHeap(), 0, size))) return NULL;
        status = nt->pNtQuerySystemInformation(SystemProcessInformation, buffer, size, &needed);
        if (status != STATUS_INFO_LENGTH_MISMATCH) break;
        HeapFree(GetProcessHeap(), 0, buffer);
        size = (needed > size ? needed : size) + 64 * 1024;
    }
    if (status)
    {
        HeapFree(GetProcessHeap(), 0, buffer);
        return NULL;
    }
    return buffer;
}

/***********************************************************************
 *      snapshot_find   (internal)
 *
 * The snapshot's entry for thread_id of process_id. The thread array follows each
 * SYSTEM_PROCESS_INFORMATION; its count is the ULONG right after NextEntryOffset
 * (NumberOfThreads in Microsoft's documentation of NtQuerySystemInformation, Reserved1
 * in Wine's header).
 */
static const SYSTEM_THREAD_INFORMATION *snapshot_find(const void *snapshot, DWORD process_id,
                                                      DWORD thread_id)
{
    const BYTE *entry = snapshot;

    for (;;)
    {
        const SYSTEM_PROCESS_INFORMATION *process = (const SYSTEM_PROCESS_INFORMATION *)entry;

        if ((DWORD)(ULONG_PTR)process->UniqueProcessId == process_id)
        {
            const SYSTEM_THREAD_INFORMATION *threads = (const void *)(process + 1);
            ULONG count, i;

            memcpy(&count, process->Reserved1, sizeof(count));
            for (i = 0; i < count; i++)
                if ((DWORD)(ULONG_PTR)threads[i].ClientId.UniqueThread == thread_id)
                    return &threads[i];
            return NULL;
        }
        if (!process->NextEntryOffset) return NULL;
        entry += process->NextEntryOffset;
    }
}

BOOL probe_thread_os_state(const struct probe_nt *nt, struct probe_walk *walk,
                           struct probe_thread *thread, BOOL *waiting)
{
    const SYSTEM_THREAD_INFORMATION *info;
    void *snapshot;
    BOOL found;

    /* Wine fills ThreadState, WaitTime and ContextSwitches with 0 for every thread
     * (tests/test_wine_facts.c), so a snapshot there would cost much and say nothing. */
    if (nt->is_wine) return FALSE;
    if (walk)
    {
        if (!walk->snapshot_tried) walk->snapshot = snapshot_take(nt);
        walk->snapshot_tried = TRUE;
        snapshot = walk->snapshot;
    }
    else snapshot = snapshot_take(nt);
    if (!snapshot) return FALSE;

    info = snapshot_find(snapshot, thread->process_id, thread->thread_id);
    found = info != NULL;
    if (found)
    {
        *waiting = info->dwThreadState == PROBE_THREAD_STATE_WAITING;
        thread->wait_time = info->dwTickCount; /* WaitTime, in ticks */
        thread->context_switches = info->dwContextSwitches;
    }
    if (!walk) HeapFree(GetProcessHeap(), 0, snapshot);
    return found;
}

/* ---- the suspended window ------------------------------------------------------------- */

BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    SIZE_T done = 0;

    /* ReadProcessMemory even in the caller's own process: the address comes from another
     * thread's registers or stack, and the call fails cleanly where a direct read would
     * fault. It is a plain system call (no user-mode lock, no allocation). */
    if (!process) return FALSE;
    return ReadProcessMemory(process, (const void *)address, buffer, size, &done) && done == size;
}

/***********************************************************************
 *      thread_stack_base   (internal)
 *
 * The top (highest address) of the thread's stack, from its TEB: the stack copy never
 * reads past it. 0 if unknown.
 */
static ULONG_PTR thread_stack_base(const struct probe_nt *nt, HANDLE thread, HANDLE process)
{
    THREAD_BASIC_INFORMATION basic;
    NT_TIB tib;

    if (nt->pNtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic), NULL))
        return 0;
    if (!probe_read_memory(process, (ULONG_PTR)basic.TebBaseAddress, &tib, sizeof(tib))) return 0;
    return (ULONG_PTR)tib.StackBase;
}

/***********************************************************************
 *      capture_registers   (internal)
 *
 * The registers that survive a system call. On x86_64 Wine the first argument (Rcx, copied
 * to R10 by the stub) is lost and the second (Rdx) kept (tests/test_wine_facts.c); on i686
 * the arguments are on the stack, above the stub's and its caller's return addresses.
 */
static void capture_registers(const CONTEXT *context, struct probe_capture *capture)
{
#if defined(__x86_64__)
    capture->ip = context->Rip;
    capture->sp = context->Rsp;
    capture->arg[0] = context->R10; /* the stub's copy of Rcx: 0 on Wine, see probe_win.c */
    capture->arg[1] = context->Rdx;
    capture->nonvolatile[0] = context->Rbx;
    capture->nonvolatile[1] = context->Rbp;
    capture->nonvolatile[2] = context->Rsi;
    capture->nonvolatile[3] = context->Rdi;
    capture->nonvolatile[4] = context->R12;
    capture->nonvolatile[5] = context->R13;
    capture->nonvolatile[6] = context->R14;
    capture->nonvolatile[7] = context->R15;
#elif defined(__i386__)
    capture->ip = context->Eip;
    capture->sp = context->Esp;
    capture->nonvolatile[0] = context->Ebx;
    capture->nonvolatile[1] = context->Ebp;
    capture->nonvolatile[2] = context->Esi;
    capture->nonvolatile[3] = context->Edi;
#else
#error "the probe knows x86_64 and i686 contexts only"
#endif
}

/***********************************************************************
 *      capture_stack   (internal)
 *
 * Copies the top of the suspended thread's stack, bounded by its stack base.
 */
static void capture_stack(HANDLE process, ULONG_PTR stack_base, struct probe_capture *capture)
{
    SIZE_T words = process ? PROBE_STACK_WORDS : 0;

    if (stack_base && capture->sp < stack_base
        && (stack_base - capture->sp) / sizeof(ULONG_PTR) < words)
        words = (stack_base - capture->sp) / sizeof(ULONG_PTR);
    /* Without a known base, halve until the read stays inside mapped memory. */
    for (; words; words /= 2)
        if (probe_read_memory(process, capture->sp, capture->stack, words * sizeof(ULONG_PTR)))
            break;
    capture->stack_words = (unsigned int)words;
#if defined(__i386__)
    if (words > PROBE_I386_FIRST_ARG_WORD + 1)
    {
        capture->arg[0] = capture->stack[PROBE_I386_FIRST_ARG_WORD];
        capture->arg[1] = capture->stack[PROBE_I386_FIRST_ARG_WORD + 1];
    }
#endif
}

/***********************************************************************
 *      capture_suspended   (internal)
 *
 * The suspended window itself. No allocation, no lock, no trace from here to ResumeThread,
 * which every path reaches.
 */
static BOOL capture_suspended(HANDLE thread, HANDLE process, ULONG_PTR stack_base,
                              struct probe_capture *capture)
{
    CONTEXT context;
    BOOL ok;

    if (SuspendThread(thread) == (DWORD)-1) return FALSE;
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if ((ok = GetThreadContext(thread, &context)))
    {
        capture_registers(&context, capture);
        capture_stack(process, stack_base, capture);
    }
    ResumeThread(thread);
    return ok;
}

BOOL probe_thread_capture(const struct probe_nt *nt, HANDLE thread, HANDLE process,
                          BOOL same_process, struct probe_capture *capture)
{
    ULONG_PTR stack_base;

    memset(capture, 0, sizeof(*capture));
    if (same_process) process = GetCurrentProcess();
    /* Without a process handle (another process that cannot be opened for reading) only
     * the registers are captured. */
    stack_base = process ? thread_stack_base(nt, thread, process) : 0;
    if (!capture_suspended(thread, process, stack_base, capture)) return FALSE;
    capture->syscall = probe_nt_syscall_at(nt, capture->ip);
    return TRUE;
}

BOOL probe_thread_same_wait(const struct probe_nt *nt, HANDLE thread, HANDLE process,
                            BOOL same_process, const struct probe_capture *capture)
{
    struct probe_capture again;

    if (!probe_thread_capture(nt, thread, process, same_process, &again)) return FALSE;
    return again.syscall == capture->syscall && again.ip == capture->ip
           && again.sp == capture->sp && again.arg[1] == capture->arg[1]
           && !memcmp(again.nonvolatile, capture->nonvolatile, sizeof(again.nonvolatile));
}

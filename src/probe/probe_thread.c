/*
 * probe_thread.c - opening a thread, its state, and a look at its registers and stack.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe never suspends a thread. A thread the probe suspended stays frozen if the
 * inspecting process dies before resuming it (killed, crashed), and two inspectors that
 * suspend each other both stay frozen for good (Wine's GetThreadContext waits for a
 * suspended thread to stop). GetThreadContext alone gives what a suspension gave: on Wine,
 * wineserver stops the thread, takes its context and lets it go on inside the one call,
 * so nothing is left behind whatever happens to the caller; for a thread blocked in a wait,
 * on Windows as on Wine, the user-mode registers are those of its system call
 * (tests/test_wine_facts.c). What is read afterwards (the stack, handles, sections) may be
 * newer than the registers: probe_win.c confirms every edge with a second look.
 */

#include <string.h>

#include "probe_internal.h"

/* SYNCHRONIZE: an exited thread is recognised by being signalled. No THREAD_SUSPEND_RESUME:
 * the probe never asks for what it must never do. */
#define PROBE_THREAD_ACCESS \
    (THREAD_QUERY_LIMITED_INFORMATION | THREAD_GET_CONTEXT | SYNCHRONIZE)

/* Windows' KTHREAD_STATE Waiting, as SystemProcessInformation reports it. */
#define PROBE_THREAD_STATE_WAITING 5

NTSTATUS probe_thread_query(const struct probe_nt *nt, HANDLE thread,
                           struct probe_thread_info *info)
{
    THREAD_BASIC_INFORMATION basic;
    NTSTATUS status;

    memset(info, 0, sizeof(*info));
    status = nt->pNtQueryInformationThread(thread, ThreadBasicInformation, &basic, sizeof(basic),
                                           NULL);
    if (status) return status;
    info->thread_id = (DWORD)(ULONG_PTR)basic.ClientId.UniqueThread;
    info->process_id = (DWORD)(ULONG_PTR)basic.ClientId.UniqueProcess;
    info->teb = (ULONG_PTR)basic.TebBaseAddress;
    info->exited = basic.ExitStatus != STATUS_PENDING;
    return 0; /* STATUS_SUCCESS */
}

/***********************************************************************
 *      open_refused   (internal)
 *
 * OpenThread failed: no such thread, or one that exists but may not be inspected (then its
 * process is given if that much is allowed).
 */
static DWORD open_refused(DWORD thread_id, struct probe_thread *thread)
{
    HANDLE limited;

    if (GetLastError() != ERROR_ACCESS_DENIED) return ERROR_OBJECT_NOT_FOUND;
    limited = OpenThread(THREAD_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE, thread_id);
    if (!limited) limited = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, thread_id);
    if (limited)
    {
        BOOL aliased = GetThreadId(limited) != thread_id; /* see probe_thread_open */

        if (!aliased) thread->process_id = GetProcessIdOfThread(limited);
        CloseHandle(limited);
        if (aliased) return ERROR_OBJECT_NOT_FOUND;
    }
    return ERROR_ACCESS_DENIED;
}

/***********************************************************************
 *      open_edge   (internal)
 *
 * The thread object of a confirmed edge, reopened for inspection (the access is checked
 * against its security as OpenThread would).
 */
static HANDLE open_edge(const struct probe_edge *edge)
{
    HANDLE opened = NULL;

    if (!DuplicateHandle(GetCurrentProcess(), edge->handle, GetCurrentProcess(), &opened,
                         PROBE_THREAD_ACCESS, FALSE, 0))
        return NULL;
    return opened;
}

DWORD probe_thread_open(const struct probe_nt *nt, DWORD thread_id,
                        const struct probe_edge *edge, HANDLE *handle,
                        struct probe_thread *thread)
{
    struct probe_thread_info info;
    HANDLE opened = edge ? open_edge(edge) : NULL;

    *handle = NULL;
    if (!opened) edge = NULL;
    if (!opened && !(opened = OpenThread(PROBE_THREAD_ACCESS, FALSE, thread_id)))
        return open_refused(thread_id, thread);
    /* One query gives the process and whether the thread has exited: an exited thread can
     * still be opened while some handle keeps its object alive, and is gone. A thread that
     * exits after a known answer was taken fails its capture instead. */
    if (edge) info = edge->info;
    else if (probe_thread_query(nt, opened, &info))
    {
        info.thread_id = GetThreadId(opened);
        info.process_id = GetProcessIdOfThread(opened);
        info.exited = WaitForSingleObject(opened, 0) == WAIT_OBJECT_0;
    }
    /* Opening ignores an id's two low bits: an id that names a thread only through them is
     * no thread's id (it may alias the caller's own). */
    if (info.exited || info.thread_id != thread_id)
    {
        CloseHandle(opened);
        return ERROR_OBJECT_NOT_FOUND;
    }
    thread->process_id = info.process_id;
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

/* ---- registers and stack ----------------------------------------------------------- */

/***********************************************************************
 *      capture_registers   (internal)
 *
 * The registers that survive a system call. On x86_64 Wine the first argument (Rcx, copied
 * to R10 by the stub) is lost and the second (Rdx) kept (tests/test_wine_facts.c); on i686
 * the arguments are on the stack, above the return address into the stub's caller
 * (probe_thread_read_args).
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

BOOL probe_thread_capture(const struct probe_nt *nt, HANDLE thread, struct probe_capture *capture)
{
    CONTEXT context;

    memset(capture, 0, sizeof(*capture));
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if (!GetThreadContext(thread, &context)) return FALSE;
    capture_registers(&context, capture);
    capture->syscall = probe_nt_syscall_at(nt, capture->ip);
    return TRUE;
}

SIZE_T probe_thread_read_extent(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    /* A stack ends at a page boundary (its base; the next page may be anything, mapped or
     * not). A read that fails is cut back to the last page boundary it crosses, until it
     * succeeds or holds nothing: what a query of the region would have said, with reads
     * alone. */
    while (size)
    {
        ULONG_PTR end = address + size;

        if (probe_read_memory(process, address, buffer, size)) return size;
        end = (end - 1) & ~(ULONG_PTR)(PROBE_PAGE_SIZE - 1);
        if (end <= address) return 0;
        size = end - address;
    }
    return 0;
}

BOOL probe_thread_read_stack(HANDLE process, struct probe_capture *capture)
{
    SIZE_T bytes;

    if (capture->stack_words) return TRUE;
    /* A blocked thread is mostly deep in calls, but a shallow one may have fewer words above
     * its stack pointer than the copy holds (Wine 10: 31 for a thread in Sleep). */
    bytes = probe_thread_read_extent(process, capture->sp, capture->stack,
                                     sizeof(capture->stack));
    capture->stack_words = (unsigned int)(bytes / sizeof(ULONG_PTR));
#if defined(__i386__)
    if (capture->stack_words > PROBE_I386_FIRST_ARG_WORD + 1)
    {
        capture->arg[0] = capture->stack[PROBE_I386_FIRST_ARG_WORD];
        capture->arg[1] = capture->stack[PROBE_I386_FIRST_ARG_WORD + 1];
    }
#endif
    return capture->stack_words != 0;
}

BOOL probe_thread_read_args(HANDLE process, struct probe_capture *capture)
{
#if defined(__i386__)
    return probe_thread_read_stack(process, capture)
           && capture->stack_words > PROBE_I386_FIRST_ARG_WORD + 1;
#else
    (void)process;
    (void)capture;
    return TRUE;
#endif
}

BOOL probe_thread_same_wait(const struct probe_capture *earlier,
                            const struct probe_capture *later)
{
    /* x86_64 keeps the second argument in Rdx; i686 has both on the stack, read by
     * probe_thread_read_args for each capture (a capture whose read failed matches none). */
#if defined(__x86_64__)
    if (later->arg[1] != earlier->arg[1]) return FALSE;
#else
    if (later->arg[0] != earlier->arg[0] || later->arg[1] != earlier->arg[1]) return FALSE;
#endif
    return later->syscall == earlier->syscall && later->ip == earlier->ip
           && later->sp == earlier->sp
           && !memcmp(later->nonvolatile, earlier->nonvolatile, sizeof(later->nonvolatile));
}

/*
 * probe_thread.c - opening a thread, its state, and a copy of it taken while suspended.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The suspended window (probe_thread_capture) is the one dangerous place of the probe: the
 * target may hold any user-mode lock (heap, loader, CRT), so between SuspendThread and
 * ResumeThread only system calls that take no user-mode lock are made (GetThreadContext,
 * VirtualQuery, ReadProcessMemory) besides plain copies of the caller's own memory, and
 * nothing is allocated, printed or looked up. Everything the window needs (the TEB's
 * address, the process handle, the stub table) is prepared before it.
 */

#include <string.h>

#include "probe_internal.h"

/* SYNCHRONIZE: an exited thread is recognised by being signalled. */
#define PROBE_THREAD_ACCESS \
    (THREAD_QUERY_LIMITED_INFORMATION | THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | SYNCHRONIZE)

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

DWORD probe_thread_open(const struct probe_nt *nt, DWORD thread_id,
                        const struct probe_thread_info *known, HANDLE *handle, ULONG_PTR *teb,
                        struct probe_thread *thread)
{
    struct probe_thread_info info;
    HANDLE opened = OpenThread(PROBE_THREAD_ACCESS, FALSE, thread_id);

    *handle = NULL;
    *teb = 0;
    if (!opened) return open_refused(thread_id, thread);
    /* One query gives the process, the TEB and whether the thread has exited: an exited
     * thread can still be opened while some handle keeps its object alive, and is gone.
     * A thread that exits after a known answer was taken fails its suspension instead. */
    if (known) info = *known;
    else if (probe_thread_query(nt, opened, &info))
    {
        info.thread_id = GetThreadId(opened);
        info.process_id = GetProcessIdOfThread(opened);
        info.exited = WaitForSingleObject(opened, 0) == WAIT_OBJECT_0;
    }
    /* Opening ignores an id's two low bits: an id that names a thread only through them is
     * no thread's id, and may alias the caller's own, which must never be suspended. */
    if (info.exited || info.thread_id != thread_id)
    {
        CloseHandle(opened);
        return ERROR_OBJECT_NOT_FOUND;
    }
    thread->process_id = info.process_id;
    *teb = info.teb;
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

/***********************************************************************
 *      foreign_stack_base   (internal)
 *
 * The top (highest address) of a thread's stack in another process, from its TEB: the
 * stack copy never reads past it. 0 if unknown.
 */
static ULONG_PTR foreign_stack_base(HANDLE process, ULONG_PTR teb)
{
    NT_TIB tib;

    if (!teb || !probe_read_memory(process, teb, &tib, sizeof(tib))) return 0;
    return (ULONG_PTR)tib.StackBase;
}

/***********************************************************************
 *      foreign_reads   (internal)
 *
 * What the analysis of a system call needs from another process's memory. Each read there
 * is a round trip to wineserver (which ptrace-stops a thread of the target to read it), so
 * only what is needed is read: the stack for the searches (critical sections, SendMessage)
 * and on i686, where the arguments are on the stack; only the first handle for the handle
 * array waits on x86_64; nothing for the waits WCT reports alone (Sleep, message loops...)
 * or a running thread.
 */
enum foreign_reads
{
    FOREIGN_READ_NOTHING,
    FOREIGN_READ_FIRST_HANDLE,
    FOREIGN_READ_STACK,
};

static enum foreign_reads foreign_reads_for(enum probe_syscall syscall)
{
    switch (syscall)
    {
    case PROBE_SYSCALL_ALERT_BY_ID:
    case PROBE_SYSCALL_KEYED_EVENT:
    case PROBE_SYSCALL_MESSAGE_CALL:
        return FOREIGN_READ_STACK;
#if defined(__i386__)
    case PROBE_SYSCALL_WAIT_SINGLE:
    case PROBE_SYSCALL_WAIT_MULTIPLE:
    case PROBE_SYSCALL_SIGNAL_AND_WAIT:
    case PROBE_SYSCALL_MSG_WAIT:
        return FOREIGN_READ_STACK;
#else
    case PROBE_SYSCALL_WAIT_MULTIPLE:
    case PROBE_SYSCALL_MSG_WAIT:
        return FOREIGN_READ_FIRST_HANDLE;
#endif
    default:
        return FOREIGN_READ_NOTHING;
    }
}

/***********************************************************************
 *      own_stack_end   (internal)
 *
 * In the window: the top of a suspended thread's stack in the caller's process, from its
 * TEB, copied directly (a suspended thread's TEB stays mapped). Between StackLimit and
 * StackBase the stack is committed; a stack pointer outside them (a fiber or a private
 * stack the TIB does not describe) gives 0: the copy is then bounded by what is readable.
 */
static ULONG_PTR own_stack_end(ULONG_PTR teb, ULONG_PTR sp)
{
    NT_TIB tib;

    if (!teb || !probe_memory_copy_own(teb, &tib, sizeof(tib))) return 0;
    if (sp < (ULONG_PTR)tib.StackLimit || sp >= (ULONG_PTR)tib.StackBase) return 0;
    return (ULONG_PTR)tib.StackBase;
}

/***********************************************************************
 *      window_read   (internal)
 *
 * Reads the suspended thread's memory: a plain copy in the caller's own process (checked
 * readable first), ReadProcessMemory in another one. Neither locks nor allocates.
 */
static BOOL window_read(HANDLE process, BOOL same_process, ULONG_PTR address, void *buffer,
                        SIZE_T size)
{
    if (same_process) return probe_memory_copy_own(address, buffer, size);
    return probe_read_memory(process, address, buffer, size);
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
 * Copies the top of the suspended thread's stack, bounded by capture->stack_end when known,
 * else by what can be read.
 */
static void capture_stack(HANDLE process, BOOL same_process, struct probe_capture *capture)
{
    ULONG_PTR sp = capture->sp, end = capture->stack_end;
    SIZE_T words = PROBE_STACK_WORDS;

    if (end > sp && (end - sp) / sizeof(ULONG_PTR) < words)
        words = (end - sp) / sizeof(ULONG_PTR);
    if (same_process)
    {
        /* The caller's own process: what is committed and readable, copied. */
        words = probe_memory_own_readable(sp, words * sizeof(ULONG_PTR)) / sizeof(ULONG_PTR);
        memcpy(capture->stack, (const void *)sp, words * sizeof(ULONG_PTR));
    }
    else
    {
        /* Another process (without a known base: halve until the read stays inside mapped
         * memory). */
        for (; words; words /= 2)
            if (probe_read_memory(process, sp, capture->stack, words * sizeof(ULONG_PTR)))
                break;
    }
    capture->stack_words = (unsigned int)words;
    if (!end) capture->stack_end = sp + words * sizeof(ULONG_PTR);
#if defined(__i386__)
    if (words > PROBE_I386_FIRST_ARG_WORD + 1)
    {
        capture->arg[0] = capture->stack[PROBE_I386_FIRST_ARG_WORD];
        capture->arg[1] = capture->stack[PROBE_I386_FIRST_ARG_WORD + 1];
    }
#endif
}

/***********************************************************************
 *      capture_arg1_word   (internal)
 *
 * The word the second argument points to (the first handle of a handle array wait), when
 * it lies on the suspended thread's stack: from the copy, or read there. Taken in the same
 * window as the instruction pointer, the system call and its argument are one snapshot.
 * Elsewhere (an array on the heap) it is read after the window, where it may have changed.
 */
static void capture_arg1_word(HANDLE process, BOOL same_process, struct probe_capture *capture)
{
    ULONG_PTR at = capture->arg[1], sp = capture->sp;
    ULONG_PTR index;

    if (!at || at % sizeof(ULONG_PTR) || at < sp || at >= capture->stack_end
        || capture->stack_end - at < sizeof(ULONG_PTR))
        return;
    index = (at - sp) / sizeof(ULONG_PTR);
    if (index < capture->stack_words)
    {
        capture->arg1_word = capture->stack[index];
        capture->arg1_word_read = TRUE;
    }
    else capture->arg1_word_read = window_read(process, same_process, at, &capture->arg1_word,
                                               sizeof(capture->arg1_word));
}

/***********************************************************************
 *      capture_foreign   (internal)
 *
 * In the window, another process: what the system call's analysis needs (foreign_reads),
 * opening the process on first need.
 */
static void capture_foreign(struct probe_process *target, ULONG_PTR teb,
                            struct probe_capture *capture)
{
    enum foreign_reads reads = foreign_reads_for(capture->syscall);
    ULONG_PTR base;

    if (reads == FOREIGN_READ_NOTHING) return;
    probe_process_open(target);
    if (!target->handle) return;
    if (reads == FOREIGN_READ_STACK)
    {
        base = foreign_stack_base(target->handle, teb);
        if (capture->sp < base) capture->stack_end = base;
        capture_stack(target->handle, FALSE, capture);
        capture_arg1_word(target->handle, FALSE, capture);
    }
    else if (capture->arg[1] && !(capture->arg[1] % sizeof(ULONG_PTR)))
    {
        /* The first handle: the array lies on the stack for the Win32 waits
         * (tests/test_wine_facts.c); read where it is, without bounds to check against:
         * ReadProcessMemory fails cleanly. */
        capture->arg1_word_read = probe_read_memory(target->handle, capture->arg[1],
                                                    &capture->arg1_word,
                                                    sizeof(capture->arg1_word));
    }
}

/***********************************************************************
 *      capture_suspended   (internal)
 *
 * The suspended window itself. No allocation, no lock, no trace from here to ResumeThread,
 * which every path reaches: only system calls that take no user-mode lock
 * (GetThreadContext, VirtualQuery, OpenProcess, ReadProcessMemory), plain copies, and the
 * stub lookup (a pure function of a table built beforehand).
 */
static BOOL capture_suspended(const struct probe_nt *nt, HANDLE thread,
                              struct probe_process *target, ULONG_PTR teb,
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
        capture->syscall = probe_nt_syscall_at(nt, capture->ip);
        if (!target)
        {
            /* The caller's own memory: plain copies, whatever the system call. */
            capture->stack_end = own_stack_end(teb, capture->sp);
            capture_stack(GetCurrentProcess(), TRUE, capture);
            capture_arg1_word(GetCurrentProcess(), TRUE, capture);
        }
        else capture_foreign(target, teb, capture);
    }
    ResumeThread(thread);
    return ok;
}

BOOL probe_thread_capture(const struct probe_nt *nt, HANDLE thread, struct probe_process *target,
                          ULONG_PTR teb, struct probe_capture *capture)
{
    memset(capture, 0, sizeof(*capture));
    return capture_suspended(nt, thread, target, teb, capture);
}

BOOL probe_thread_same_wait(const struct probe_nt *nt, HANDLE thread,
                            struct probe_process *target, const struct probe_capture *capture)
{
    struct probe_capture again;

    if (!probe_thread_capture(nt, thread, target, 0, &again)) return FALSE;
    return again.syscall == capture->syscall && again.ip == capture->ip
           && again.sp == capture->sp && again.arg[1] == capture->arg[1]
           && !memcmp(again.nonvolatile, capture->nonvolatile, sizeof(again.nonvolatile));
}

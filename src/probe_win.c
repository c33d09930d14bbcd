/*
 * probe_win.c - the real probe: what Windows or Wine reveals about one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One inspection: open the thread, ask the system for its state (Windows only; Wine has
 * none), copy its context and top of stack in a short suspension, and decide from the
 * instruction pointer whether it sits in a wait system call. What it waits on is worked out
 * after it has been resumed, by the analysers in probe_objects.c, probe_critsec.c and
 * probe_message.c, each of which validates what it read. See docs/probe.md.
 */

#include <string.h>

#include "probe_internal.h"
#include "worker_pool.h"

/* ---- per-walk context ------------------------------------------------------------------ */

static DWORD probe_begin_walk(void **context)
{
    struct probe_walk *walk = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, sizeof(*walk));

    *context = walk;
    return walk ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

static void probe_end_walk(void *context)
{
    struct probe_walk *walk = context;
    unsigned int i;

    if (!walk) return;
    for (i = 0; i < walk->process_count; i++)
        if (walk->process[i].handle) CloseHandle(walk->process[i].handle);
    HeapFree(GetProcessHeap(), 0, walk->snapshot);
    HeapFree(GetProcessHeap(), 0, walk);
}

HANDLE probe_walk_process(struct probe_walk *walk, DWORD pid, BOOL *owned)
{
    HANDLE process;
    unsigned int i;

    *owned = FALSE;
    if (pid == GetCurrentProcessId()) return GetCurrentProcess();
    if (walk)
        for (i = 0; i < walk->process_count; i++)
            if (walk->process[i].pid == pid) return walk->process[i].handle;

    /* A process that cannot be opened is remembered too: it is not asked twice. Once the
     * cache is full, handles are the caller's to close: a cached handle is never closed
     * during the walk, as an inspection may still be using it. */
    process = OpenProcess(PROBE_PROCESS_ACCESS, FALSE, pid);
    if (!walk || walk->process_count == PROBE_PROCESS_CACHE)
    {
        *owned = TRUE;
        return process;
    }
    walk->process[walk->process_count].pid = pid;
    walk->process[walk->process_count].handle = process;
    walk->process_count++;
    return process;
}

/* ---- one thread ---------------------------------------------------------------------- */

/***********************************************************************
 *      inspect_unsuspendable   (internal)
 *
 * A thread the probe must not suspend: a thread of wct's own pool. Only the system's state
 * is reported (Windows); Wine has none, so its status is Unknown. Its wait is never
 * analysed: a pool thread is either running a walk or idle in the pool, never a link of a
 * user's wait chain.
 */
static void inspect_unsuspendable(const struct probe_nt *nt, struct probe_walk *walk,
                                  struct probe_thread *thread)
{
    BOOL waiting;

    if (probe_thread_os_state(nt, walk, thread, &waiting))
        thread->status = waiting ? WctStatusBlocked : WctStatusRunning;
    else
        thread->status = WctStatusUnknown;
}

/* What was read from the target's memory to reach a finding: read again after a second
 * capture, it must be unchanged for the finding to stand. */
struct probe_recheck
{
    ULONG_PTR address;               /* 0: nothing to read again */
    ULONG_PTR value;
};

/***********************************************************************
 *      analyse_handle_array   (internal)
 *
 * NtWaitForMultipleObjects and NtUserMsgWaitForMultipleObjectsEx: the second argument
 * points to the waiter's handle array; the first handle is reported (the count, in the
 * lost first argument, is not known; WaitForSingleObject on Wine comes this way too).
 */
static void analyse_handle_array(const struct probe_nt *nt, HANDLE process,
                                 const struct probe_capture *capture, DWORD tid,
                                 struct probe_wait *wait, struct probe_recheck *recheck)
{
    ULONG_PTR first;

    if (!capture->arg[1] || !probe_read_memory(process, capture->arg[1], &first, sizeof(first)))
        return;
    if (!probe_objects_handle_wait(nt, process, (HANDLE)first, tid, wait)) return;
    recheck->address = capture->arg[1];
    recheck->value = first;
}

/***********************************************************************
 *      analyse_wait   (internal)
 *
 * What a blocked thread waits on, from the capture. Fills *wait (left empty when the wait
 * is one WCT reports as the thread alone) and says what must be read again to confirm it.
 */
static void analyse_wait(const struct probe_nt *nt, struct probe_walk *walk, HANDLE process,
                         BOOL same_process, DWORD want, const struct probe_capture *capture,
                         const struct probe_thread *thread, struct probe_wait *wait,
                         struct probe_recheck *recheck)
{
    DWORD tid = thread->thread_id;

    switch (capture->syscall)
    {
    case PROBE_SYSCALL_ALERT_BY_ID:
    case PROBE_SYSCALL_KEYED_EVENT:
        /* A critical section, in another process only when the caller allows reading it
         * there (WCT_OUT_OF_PROC_CS_FLAG); otherwise, or for SRW locks, condition variables
         * and WaitOnAddress, the thread alone. */
        if (!same_process && !(want & PROBE_WANT_FOREIGN_CS)) break;
        if (probe_critsec_wait(nt, process, thread->process_id, capture, tid, wait,
                               &recheck->address))
            recheck->value = wait->next_thread_id;
        break;
    case PROBE_SYSCALL_WAIT_MULTIPLE:
    case PROBE_SYSCALL_MSG_WAIT:
        analyse_handle_array(nt, process, capture, tid, wait, recheck);
        break;
    case PROBE_SYSCALL_WAIT_SINGLE:
        /* NtWaitForSingleObject(handle, ...): the handle is the first argument, which only
         * survives where the system keeps the stub's R10 (not on Wine, where it is 0; Wine's
         * WaitForSingleObject goes through NtWaitForMultipleObjects anyway). */
        if (!nt->is_wine)
            probe_objects_handle_wait(nt, process, (HANDLE)capture->arg[0], tid, wait);
        break;
    case PROBE_SYSCALL_MESSAGE_CALL:
        if (probe_message_is_send(capture)) probe_message_wait(nt, walk, capture, tid, wait);
        break;
    case PROBE_SYSCALL_SIGNAL_AND_WAIT:
        /* NtSignalAndWaitForSingleObject(signal, wait, ...): the waited handle is second. */
        probe_objects_handle_wait(nt, process, (HANDLE)capture->arg[1], tid, wait);
        break;
    default:
        /* Sleep, message loops, I/O completion ports, ports, unknown system calls: the
         * blocked thread alone, as Windows reports them (docs/probe.md). */
        break;
    }
}

/***********************************************************************
 *      confirm_wait   (internal)
 *
 * The finding stands only if the thread still sits in the same wait (a second short
 * suspension) and the memory it came from still says the same.
 */
static BOOL confirm_wait(const struct probe_nt *nt, HANDLE handle, HANDLE process,
                         BOOL same_process, const struct probe_capture *capture,
                         const struct probe_recheck *recheck)
{
    ULONG_PTR value;

    if (!probe_thread_same_wait(nt, handle, process, same_process, capture)) return FALSE;
    if (!recheck->address) return TRUE;
    return probe_read_memory(same_process ? GetCurrentProcess() : process, recheck->address,
                             &value, sizeof(value))
           && value == recheck->value;
}

/***********************************************************************
 *      capture_is_wait   (internal)
 *
 * Whether the captured system call is a wait. NtUserMessageCall serves many calls; only
 * the sends that wait for their receiver count.
 */
static BOOL capture_is_wait(const struct probe_capture *capture)
{
    if (capture->syscall == PROBE_SYSCALL_MESSAGE_CALL) return probe_message_is_send(capture);
    return capture->syscall != PROBE_SYSCALL_NONE;
}

/* How often a wait is looked at again when the thread moved while it was analysed. */
#define PROBE_ATTEMPTS 3

/* One thread being inspected, with what was prepared for it. */
struct inspection
{
    const struct probe_nt *nt;
    struct probe_walk *walk;
    HANDLE handle;                   /* the thread */
    HANDLE process;                  /* its process (NULL: the caller's, or not openable) */
    HANDLE readable;                 /* the process handle memory is read through */
    BOOL same_process;
    BOOL have_state, waiting;        /* the system's own view (Windows only) */
    DWORD want;
};

enum look
{
    LOOK_DONE,                       /* *thread (and *wait) hold the answer */
    LOOK_AGAIN,                      /* the thread moved while it was analysed */
    LOOK_GONE,                       /* it has exited */
};

/***********************************************************************
 *      status_without_capture   (internal)
 *
 * The thread could not be suspended or read: gone, or only the system's state to tell.
 */
static enum look status_without_capture(const struct inspection *inspection,
                                        struct probe_thread *thread)
{
    /* It may have exited between open and suspend. */
    if (WaitForSingleObject(inspection->handle, 0) == WAIT_OBJECT_0) return LOOK_GONE;
    if (!inspection->have_state) thread->status = WctStatusUnknown;
    else thread->status = inspection->waiting ? WctStatusBlocked : WctStatusRunning;
    return LOOK_DONE;
}

/***********************************************************************
 *      inspect_once   (internal)
 *
 * One look: capture, verdict, and (when wanted) the wait, confirmed.
 */
static enum look inspect_once(const struct inspection *inspection, struct probe_thread *thread,
                              struct probe_wait *wait)
{
    const struct probe_nt *nt = inspection->nt;
    struct probe_capture capture;
    struct probe_recheck recheck;
    BOOL blocked;

    if (wait) memset(wait, 0, sizeof(*wait));
    if (!probe_thread_capture(nt, inspection->handle, inspection->process,
                              inspection->same_process, &capture))
        return status_without_capture(inspection, thread);

    /* Windows says whether the thread waits; Wine does not, so there the verdict is whether
     * it sits in a known wait system call stub. */
    blocked = inspection->have_state ? inspection->waiting : capture_is_wait(&capture);
    thread->status = blocked ? WctStatusBlocked : WctStatusRunning;
    if (!blocked || !wait || !(inspection->want & PROBE_WANT_WAIT)) return LOOK_DONE;

    memset(&recheck, 0, sizeof(recheck));
    analyse_wait(nt, inspection->walk, inspection->readable, inspection->same_process,
                 inspection->want, &capture, thread, wait, &recheck);
    if (!wait->object_type
        || confirm_wait(nt, inspection->handle, inspection->process, inspection->same_process,
                        &capture, &recheck))
        return LOOK_DONE;
    /* The thread moved on while it was analysed: the finding is void. */
    memset(wait, 0, sizeof(*wait));
    return LOOK_AGAIN;
}

/***********************************************************************
 *      inspect_opened   (internal)
 *
 * Status (and wait, when wanted) of an opened thread that may be suspended.
 */
static DWORD inspect_opened(const struct probe_nt *nt, struct probe_walk *walk, HANDLE handle,
                            DWORD want, struct probe_thread *thread, struct probe_wait *wait)
{
    struct inspection inspection;
    BOOL owned = FALSE;
    enum look look = LOOK_AGAIN;
    int attempt;

    memset(&inspection, 0, sizeof(inspection));
    inspection.nt = nt;
    inspection.walk = walk;
    inspection.handle = handle;
    inspection.want = want;
    inspection.same_process = thread->process_id == GetCurrentProcessId();
    inspection.have_state = probe_thread_os_state(nt, walk, thread, &inspection.waiting);
    if (!inspection.same_process)
        inspection.process = probe_walk_process(walk, thread->process_id, &owned);
    inspection.readable = inspection.same_process ? GetCurrentProcess() : inspection.process;

    /* A thread that keeps moving is reported with the status of the last look, alone. */
    for (attempt = 0; attempt < PROBE_ATTEMPTS && look == LOOK_AGAIN; attempt++)
        look = inspect_once(&inspection, thread, wait);

    if (owned && inspection.process) CloseHandle(inspection.process);
    return look == LOOK_GONE ? ERROR_OBJECT_NOT_FOUND : ERROR_SUCCESS;
}

static DWORD probe_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                  struct probe_thread *thread, struct probe_wait *wait)
{
    const struct probe_nt *nt = probe_nt_get();
    struct probe_walk *walk = context;
    HANDLE handle;
    DWORD error;

    memset(thread, 0, sizeof(*thread));
    if (wait) memset(wait, 0, sizeof(*wait));
    thread->thread_id = thread_id;
    thread->status = WctStatusUnknown;
    if (!nt) return ERROR_NOT_SUPPORTED;

    /* The calling thread is running this code: it is never suspended, and never waits. */
    if (thread_id == GetCurrentThreadId())
    {
        BOOL waiting;

        thread->process_id = GetCurrentProcessId();
        probe_thread_os_state(nt, walk, thread, &waiting);
        thread->status = WctStatusRunning;
        return ERROR_SUCCESS;
    }

    if ((error = probe_thread_open(thread_id, &handle, thread))) return error;
    if (worker_pool_owns_thread(thread_id))
    {
        inspect_unsuspendable(nt, walk, thread);
        error = ERROR_SUCCESS;
    }
    else error = inspect_opened(nt, walk, handle, want, thread, wait);
    CloseHandle(handle);
    return error;
}

const struct probe_ops probe_win_ops =
{
    probe_begin_walk,
    probe_end_walk,
    probe_inspect_thread,
};

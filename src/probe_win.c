/*
 * probe_win.c - the real probe: what Windows or Wine reveals about one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One inspection: open the thread, ask the system for its state (Windows only; Wine has
 * none), copy its context, top of stack and first waited handle in one short suspension,
 * and decide from the instruction pointer whether it sits in a wait system call. What it
 * waits on is worked out after it has been resumed, by the analysers in probe_objects.c,
 * probe_critsec.c and probe_message.c, each of which validates what it read; then the edge
 * is re-validated from the object's state (revalidate). See docs/probe.md.
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

void probe_process_open(struct probe_process *target)
{
    if (target->known) return;
    target->handle = OpenProcess(PROBE_PROCESS_ACCESS, FALSE, target->pid);
    target->known = target->opened = TRUE;
}

/* What the walk knows of pid's process: target->known when it is cached (its handle, or NULL
 * for a process that could not be opened, which is not asked twice). */
static void probe_walk_find_process(const struct probe_walk *walk, DWORD pid,
                                    struct probe_process *target)
{
    unsigned int i;

    memset(target, 0, sizeof(*target));
    target->pid = pid;
    if (!walk) return;
    for (i = 0; i < walk->process_count; i++)
        if (walk->process[i].pid == pid)
        {
            target->handle = walk->process[i].handle;
            target->known = TRUE;
            return;
        }
}

void probe_walk_keep_process(struct probe_walk *walk, struct probe_process *target)
{
    /* A process that cannot be opened is remembered too: it is not asked twice. */
    if (!target->opened) return;
    if (walk && walk->process_count < PROBE_PROCESS_CACHE)
    {
        walk->process[walk->process_count].pid = target->pid;
        walk->process[walk->process_count].handle = target->handle;
        walk->process_count++;
    }
    else if (target->handle) CloseHandle(target->handle);
    memset(target, 0, sizeof(*target));
}

/***********************************************************************
 *      walk_take_edge   (internal)
 *
 * What the walk's last thread-join edge said about thread_id, if it named that thread
 * (copied to *known); NULL otherwise. The edge is used once: it is cleared either way.
 */
static const struct probe_thread_info *walk_take_edge(struct probe_walk *walk, DWORD thread_id,
                                                      struct probe_thread_info *known)
{
    BOOL named;

    if (!walk) return NULL;
    named = walk->edge.thread_id == thread_id;
    *known = walk->edge;
    memset(&walk->edge, 0, sizeof(walk->edge));
    return named ? known : NULL;
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

/* How often a wait is looked at again when its edge did not hold after the analysis. */
#define PROBE_ATTEMPTS 3

/* One thread being inspected, with what was prepared for it. */
struct inspection
{
    const struct probe_nt *nt;
    struct probe_walk *walk;
    HANDLE handle;                   /* the thread */
    ULONG_PTR teb;                   /* its TEB, in its process (0: unknown) */
    BOOL same_process;               /* it is in the caller's process */
    struct probe_process target;     /* else its process, reached on first need */
    BOOL have_state, waiting;        /* the system's own view (Windows only) */
    DWORD want;
};

enum look
{
    LOOK_DONE,                       /* *thread (and *wait) hold the answer */
    LOOK_AGAIN,                      /* the edge found did not hold after the analysis */
    LOOK_GONE,                       /* it has exited */
};

/* What a finding rests on, kept for its re-validation after the analysis. */
enum finding_kind
{
    FINDING_NONE,                    /* no object node: nothing to re-validate */
    FINDING_HANDLE,                  /* a waited handle: thread, process or mutex */
    FINDING_CRITSEC,                 /* a critical section */
    FINDING_MESSAGE,                 /* SendMessage: no object state to ask */
};

struct finding
{
    enum finding_kind kind;
    ULONG_PTR word_address;          /* the argument memory it came from (handles[0]), to
                                        read again; 0: none */
    ULONG_PTR word_value;
    BOOL word_on_stack;              /* it lies on the waiter's stack (read in the window) */
    struct probe_object object;      /* FINDING_HANDLE */
    struct probe_critsec critsec;    /* FINDING_CRITSEC */
};

/***********************************************************************
 *      inspection_process   (internal)
 *
 * The process handle the waiter's memory and handles are reached through: the caller's
 * own, or the target's, opened on first need (NULL if it cannot be).
 */
static HANDLE inspection_process(struct inspection *inspection)
{
    if (inspection->same_process) return GetCurrentProcess();
    probe_process_open(&inspection->target);
    return inspection->target.handle;
}

/***********************************************************************
 *      analyse_handle   (internal)
 *
 * A wait on one handle value of the waiter's: what it is (probe_objects.c).
 */
static void analyse_handle(struct inspection *inspection, ULONG_PTR value, DWORD tid,
                           struct probe_wait *wait, struct finding *finding)
{
    if (probe_objects_handle_wait(inspection->nt, inspection_process(inspection),
                                  inspection->same_process, (HANDLE)value, tid, wait,
                                  &finding->object))
        finding->kind = FINDING_HANDLE;
}

/***********************************************************************
 *      analyse_handle_array   (internal)
 *
 * NtWaitForMultipleObjects and NtUserMsgWaitForMultipleObjectsEx: the second argument
 * points to the waiter's handle array; the first handle is reported (the count, in the
 * lost first argument, is not known; WaitForSingleObject on Wine comes this way too). The
 * first handle was read in the suspended window when the array is on the waiter's stack
 * (it always is for WaitForSingleObject); otherwise it is read now.
 */
static void analyse_handle_array(struct inspection *inspection,
                                 const struct probe_capture *capture, DWORD tid,
                                 struct probe_wait *wait, struct finding *finding)
{
    ULONG_PTR first = capture->arg1_word;

    if (!capture->arg[1]) return;
    if (!capture->arg1_word_read
        && !probe_read_memory(inspection_process(inspection), capture->arg[1], &first,
                              sizeof(first)))
        return;
    analyse_handle(inspection, first, tid, wait, finding);
    if (finding->kind == FINDING_NONE) return;
    finding->word_address = capture->arg[1];
    finding->word_value = first;
    finding->word_on_stack = capture->arg1_word_read;
}

/***********************************************************************
 *      analyse_critsec   (internal)
 *
 * NtWaitForAlertByThreadId / NtWaitForKeyedEvent: a critical section, in another process
 * only when the caller allows reading it there (WCT_OUT_OF_PROC_CS_FLAG); otherwise, or for
 * SRW locks, condition variables and WaitOnAddress, the thread alone.
 */
static void analyse_critsec(struct inspection *inspection, const struct probe_capture *capture,
                            const struct probe_thread *thread, struct probe_wait *wait,
                            struct finding *finding)
{
    if (!inspection->same_process && !(inspection->want & PROBE_WANT_FOREIGN_CS)) return;
    if (probe_critsec_wait(inspection->nt, inspection_process(inspection), thread->process_id,
                           capture, thread->thread_id, wait, &finding->critsec))
        finding->kind = FINDING_CRITSEC;
}

/***********************************************************************
 *      analyse_wait   (internal)
 *
 * What a blocked thread waits on, from the capture. Fills *wait (left empty when the wait
 * is one WCT reports as the thread alone) and *finding (what it rests on).
 */
static void analyse_wait(struct inspection *inspection, const struct probe_capture *capture,
                         const struct probe_thread *thread, struct probe_wait *wait,
                         struct finding *finding)
{
    DWORD tid = thread->thread_id;

    switch (capture->syscall)
    {
    case PROBE_SYSCALL_ALERT_BY_ID:
    case PROBE_SYSCALL_KEYED_EVENT:
        analyse_critsec(inspection, capture, thread, wait, finding);
        break;
    case PROBE_SYSCALL_WAIT_MULTIPLE:
    case PROBE_SYSCALL_MSG_WAIT:
        analyse_handle_array(inspection, capture, tid, wait, finding);
        break;
    case PROBE_SYSCALL_WAIT_SINGLE:
        /* NtWaitForSingleObject(handle, ...): the handle is the first argument, which only
         * survives where the system keeps the stub's R10 (not on Wine, where it is 0; Wine's
         * WaitForSingleObject goes through NtWaitForMultipleObjects anyway). */
        if (!inspection->nt->is_wine)
            analyse_handle(inspection, capture->arg[0], tid, wait, finding);
        break;
    case PROBE_SYSCALL_MESSAGE_CALL:
        if (!probe_message_is_send(capture)) break;
        probe_message_wait(inspection->nt, capture, tid, wait);
        finding->kind = FINDING_MESSAGE;
        break;
    case PROBE_SYSCALL_SIGNAL_AND_WAIT:
        /* NtSignalAndWaitForSingleObject(signal, wait, ...): the waited handle is second. */
        analyse_handle(inspection, capture->arg[1], tid, wait, finding);
        break;
    default:
        /* Sleep, message loops, I/O completion ports, ports, unknown system calls: the
         * blocked thread alone, as Windows reports them (docs/probe.md). */
        break;
    }
}

/***********************************************************************
 *      finding_word_unchanged   (internal)
 *
 * The argument memory the finding came from (the first handle) still says the same.
 */
static BOOL finding_word_unchanged(struct inspection *inspection,
                                   const struct finding *finding)
{
    ULONG_PTR value;

    if (!finding->word_address) return TRUE;
    /* A word copied from a waiter of the caller's process in the window, on Wine: the copy
     * was taken with the system call itself, and the object's state, read after it, is the
     * re-validation. It is not read again: the waiter runs now, so a direct copy could fault
     * once its stack is released (a soak with threads exiting all the time did fault there),
     * and ReadProcessMemory is a wineserver round trip that stops a thread of the process. */
    if (finding->word_on_stack && inspection->same_process && inspection->nt->is_wine)
        return TRUE;
    return probe_read_memory(inspection_process(inspection), finding->word_address, &value,
                             sizeof(value))
           && value == finding->word_value;
}

/***********************************************************************
 *      revalidate   (internal)
 *
 * After the analysis, the edge must still be true. The capture took the system call and
 * its argument in one suspended instant, and the analysis asked the object's state after
 * it, last (probe_objects.c): a joined thread or a waited process that still runs then has
 * run all along since the capture (neither runs again once exited), so it held the waiter
 * all that time, which a second look at the waiter's registers could not show; asking
 * again a few microseconds later would prove nothing more and cost a round trip. What is
 * checked here is what the analysis read before other work:
 *   - the argument memory (the first handle) still reads the same;
 *   - a critical section still has the same owner and is still contended, and the
 *     waiter's record (Wine) still names it: the section was read before the owner was
 *     checked;
 *   - SendMessage has no object state to ask: the sender is captured again and must sit in
 *     the same wait (same stub, stack pointer, argument and saved registers).
 */
static BOOL revalidate(struct inspection *inspection, const struct probe_capture *capture,
                       const struct finding *finding)
{
    const struct probe_nt *nt = inspection->nt;

    switch (finding->kind)
    {
    case FINDING_HANDLE:
        return finding_word_unchanged(inspection, finding);
    case FINDING_CRITSEC:
        return probe_critsec_still_held(nt, inspection_process(inspection), &finding->critsec);
    case FINDING_MESSAGE:
        return probe_thread_same_wait(nt, inspection->handle,
                                      inspection->same_process ? NULL : &inspection->target,
                                      capture);
    default:
        return TRUE;
    }
}

/***********************************************************************
 *      seam   (internal)
 *
 * The tests' seam (probe_walk.seam); nothing in production.
 */
static void seam(const struct inspection *inspection, enum probe_seam where,
                 const struct probe_wait *finding)
{
    struct probe_walk *walk = inspection->walk;

    if (walk && walk->seam) walk->seam(walk->seam_param, where, finding);
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
 *      look_at_wait   (internal)
 *
 * The analysis of a blocked thread's wait and its re-validation: LOOK_AGAIN when the edge
 * did not hold (the finding is void).
 */
static enum look look_at_wait(struct inspection *inspection,
                              const struct probe_capture *capture, struct probe_thread *thread,
                              struct probe_wait *wait)
{
    struct probe_walk *walk = inspection->walk;
    struct finding finding;
    BOOL valid;

    memset(&finding, 0, sizeof(finding));
    seam(inspection, PROBE_SEAM_CAPTURED, wait);
    analyse_wait(inspection, capture, thread, wait, &finding);
    /* No object node (an event, a section not established...): no edge to re-validate. */
    if (!wait->object_type) valid = TRUE;
    else
    {
        seam(inspection, PROBE_SEAM_ANALYSED, wait);
        valid = revalidate(inspection, capture, &finding);
    }
    if (valid && walk && wait->next_thread_id && finding.kind == FINDING_HANDLE
        && finding.object.kind == PROBE_OBJECT_THREAD)
        walk->edge = finding.object.thread;
    if (finding.kind == FINDING_HANDLE) probe_objects_release(&finding.object);
    if (valid) return LOOK_DONE;
    /* The edge no longer holds: the thread moved on, or the object changed, while it was
     * analysed. */
    memset(wait, 0, sizeof(*wait));
    return LOOK_AGAIN;
}

/***********************************************************************
 *      inspect_once   (internal)
 *
 * One look: capture, verdict, and (when wanted) the wait, re-validated.
 */
static enum look inspect_once(struct inspection *inspection, struct probe_thread *thread,
                              struct probe_wait *wait)
{
    struct probe_capture capture;
    BOOL blocked;

    if (wait) memset(wait, 0, sizeof(*wait));
    if (!probe_thread_capture(inspection->nt, inspection->handle,
                              inspection->same_process ? NULL : &inspection->target,
                              inspection->teb, &capture))
        return status_without_capture(inspection, thread);

    /* Windows says whether the thread waits; Wine does not, so there the verdict is whether
     * it sits in a known wait system call stub. */
    blocked = inspection->have_state ? inspection->waiting : capture_is_wait(&capture);
    thread->status = blocked ? WctStatusBlocked : WctStatusRunning;
    if (!blocked || !wait || !(inspection->want & PROBE_WANT_WAIT)) return LOOK_DONE;
    return look_at_wait(inspection, &capture, thread, wait);
}

/***********************************************************************
 *      inspect_opened   (internal)
 *
 * Status (and wait, when wanted) of an opened thread that may be suspended.
 */
static DWORD inspect_opened(const struct probe_nt *nt, struct probe_walk *walk, HANDLE handle,
                            ULONG_PTR teb, DWORD want, struct probe_thread *thread,
                            struct probe_wait *wait)
{
    struct inspection inspection;
    enum look look = LOOK_AGAIN;
    int attempt;

    memset(&inspection, 0, sizeof(inspection));
    inspection.nt = nt;
    inspection.walk = walk;
    inspection.handle = handle;
    inspection.teb = teb;
    inspection.want = want;
    inspection.same_process = thread->process_id == GetCurrentProcessId();
    inspection.have_state = probe_thread_os_state(nt, walk, thread, &inspection.waiting);
    if (!inspection.same_process)
        probe_walk_find_process(walk, thread->process_id, &inspection.target);

    /* A thread that keeps moving is reported with the status of the last look, alone. */
    for (attempt = 0; attempt < PROBE_ATTEMPTS && look == LOOK_AGAIN; attempt++)
        look = inspect_once(&inspection, thread, wait);

    if (!inspection.same_process) probe_walk_keep_process(walk, &inspection.target);
    return look == LOOK_GONE ? ERROR_OBJECT_NOT_FOUND : ERROR_SUCCESS;
}

static DWORD probe_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                  struct probe_thread *thread, struct probe_wait *wait)
{
    const struct probe_nt *nt = probe_nt_get();
    struct probe_walk *walk = context;
    struct probe_thread_info known;
    HANDLE handle;
    ULONG_PTR teb;
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

    if ((error = probe_thread_open(nt, thread_id, walk_take_edge(walk, thread_id, &known),
                                   &handle, &teb, thread)))
        return error;
    if (worker_pool_owns_thread(thread_id))
    {
        inspect_unsuspendable(nt, walk, thread);
        error = ERROR_SUCCESS;
    }
    else error = inspect_opened(nt, walk, handle, teb, want, thread, wait);
    CloseHandle(handle);
    return error;
}

const struct probe_ops probe_win_ops =
{
    probe_begin_walk,
    probe_end_walk,
    probe_inspect_thread,
};

/*
 * probe_win.c - the real probe: what Windows or Wine reveals about one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One inspection: open the thread, ask the system for its state (Windows only; Wine has
 * none), take its registers (GetThreadContext: the probe never suspends a thread,
 * probe_thread.c says why) and decide from the instruction pointer whether it sits in a wait
 * system call. What it waits on is worked out from there by the analysers in
 * probe_objects.c, probe_critsec.c and probe_message.c, each of which validates what it
 * read. Then every object node is confirmed (confirm): the thread runs on while it is
 * analysed, so its stack and handles may have changed under the analysis; the node stands
 * only if a second capture, taken after the object was resolved and while the probe still
 * holds it, shows the very same wait, and what the object was read from still says the
 * same. See docs/probe.md for the argument.
 */

#include <string.h>

#include "probe_internal.h"

/* ---- per-walk context ------------------------------------------------------------------ */

static DWORD probe_begin_walk(void **context)
{
    struct probe_walk *walk;
    DWORD error = probe_walk_begin(&walk);

    *context = walk;
    return error;
}

static DWORD probe_begin_cached_walk(void *volatile *cache, void **context)
{
    struct probe_walk *walk;
    DWORD error = probe_walk_begin_cached(cache, &walk);

    *context = walk;
    return error;
}

static void probe_end_walk(void *context)
{
    probe_walk_end(context);
}

static void probe_free_cache(void *cache)
{
    probe_walk_free(cache);
}

/* ---- one thread ---------------------------------------------------------------------- */

/* How often a wait is looked at again when its edge did not hold after the analysis. */
#define PROBE_ATTEMPTS 3

/* One thread being inspected, with what was prepared for it. */
struct inspection
{
    const struct probe_nt *nt;
    struct probe_walk *walk;
    HANDLE handle;                   /* the thread */
    BOOL same_process;               /* it is in the caller's process */
    struct probe_process target;     /* else its process, reached on first need */
    BOOL have_state, waiting;        /* the system's own view (Windows only) */
    DWORD want;
    struct probe_hint *hint;         /* the session's last look at the thread (NULL: none) */
};

enum look
{
    LOOK_DONE,                       /* *thread (and *wait) hold the answer */
    LOOK_AGAIN,                      /* the edge found did not hold after the analysis */
    LOOK_GONE,                       /* it has exited */
};

/* What a finding rests on, kept for its confirmation. */
enum finding_kind
{
    FINDING_NONE,                    /* no object node: nothing to confirm */
    FINDING_HANDLE,                  /* a waited handle: thread, process or mutex */
    FINDING_CRITSEC,                 /* a critical section */
    FINDING_MESSAGE,                 /* SendMessage: the wait itself */
};

struct finding
{
    enum finding_kind kind;
    ULONG_PTR word_address;          /* the argument memory it came from (handles[0]), to
                                        read again; 0: a register */
    ULONG_PTR word_value;            /* the handle value (FINDING_HANDLE) */
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
 *      capture_args   (internal)
 *
 * The capture's system call arguments, read from the waiter's stack where they are kept
 * there (i686); FALSE when they cannot be had.
 */
static BOOL capture_args(struct inspection *inspection, struct probe_capture *capture)
{
    return !PROBE_ARGS_IN_MEMORY
           || probe_thread_read_args(inspection_process(inspection), capture);
}

/***********************************************************************
 *      analyse_handle   (internal)
 *
 * A wait on one handle value of the waiter's: what it is (probe_objects.c).
 */
static void analyse_handle(struct inspection *inspection, ULONG_PTR value, DWORD tid,
                           struct probe_wait *wait, struct finding *finding)
{
    if (!probe_objects_handle_wait(inspection->nt, inspection_process(inspection),
                                   (HANDLE)value, tid, wait, &finding->object))
        return;
    finding->kind = FINDING_HANDLE;
    finding->word_value = value;
}

/***********************************************************************
 *      analyse_handle_array   (internal)
 *
 * NtWaitForMultipleObjects and NtUserMsgWaitForMultipleObjectsEx: the second argument
 * points to the waiter's handle array; the first handle is reported (the count, in the
 * lost first argument, is not known; WaitForSingleObject on Wine comes this way too).
 */
static void analyse_handle_array(struct inspection *inspection, struct probe_capture *capture,
                                 DWORD tid, struct probe_wait *wait, struct finding *finding)
{
    ULONG_PTR first;

    if (!capture_args(inspection, capture)) return;
    if (!capture->arg[1] || capture->arg[1] % sizeof(ULONG_PTR)) return;
    if (!probe_read_memory(inspection_process(inspection), capture->arg[1], &first,
                           sizeof(first)))
        return;
    analyse_handle(inspection, first, tid, wait, finding);
    if (finding->kind != FINDING_NONE) finding->word_address = capture->arg[1];
}

/***********************************************************************
 *      analyse_critsec   (internal)
 *
 * A critical section, in another process only when the caller allows reading it there
 * (WCT_OUT_OF_PROC_CS_FLAG); otherwise, or for SRW locks, condition variables and
 * WaitOnAddress, the thread alone.
 */
static BOOL analyse_critsec(struct inspection *inspection, struct probe_capture *capture,
                            const struct probe_thread *thread, struct probe_wait *wait,
                            struct finding *finding)
{
    if (!inspection->same_process && !(inspection->want & PROBE_WANT_FOREIGN_CS)) return FALSE;
    if (!probe_critsec_wait(inspection->nt, inspection_process(inspection), thread->process_id,
                            capture, thread->thread_id, wait, &finding->critsec))
        return FALSE;
    finding->kind = FINDING_CRITSEC;
    return TRUE;
}

/***********************************************************************
 *      analyse_wait_single   (internal)
 *
 * NtWaitForSingleObject(handle, ...): the handle is the first argument, which only survives
 * where the system keeps the stub's R10 (not on Wine, where it is 0; Wine's
 * WaitForSingleObject goes through NtWaitForMultipleObjects anyway). On Wine this is how a
 * critical section without debug info is waited for.
 */
static void analyse_wait_single(struct inspection *inspection, struct probe_capture *capture,
                                const struct probe_thread *thread, struct probe_wait *wait,
                                struct finding *finding)
{
    if (inspection->nt->is_wine)
        analyse_critsec(inspection, capture, thread, wait, finding);
    else if (capture_args(inspection, capture))
        analyse_handle(inspection, capture->arg[0], thread->thread_id, wait, finding);
}

/***********************************************************************
 *      analyse_wait   (internal)
 *
 * What a blocked thread waits on, from the capture. Fills *wait (left empty when the wait
 * is one WCT reports as the thread alone) and *finding (what it rests on).
 */
static void analyse_wait(struct inspection *inspection, struct probe_capture *capture,
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
        analyse_wait_single(inspection, capture, thread, wait, finding);
        break;
    case PROBE_SYSCALL_MESSAGE_CALL:
        /* capture_is_wait said it is a send */
        probe_message_wait(wait);
        finding->kind = FINDING_MESSAGE;
        break;
    case PROBE_SYSCALL_SIGNAL_AND_WAIT:
        /* NtSignalAndWaitForSingleObject(signal, wait, ...): the waited handle is second. */
        if (capture_args(inspection, capture))
            analyse_handle(inspection, capture->arg[1], tid, wait, finding);
        break;
    default:
        /* Sleep, message loops, I/O, completion ports, ports, unknown system calls: the
         * blocked thread alone, as Windows reports them (docs/probe.md). */
        break;
    }
}

/***********************************************************************
 *      finding_still_named   (internal)
 *
 * What the finding was read from, read again after the second capture, still names it:
 * the first handle still reads the same value, and that value still names the very object
 * the probe holds (a value closed, taken by another object and given back to a new wait
 * of the same shape reads the same: A-B-A); or the critical section has the same owner, is
 * still contended, and what named it still does.
 */
static BOOL finding_still_named(struct inspection *inspection, const struct finding *finding)
{
    HANDLE process = inspection_process(inspection);
    ULONG_PTR value;

    switch (finding->kind)
    {
    case FINDING_HANDLE:
        if (finding->word_address
            && (!probe_read_memory(process, finding->word_address, &value, sizeof(value))
                || value != finding->word_value))
            return FALSE;
        return probe_objects_still_named(inspection->nt, process, (HANDLE)finding->word_value,
                                         finding->object.handle);
    case FINDING_CRITSEC:
        return probe_critsec_still_held(inspection->nt, process, &finding->critsec);
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
 *      same_wait_again   (internal)
 *
 * A new capture shows the waiter in the very wait of *earlier* (same stub, stack pointer,
 * arguments and saved registers); *now gets it.
 */
static BOOL same_wait_again(struct inspection *inspection, const struct probe_capture *earlier,
                            struct probe_capture *now)
{
    return probe_thread_capture(inspection->nt, inspection->handle, now)
           && capture_args(inspection, now) && probe_thread_same_wait(earlier, now);
}

/***********************************************************************
 *      confirm   (internal)
 *
 * The node stands only if, after the object was resolved (and while the probe still holds
 * its own handle to it), the waiter shows the very same wait as at the first capture (same
 * stub, stack pointer, argument and saved registers), and the memory the object was named
 * by still names it. A thread that moved on, a stack word that changed, or a handle value
 * that was closed and reused for another object in between fails one of these, so a stale
 * read can only shorten a chain: never add a node the thread was not waiting on at the
 * second capture.
 *
 * For a handle, that last read of what names the object is itself bracketed by a third
 * capture showing the same wait: read after the second capture alone, it could find the
 * value naming the resolved object once more after the waiter had left an identical wait
 * on a good object that reused the value, its stale word still on the stack (A-B-A-B-A;
 * seen once in 17,645 walks of test_probe_churn, i686 under Wine 10, with a process handle
 * of the churners'); test_probe_churn_aba's third step makes it certain.
 */
static BOOL confirm(struct inspection *inspection, const struct probe_capture *capture,
                    const struct finding *finding)
{
    struct probe_capture again, last;

    if (!same_wait_again(inspection, capture, &again)) return FALSE;
    if (finding->kind != FINDING_HANDLE) return finding_still_named(inspection, finding);
    seam(inspection, PROBE_SEAM_CONFIRMED, NULL);
    return finding_still_named(inspection, finding) && same_wait_again(inspection, &again, &last);
}

/* ---- the last look (a session's hint) -------------------------------------------------- */

/***********************************************************************
 *      alone_by_registers   (internal)
 *
 * The system calls whose blocked thread is reported alone whatever its memory says
 * (analyse_wait's default): for these the registers alone decide.
 */
static BOOL alone_by_registers(enum probe_syscall syscall)
{
    switch (syscall)
    {
    case PROBE_SYSCALL_DELAY:
    case PROBE_SYSCALL_IO_COMPLETION:
    case PROBE_SYSCALL_PORT:
    case PROBE_SYSCALL_GET_MESSAGE:
    case PROBE_SYSCALL_FILE_IO:
    case PROBE_SYSCALL_OTHER:
        return TRUE;
    default:
        return FALSE;
    }
}

/***********************************************************************
 *      hint_forget   (internal)
 */
static void hint_forget(struct inspection *inspection)
{
    if (inspection->hint) probe_cache_forget_hint(inspection->hint);
}

/***********************************************************************
 *      hint_keep   (internal)
 *
 * Keeps a look that held for the next one, when what it found can be checked again without
 * a second capture: a wait reported alone because of its system call, or a join of a thread
 * through a handle of the caller's own process (the hint takes over the probe's handle to
 * that thread, which the session's cache holds anyway). A mutex or a process is never held
 * between calls: the program could see it outlive its last handle (a named mutex that still
 * exists); those waits take the full path each time.
 */
static void hint_keep(struct inspection *inspection, const struct probe_capture *capture,
                      const struct probe_wait *wait, struct finding *finding)
{
    struct probe_hint *hint = inspection->hint;

    if (!hint) return;
    probe_cache_forget_hint(hint);
    if (!wait->object_type ? !alone_by_registers(capture->syscall)
                           : finding->kind != FINDING_HANDLE || !inspection->same_process
                             || finding->object.kind != PROBE_OBJECT_THREAD)
        return;
    hint->valid = TRUE;
    hint->want = inspection->want;
    hint->capture = *capture;
    hint->wait = *wait;
    /* i686: the arguments of a wait reported alone were not needed, so not read; the next
     * capture's are compared with them. */
    if (!wait->object_type && !capture_args(inspection, &hint->capture)) hint->valid = FALSE;
    if (!wait->object_type) return;
    hint->object = finding->object;
    hint->word_address = finding->word_address;
    hint->word_value = finding->word_value;
    memset(&finding->object, 0, sizeof(finding->object));
}

/***********************************************************************
 *      hint_still_named   (internal)
 *
 * The hint's handle value still names the object the hint holds and, with reread_word, still
 * reads the same where it was read; *wait (the hint's node; may be NULL) gets the object's
 * state as it is now.
 */
static BOOL hint_still_named(struct inspection *inspection, DWORD tid, BOOL reread_word,
                             struct probe_wait *wait)
{
    struct probe_hint *hint = inspection->hint;
    ULONG_PTR value;

    if (reread_word && hint->word_address
        && (!probe_read_memory(GetCurrentProcess(), hint->word_address, &value, sizeof(value))
            || value != hint->word_value))
        return FALSE;
    return probe_objects_recheck(inspection->nt, (HANDLE)hint->word_value, &hint->object, tid,
                                 wait);
}

/***********************************************************************
 *      hint_names_object   (internal)
 *
 * Before the capture: the hint has an object, and its value still names it. With the same
 * check after a capture that shows the hint's very wait, the object is resolved between two
 * looks at that wait, as a first analysis is (confirm). Where the thread keeps the value is
 * not read here: like a value kept in a register, it is checked against the thread after the
 * capture (hint_holds), which is what ties the value to this wait; a read before it would add
 * a round trip per join (every read of the caller's own memory is one, issue 21) and no check.
 */
static BOOL hint_names_object(struct inspection *inspection, DWORD tid)
{
    struct probe_hint *hint = inspection->hint;

    if (!hint || !hint->valid || !hint->object.handle || hint->want != inspection->want)
        return FALSE;
    return hint_still_named(inspection, tid, FALSE, NULL);
}

/***********************************************************************
 *      hint_holds   (internal)
 *
 * The capture shows the very wait of the hint's, and (for a wait on an object) the object
 * was named before the capture (named) and still is: *wait is the hint's node with the
 * object's state now. FALSE: the wait is analysed anew.
 */
static BOOL hint_holds(struct inspection *inspection, struct probe_capture *capture, BOOL named,
                       DWORD tid, struct probe_wait *wait)
{
    struct probe_hint *hint = inspection->hint;

    if (!hint || !hint->valid || hint->want != inspection->want
        || !capture_args(inspection, capture) || !probe_thread_same_wait(&hint->capture, capture))
        return FALSE;
    if (!hint->wait.object_type) return TRUE; /* alone: *wait stays empty */
    if (!named) return FALSE;
    /* A value taken from a register (NtWaitForSingleObject's first argument where the system
     * keeps it) must be the one this capture shows, which same_wait does not compare. */
    if (!hint->word_address
        && (capture->syscall == PROBE_SYSCALL_WAIT_SINGLE ? capture->arg[0] : capture->arg[1])
               != hint->word_value)
        return FALSE;
    *wait = hint->wait;
    if (hint_still_named(inspection, tid, TRUE, wait)) return TRUE;
    memset(wait, 0, sizeof(*wait));
    return FALSE;
}

/***********************************************************************
 *      capture_is_wait   (internal)
 *
 * Whether the captured system call is a wait. NtUserMessageCall serves many calls; only
 * the sends that wait for their receiver count. Any other system call (one the probe does
 * not tell apart) counts when a second capture shows the thread still in that very call:
 * same stub, stack pointer and saved registers; a thread that makes such calls in a loop
 * is seen elsewhere, or in another call, sooner or later, as a waiting one never is.
 */
static BOOL capture_is_wait(struct inspection *inspection, struct probe_capture *capture)
{
    struct probe_capture again;

    if (capture->syscall == PROBE_SYSCALL_MESSAGE_CALL)
        return probe_message_is_send(inspection_process(inspection), capture);
    if (capture->syscall != PROBE_SYSCALL_OTHER) return capture->syscall != PROBE_SYSCALL_NONE;
    return probe_thread_capture(inspection->nt, inspection->handle, &again)
           && probe_thread_same_wait(capture, &again);
}

/***********************************************************************
 *      status_without_capture   (internal)
 *
 * The thread's registers could not be read: gone, or only the system's state to tell.
 */
static enum look status_without_capture(const struct inspection *inspection,
                                        struct probe_thread *thread)
{
    /* It may have exited after it was opened. */
    if (WaitForSingleObject(inspection->handle, 0) == WAIT_OBJECT_0) return LOOK_GONE;
    if (!inspection->have_state) thread->status = WctStatusUnknown;
    else thread->status = inspection->waiting ? WctStatusBlocked : WctStatusRunning;
    return LOOK_DONE;
}

/***********************************************************************
 *      look_at_wait   (internal)
 *
 * The analysis of a blocked thread's wait and its confirmation: LOOK_AGAIN when the node
 * did not hold (the finding is void).
 */
static enum look look_at_wait(struct inspection *inspection, struct probe_capture *capture,
                              struct probe_thread *thread, struct probe_wait *wait)
{
    struct probe_walk *walk = inspection->walk;
    struct finding finding;
    BOOL valid;

    memset(&finding, 0, sizeof(finding));
    seam(inspection, PROBE_SEAM_CAPTURED, wait);
    analyse_wait(inspection, capture, thread, wait, &finding);
    /* No object node (an event, a section not established...): nothing to confirm. */
    if (!wait->object_type) valid = TRUE;
    else
    {
        seam(inspection, PROBE_SEAM_ANALYSED, wait);
        valid = confirm(inspection, capture, &finding);
    }
    if (valid) hint_keep(inspection, capture, wait, &finding);
    if (valid && walk && wait->next_thread_id && finding.kind == FINDING_HANDLE
        && finding.object.kind == PROBE_OBJECT_THREAD && finding.object.handle)
    {
        /* The next inspection is of this very thread object. */
        probe_walk_keep_edge(walk, &finding.object.thread, finding.object.handle);
        finding.object.handle = NULL;
    }
    if (finding.kind == FINDING_HANDLE) probe_objects_release(&finding.object);
    if (valid) return LOOK_DONE;
    /* The node no longer holds: the thread moved on, or the object changed, while it was
     * analysed. */
    memset(wait, 0, sizeof(*wait));
    return LOOK_AGAIN;
}

/***********************************************************************
 *      inspect_once   (internal)
 *
 * One look: capture, verdict, and (when wanted) the wait, confirmed.
 */
static enum look inspect_once(struct inspection *inspection, struct probe_thread *thread,
                              struct probe_wait *wait)
{
    struct probe_capture capture;
    BOOL blocked, named;

    if (wait) memset(wait, 0, sizeof(*wait));
    named = wait && hint_names_object(inspection, thread->thread_id);
    if (!probe_thread_capture(inspection->nt, inspection->handle, &capture))
        return status_without_capture(inspection, thread);

    /* Windows says whether the thread waits; Wine does not, so there the verdict is whether
     * it sits in a known wait system call stub. */
    blocked = inspection->have_state ? inspection->waiting : capture_is_wait(inspection, &capture);
    thread->status = blocked ? WctStatusBlocked : WctStatusRunning;
    if (!blocked) hint_forget(inspection);
    if (!blocked || !wait || !(inspection->want & PROBE_WANT_WAIT)) return LOOK_DONE;
    if (hint_holds(inspection, &capture, named, thread->thread_id, wait)) return LOOK_DONE;
    hint_forget(inspection);
    return look_at_wait(inspection, &capture, thread, wait);
}

/***********************************************************************
 *      inspect_opened   (internal)
 *
 * Status (and wait, when wanted) of an opened thread.
 */
static DWORD inspect_opened(const struct probe_nt *nt, struct probe_walk *walk, HANDLE handle,
                            struct probe_hint *hint, DWORD want, struct probe_thread *thread,
                            struct probe_wait *wait)
{
    struct inspection inspection;
    enum look look = LOOK_AGAIN;
    int attempt;

    memset(&inspection, 0, sizeof(inspection));
    inspection.nt = nt;
    inspection.walk = walk;
    inspection.handle = handle;
    inspection.want = want;
    inspection.hint = hint;
    inspection.same_process = thread->process_id == GetCurrentProcessId();
    inspection.have_state = probe_thread_os_state(nt, walk, thread, &inspection.waiting);
    if (!inspection.same_process)
        probe_walk_find_process(walk, thread->process_id, &inspection.target);

    /* A thread of a 32-bit process under a 64-bit caller: never read with the 64-bit logic
     * (probe_wow64.c). A thread that keeps moving is reported with the status of the last
     * look, alone. */
    if (!inspection.same_process && probe_wow64_target(&inspection.target))
    {
        probe_wow64_thread(inspection.have_state, inspection.waiting, thread);
        look = LOOK_DONE;
    }
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
    struct probe_cached_thread *cached;
    const struct probe_edge *edge;
    struct probe_edge named;
    HANDLE handle;
    DWORD error;

    memset(thread, 0, sizeof(*thread));
    if (wait) memset(wait, 0, sizeof(*wait));
    thread->thread_id = thread_id;
    thread->status = WctStatusUnknown;
    if (!nt) return ERROR_NOT_SUPPORTED;

    /* The calling thread is running this code: it never waits. */
    if (thread_id == GetCurrentThreadId())
    {
        BOOL waiting;

        thread->process_id = GetCurrentProcessId();
        probe_thread_os_state(nt, walk, thread, &waiting);
        thread->status = WctStatusRunning;
        return ERROR_SUCCESS;
    }

    /* A thread the session has open is that very thread (its id cannot have been reused). */
    if ((cached = probe_cache_find(walk, thread_id)))
    {
        handle = cached->handle;
        thread->process_id = cached->process_id;
    }
    else
    {
        edge = probe_walk_take_edge(walk, thread_id, &named);
        error = probe_thread_open(nt, thread_id, edge, &handle, thread);
        if (edge) CloseHandle(edge->handle);
        if (error) return error;
        cached = probe_cache_store(walk, thread_id, thread->process_id, handle);
    }
    error = inspect_opened(nt, walk, handle, cached ? &cached->hint : NULL, want, thread, wait);
    if (!cached) CloseHandle(handle);
    else if (error == ERROR_OBJECT_NOT_FOUND) probe_cache_drop(cached);
    return error;
}

const struct probe_ops probe_win_ops =
{
    probe_begin_walk,
    probe_end_walk,
    probe_inspect_thread,
    probe_nt_prepare,
    probe_begin_cached_walk,
    probe_free_cache,
};

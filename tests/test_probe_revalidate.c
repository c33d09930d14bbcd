/*
 * test_probe_revalidate.c - an edge that becomes false after the capture is not reported:
 * the analysis reads the object's state after the capture, and what it read before other
 * work is re-validated after it (src/probe_win.c, revalidate). The walk's test seam
 * (probe_walk.seam) makes the edge false exactly after the capture, or after the analysis.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built like the library, against Wine's headers, to reach the walk context's seam.
 */

#include "probe_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#define TEST_TIMEOUT 5000

/* ---- the threads ------------------------------------------------------------------------ */

/* The joined thread, or the section's owner: holds on until go is set. */
struct target
{
    HANDLE go;
    CRITICAL_SECTION *section;       /* held until go, when set */
    HANDLE holding;                  /* set once the section is held */
};

static DWORD WINAPI target_proc(void *arg)
{
    struct target *target = arg;

    if (target->section)
    {
        EnterCriticalSection(target->section);
        SetEvent(target->holding);
    }
    WaitForSingleObject(target->go, TEST_TIMEOUT);
    if (target->section) LeaveCriticalSection(target->section);
    return 0;
}

/* The waiter: joins the target (or enters its section), then sleeps alone. */
struct waiter
{
    HANDLE target;
    CRITICAL_SECTION *section;
    HANDLE left;                     /* set once it left its join, when set */
};

static DWORD WINAPI waiter_proc(void *arg)
{
    struct waiter *waiter = arg;

    if (waiter->section)
    {
        EnterCriticalSection(waiter->section);
        LeaveCriticalSection(waiter->section);
    }
    else WaitForSingleObject(waiter->target, TEST_TIMEOUT);
    if (waiter->left) SetEvent(waiter->left);
    SleepEx(TEST_TIMEOUT, TRUE);
    return 0;
}

static HANDLE start(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *tid)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, tid);

    assert_non_null(thread);
    return thread;
}

static void CALLBACK wake(ULONG_PTR param)
{
    (void)param;
}

static void wake_join(HANDLE thread)
{
    DWORD start_time = GetTickCount();

    do QueueUserAPC(wake, thread, 0);
    while (WaitForSingleObject(thread, 50) == WAIT_TIMEOUT
           && GetTickCount() - start_time < TEST_TIMEOUT);
    assert_int_equal(WaitForSingleObject(thread, 0), WAIT_OBJECT_0);
    CloseHandle(thread);
}

/* Inspects tid (no walk context) until it shows an object of type (bounded). */
static void wait_until_shows(DWORD tid, WCT_OBJECT_TYPE type)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD start_time = GetTickCount();

    do
    {
        if (probe_win_ops.inspect_thread(NULL, tid, PROBE_WANT_WAIT, &thread, &wait)
                == ERROR_SUCCESS
            && wait.object_type == type)
            return;
        Sleep(10);
    } while (GetTickCount() - start_time < TEST_TIMEOUT);
    fail_msg("thread %04lx never showed object type %d", tid, type);
}

/* ---- the seam ---------------------------------------------------------------------------- */

/* What the hook does: count the seam's calls, keep the first finding analysed, and (when
 * release is set) let the target go at one point and wait until it has exited. */
struct hook
{
    BOOL release;
    enum probe_seam at;              /* where to let it go */
    HANDLE go;
    HANDLE target;                   /* waited for until it has exited */
    HANDLE left;                     /* then waited for, when set */
    int calls[PROBE_SEAMS];          /* per seam point */
    WCT_OBJECT_TYPE first_type;      /* the first finding analysed */
    DWORD first_next;
};

static void seam_hook(void *param, enum probe_seam where, const struct probe_wait *finding)
{
    struct hook *hook = param;

    if (where == PROBE_SEAM_ANALYSED && !hook->calls[where])
    {
        hook->first_type = finding->object_type;
        hook->first_next = finding->next_thread_id;
    }
    if (hook->calls[where]++ || !hook->release || where != hook->at) return;
    SetEvent(hook->go);
    WaitForSingleObject(hook->target, TEST_TIMEOUT);
    if (hook->left) WaitForSingleObject(hook->left, TEST_TIMEOUT);
}

/* Inspects tid in a walk whose seam runs hook. */
static void inspect_with_hook(DWORD tid, struct hook *hook, struct probe_thread *thread,
                              struct probe_wait *wait)
{
    struct probe_walk *walk;
    void *context = NULL;

    assert_int_equal(probe_win_ops.begin_walk(&context), ERROR_SUCCESS);
    walk = context;
    walk->seam = seam_hook;
    walk->seam_param = hook;
    assert_int_equal(probe_win_ops.inspect_thread(context, tid, PROBE_WANT_WAIT, thread, wait),
                     ERROR_SUCCESS);
    probe_win_ops.end_walk(context);
}

/* ---- the tests --------------------------------------------------------------------------- */

static void test_probe_revalidate_join_kept(void **state)
{
    struct target target = { CreateEventW(NULL, TRUE, FALSE, NULL), NULL, NULL };
    struct waiter waiter = { NULL, NULL, NULL };
    struct hook hook;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD target_tid, waiter_tid;
    HANDLE waiter_thread;

    (void)state;
    waiter.target = start(target_proc, &target, &target_tid);
    waiter_thread = start(waiter_proc, &waiter, &waiter_tid);
    wait_until_shows(waiter_tid, WctThreadWaitType);

    /* Control: the seam runs once at each point, and the edge that holds is reported. */
    memset(&hook, 0, sizeof(hook));
    inspect_with_hook(waiter_tid, &hook, &thread, &wait);
    assert_int_equal(hook.calls[PROBE_SEAM_CAPTURED], 1);
    assert_int_equal(hook.calls[PROBE_SEAM_ANALYSED], 1);
    assert_int_equal(hook.first_type, WctThreadWaitType);
    assert_int_equal(hook.first_next, target_tid);
    assert_int_equal(thread.status, WctStatusBlocked);
    assert_int_equal(wait.object_type, WctThreadWaitType);
    assert_int_equal(wait.object_status, WctStatusOwned);
    assert_int_equal(wait.next_thread_id, target_tid);

    SetEvent(target.go);
    assert_int_equal(WaitForSingleObject(waiter.target, TEST_TIMEOUT), WAIT_OBJECT_0);
    wake_join(waiter_thread);
    CloseHandle(waiter.target);
    CloseHandle(target.go);
}

static void test_probe_revalidate_join_dropped(void **state)
{
    struct target target = { CreateEventW(NULL, TRUE, FALSE, NULL), NULL, NULL };
    struct waiter waiter = { NULL, NULL, CreateEventW(NULL, TRUE, FALSE, NULL) };
    struct hook hook;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD target_tid, waiter_tid;
    HANDLE waiter_thread;

    (void)state;
    waiter.target = start(target_proc, &target, &target_tid);
    waiter_thread = start(waiter_proc, &waiter, &waiter_tid);
    wait_until_shows(waiter_tid, WctThreadWaitType);

    /* The joined thread exits after the capture saw the waiter join it, and the waiter
     * leaves its join (the hook waits for both: a loaded machine may leave the waiter in
     * its join long after the target exited, when the join is still what it waits on).
     * Either the analysis finds nothing where the handle was (its stack moved on), or the
     * confirmation's second capture no longer shows the join and the finding is dropped;
     * the next look finds the waiter asleep (Blocked) or on its way there (Running): alone,
     * either way. */
    memset(&hook, 0, sizeof(hook));
    hook.release = TRUE;
    hook.at = PROBE_SEAM_CAPTURED;
    hook.go = target.go;
    hook.target = waiter.target;
    hook.left = waiter.left;
    inspect_with_hook(waiter_tid, &hook, &thread, &wait);
    assert_int_equal(WaitForSingleObject(waiter.target, 0), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(waiter.left, 0), WAIT_OBJECT_0);
    assert_true(hook.calls[PROBE_SEAM_CAPTURED] >= 1);
    assert_true(thread.status == WctStatusBlocked || thread.status == WctStatusRunning);
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.next_thread_id, 0);
    assert_int_equal(wait.next_process_id, 0);

    wake_join(waiter_thread);
    CloseHandle(waiter.target);
    CloseHandle(waiter.left);
    CloseHandle(target.go);
}

static void test_probe_revalidate_critsec_dropped(void **state)
{
    CRITICAL_SECTION section;
    struct target target = { CreateEventW(NULL, TRUE, FALSE, NULL), NULL,
                             CreateEventW(NULL, TRUE, FALSE, NULL) };
    struct waiter waiter = { NULL, NULL, NULL };
    struct hook hook;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD owner_tid, waiter_tid;
    HANDLE owner, waiter_thread;

    (void)state;
    InitializeCriticalSection(&section);
    target.section = waiter.section = &section;
    owner = start(target_proc, &target, &owner_tid);
    assert_int_equal(WaitForSingleObject(target.holding, TEST_TIMEOUT), WAIT_OBJECT_0);
    waiter_thread = start(waiter_proc, &waiter, &waiter_tid);
    wait_until_shows(waiter_tid, WctCriticalSectionType);

    /* The owner leaves the section (and exits) after the analysis named it, before the
     * confirmation: the waiter takes the section, the edge to the owner no longer holds,
     * and it is dropped; a second look finds no edge. */
    memset(&hook, 0, sizeof(hook));
    hook.release = TRUE;
    hook.at = PROBE_SEAM_ANALYSED;
    hook.go = target.go;
    hook.target = owner;
    inspect_with_hook(waiter_tid, &hook, &thread, &wait);
    assert_int_equal(hook.first_type, WctCriticalSectionType);
    assert_int_equal(hook.first_next, owner_tid);
    assert_int_not_equal(wait.next_thread_id, owner_tid);
    assert_int_equal(wait.next_thread_id, 0);

    wake_join(waiter_thread);
    assert_int_equal(WaitForSingleObject(owner, TEST_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(owner);
    CloseHandle(target.go);
    CloseHandle(target.holding);
    DeleteCriticalSection(&section);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_revalidate_join_kept),
        cmocka_unit_test(test_probe_revalidate_join_dropped),
        cmocka_unit_test(test_probe_revalidate_critsec_dropped),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_probe_thread.c - the probe on real threads: the thread node (open, pid, status) and
 * the safety rules (calling thread not suspended, targets resumed, targets that exit).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "probe_test_util.h"

static volatile LONG spin_stop;

static DWORD WINAPI sleeper_proc(void *arg)
{
    (void)arg;
    SleepEx(PROBE_TEST_TIMEOUT, TRUE);
    return 0;
}

static DWORD WINAPI spinner_proc(void *arg)
{
    (void)arg;
    while (!spin_stop) YieldProcessor();
    return 0;
}

static DWORD WINAPI quick_proc(void *arg)
{
    (void)arg;
    return 0;
}

static DWORD WINAPI nap_proc(void *arg)
{
    (void)arg;
    Sleep(1);
    return 0;
}

static void test_probe_thread_calling_is_running(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    memset(&wait, 0xcc, sizeof(wait));
    assert_int_equal(probe_win_ops.inspect_thread(NULL, GetCurrentThreadId(), PROBE_WANT_WAIT,
                                                  &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.thread_id, GetCurrentThreadId());
    assert_int_equal(thread.process_id, GetCurrentProcessId());
    assert_int_equal(thread.status, WctStatusRunning);
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.next_thread_id, 0);
}

static void test_probe_thread_unknown_id_not_found(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    assert_int_equal(probe_win_ops.inspect_thread(NULL, 0, PROBE_WANT_WAIT, &thread, &wait),
                     ERROR_OBJECT_NOT_FOUND);
    /* Thread ids are multiples of 4: this one never exists. */
    assert_int_equal(probe_win_ops.inspect_thread(NULL, 0xfffffff1, PROBE_WANT_WAIT, &thread,
                                                  &wait), ERROR_OBJECT_NOT_FOUND);
}

static void test_probe_thread_exited_not_found(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD tid;
    HANDLE handle = probe_test_start(quick_proc, NULL, &tid);

    (void)state;
    /* Our handle keeps the exited thread's object (and id) alive: it can still be opened. */
    assert_int_equal(WaitForSingleObject(handle, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_int_equal(probe_win_ops.inspect_thread(NULL, tid, PROBE_WANT_WAIT, &thread, &wait),
                     ERROR_OBJECT_NOT_FOUND);
    CloseHandle(handle);
}

static void test_probe_thread_sleeping_is_blocked(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD tid;
    HANDLE handle = probe_test_start(sleeper_proc, NULL, &tid);

    (void)state;
    assert_int_equal(probe_test_inspect_until(tid, PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.status, WctStatusBlocked);
    assert_int_equal(thread.thread_id, tid);
    assert_int_equal(thread.process_id, GetCurrentProcessId());
    /* Sleep is a wait on nothing: Windows reports the thread alone. */
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.next_thread_id, 0);

    /* The probe resumed it: the suspend count is back to 0. */
    assert_int_equal(SuspendThread(handle), 0);
    assert_int_equal(ResumeThread(handle), 1);
    probe_test_wake_join(handle);
}

/* Ids that name a thread only through their two low bits (which opening ignores) are no
 * thread's id: not found, and the thread they alias is never suspended. */
static void test_probe_thread_aliased_id_not_found(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD tid, low_bits;
    HANDLE handle = probe_test_start(sleeper_proc, NULL, &tid);

    (void)state;
    for (low_bits = 1; low_bits <= 3; low_bits++)
    {
        assert_int_equal(probe_win_ops.inspect_thread(NULL, GetCurrentThreadId() | low_bits,
                                                      PROBE_WANT_WAIT, &thread, &wait),
                         ERROR_OBJECT_NOT_FOUND);
        assert_int_equal(probe_win_ops.inspect_thread(NULL, tid | low_bits, PROBE_WANT_WAIT,
                                                      &thread, &wait),
                         ERROR_OBJECT_NOT_FOUND);
    }
    assert_int_equal(SuspendThread(handle), 0);
    assert_int_equal(ResumeThread(handle), 1);
    probe_test_wake_join(handle);
}

static void test_probe_thread_spinning_is_running(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD tid;
    HANDLE handle;
    int i;

    (void)state;
    spin_stop = 0;
    handle = probe_test_start(spinner_proc, NULL, &tid);
    assert_int_equal(probe_test_inspect_until(tid, PROBE_WANT_WAIT, WctStatusRunning, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    /* A thread that never enters a system call is never seen blocked. */
    for (i = 0; i < 20; i++)
    {
        assert_int_equal(probe_win_ops.inspect_thread(NULL, tid, PROBE_WANT_WAIT, &thread, &wait),
                         ERROR_SUCCESS);
        assert_int_equal(thread.status, WctStatusRunning);
        assert_int_equal(wait.object_type, 0);
    }
    assert_int_equal(SuspendThread(handle), 0);
    assert_int_equal(ResumeThread(handle), 1);
    spin_stop = 1;
    probe_test_join(handle);
}

static void test_probe_thread_exiting_targets_are_clean(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    int i, found = 0, gone = 0;

    (void)state;
    /* Threads that exit while being inspected give a clean answer, never a crash, a hang
     * or a half-filled one. */
    for (i = 0; i < 200; i++)
    {
        DWORD tid, error;
        HANDLE handle = CreateThread(NULL, 0, i % 2 ? quick_proc : nap_proc, NULL, 0, &tid);

        assert_non_null(handle);
        error = probe_win_ops.inspect_thread(NULL, tid, PROBE_WANT_WAIT, &thread, &wait);
        assert_int_equal(thread.thread_id, tid);
        if (error == ERROR_SUCCESS)
        {
            found++;
            assert_int_equal(thread.process_id, GetCurrentProcessId());
            assert_true(thread.status == WctStatusRunning || thread.status == WctStatusBlocked
                        || thread.status == WctStatusUnknown);
            assert_int_equal(wait.object_type, 0);
        }
        else
        {
            gone++;
            assert_int_equal(error, ERROR_OBJECT_NOT_FOUND);
        }
        probe_test_join(handle);
    }
    assert_int_equal(found + gone, 200);
}

static void test_probe_thread_walk_context(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    void *context = NULL;
    DWORD tid;
    HANDLE handle = probe_test_start(sleeper_proc, NULL, &tid);

    (void)state;
    assert_int_equal(probe_win_ops.begin_walk(&context), ERROR_SUCCESS);
    assert_non_null(context);
    assert_int_equal(probe_win_ops.inspect_thread(context, GetCurrentThreadId(), PROBE_WANT_WAIT,
                                                  &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.status, WctStatusRunning);
    assert_int_equal(probe_test_inspect_until(tid, PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(probe_win_ops.inspect_thread(context, tid, PROBE_WANT_WAIT, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(thread.status, WctStatusBlocked);
    probe_win_ops.end_walk(context);
    probe_test_wake_join(handle);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_thread_calling_is_running),
        cmocka_unit_test(test_probe_thread_unknown_id_not_found),
        cmocka_unit_test(test_probe_thread_exited_not_found),
        cmocka_unit_test(test_probe_thread_sleeping_is_blocked),
        cmocka_unit_test(test_probe_thread_aliased_id_not_found),
        cmocka_unit_test(test_probe_thread_spinning_is_running),
        cmocka_unit_test(test_probe_thread_exiting_targets_are_clean),
        cmocka_unit_test(test_probe_thread_walk_context),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

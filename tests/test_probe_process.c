/*
 * test_probe_process.c - the probe on threads of another process (helper_child.exe):
 * sleeping, joining, entering a critical section (read there only with
 * PROBE_WANT_FOREIGN_CS), owning a mutex this process waits on, waiting on an event.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "probe_test_util.h"

static BOOL running_on_wine(void)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
}

static void test_probe_process_sleeping_child(void **state)
{
    struct probe_child child;
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    probe_test_child_start(&child, "sleep", NULL);
    assert_int_equal(probe_test_inspect_until(child.tid[0], PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.thread_id, child.tid[0]);
    assert_int_equal(thread.process_id, child.info.dwProcessId);
    assert_int_equal(wait.object_type, 0);
    probe_test_child_stop(&child);
}

static void test_probe_process_event_wait_alone(void **state)
{
    struct probe_child child;
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    /* The child's main thread waits on its release event. */
    probe_test_child_start(&child, "sleep", NULL);
    assert_int_equal(probe_test_inspect_until(child.info.dwThreadId, PROBE_WANT_WAIT,
                                              WctStatusBlocked, 0, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(thread.process_id, child.info.dwProcessId);
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.next_thread_id, 0);
    probe_test_child_stop(&child);
}

static void test_probe_process_join_in_child(void **state)
{
    struct probe_child child;
    struct probe_thread thread;
    struct probe_wait wait;
    void *context = NULL;

    (void)state;
    probe_test_child_start(&child, "join", NULL);
    assert_int_equal(probe_test_inspect_until(child.tid[0], PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctThreadWaitType, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(thread.process_id, child.info.dwProcessId);
    assert_int_equal(wait.object_status, WctStatusOwned);
    assert_int_equal(wait.next_thread_id, child.tid[1]);
    assert_int_equal(wait.next_process_id, child.info.dwProcessId);

    /* The same through a walk context (the child's process handle cached for the walk). */
    assert_int_equal(probe_win_ops.begin_walk(&context), ERROR_SUCCESS);
    assert_int_equal(probe_win_ops.inspect_thread(context, child.tid[0], PROBE_WANT_WAIT,
                                                  &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(wait.next_thread_id, child.tid[1]);
    assert_int_equal(probe_win_ops.inspect_thread(context, child.tid[1], PROBE_WANT_WAIT,
                                                  &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.status, WctStatusBlocked);
    assert_int_equal(thread.process_id, child.info.dwProcessId);
    probe_win_ops.end_walk(context);
    probe_test_child_stop(&child);
}

static void test_probe_process_critsec_needs_flag(void **state)
{
    struct probe_child child;
    struct probe_thread thread;
    struct probe_wait wait;
    int i;

    (void)state;
    probe_test_child_start(&child, "cs", NULL);
    /* With PROBE_WANT_FOREIGN_CS the section is read in the child... */
    assert_int_equal(probe_test_inspect_until(child.tid[1], PROBE_WANT_WAIT | PROBE_WANT_FOREIGN_CS,
                                              WctStatusBlocked, WctCriticalSectionType,
                                              &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(thread.process_id, child.info.dwProcessId);
    assert_int_equal(wait.object_status, WctStatusOwned);
    assert_int_equal(wait.next_thread_id, child.tid[0]);
    assert_int_equal(wait.next_process_id, child.info.dwProcessId);
    /* ...without it, never: the thread is reported blocked, alone. */
    for (i = 0; i < 5; i++)
    {
        assert_int_equal(probe_win_ops.inspect_thread(NULL, child.tid[1], PROBE_WANT_WAIT,
                                                      &thread, &wait), ERROR_SUCCESS);
        assert_int_equal(thread.status, WctStatusBlocked);
        assert_int_equal(wait.object_type, 0);
    }
    probe_test_child_stop(&child);
}

static DWORD WINAPI mutex_waiter_proc(void *arg)
{
    HANDLE mutex = OpenMutexA(SYNCHRONIZE, FALSE, arg);
    DWORD result;

    if (!mutex) return 1;
    result = WaitForSingleObject(mutex, PROBE_TEST_TIMEOUT);
    if (result == WAIT_OBJECT_0 || result == WAIT_ABANDONED) ReleaseMutex(mutex);
    CloseHandle(mutex);
    return result == WAIT_OBJECT_0 ? 0 : 2;
}

static void test_probe_process_mutex_owned_by_child(void **state)
{
    struct probe_child child;
    struct probe_thread thread;
    struct probe_wait wait;
    char name[64];
    WCHAR wname[64];
    size_t length, tail;
    DWORD waiter_tid;
    HANDLE waiter;

    (void)state;
    snprintf(name, sizeof(name), "wct-probe-child-mutex-%lu", (unsigned long)GetCurrentProcessId());
    MultiByteToWideChar(CP_ACP, 0, name, -1, wname, ARRAYSIZE(wname));
    probe_test_child_start(&child, "mutex", name);
    waiter = probe_test_start(mutex_waiter_proc, name, &waiter_tid);

    assert_int_equal(probe_test_inspect_until(waiter_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctMutexType, &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(wait.object_status, WctStatusOwned);
    length = wcslen(wait.object_name);
    tail = wcslen(wname);
    assert_true(length > tail);
    assert_memory_equal(wait.object_name + length - tail, wname, tail * sizeof(WCHAR));
    if (running_on_wine())
    {
        /* Wine does not reveal the owner: the chain ends at the mutex. */
        assert_int_equal(wait.next_thread_id, 0);
    }
    else
    {
        assert_int_equal(wait.next_thread_id, child.tid[0]);
        assert_int_equal(wait.next_process_id, child.info.dwProcessId);
    }

    probe_test_child_stop(&child);
    probe_test_join(waiter);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_process_sleeping_child),
        cmocka_unit_test(test_probe_process_event_wait_alone),
        cmocka_unit_test(test_probe_process_join_in_child),
        cmocka_unit_test(test_probe_process_critsec_needs_flag),
        cmocka_unit_test(test_probe_process_mutex_owned_by_child),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

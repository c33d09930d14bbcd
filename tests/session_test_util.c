/*
 * session_test_util.c - helpers for the session, pool and async tests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "session_test_util.h"

HANDLE test_start_thread(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id)
{
    DWORD id;
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, &id);

    assert_non_null(thread);
    if (thread_id) *thread_id = id;
    return thread;
}

void test_join_thread(HANDLE thread)
{
    assert_int_equal(WaitForSingleObject(thread, TEST_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(thread);
}

void test_wait(HANDLE object)
{
    assert_int_equal(WaitForSingleObject(object, TEST_TIMEOUT), WAIT_OBJECT_0);
}

static DWORD WINAPI spin(void *param)
{
    struct spinner *spinner = param;

    while (!InterlockedCompareExchange(&spinner->stop, 0, 0)) YieldProcessor();
    return 0;
}

void test_start_spinner(struct spinner *spinner)
{
    spinner->stop = 0;
    spinner->thread = test_start_thread(spin, spinner, &spinner->thread_id);
}

void test_stop_spinner(struct spinner *spinner)
{
    InterlockedExchange(&spinner->stop, 1);
    test_join_thread(spinner->thread);
}

static DWORD WINAPI exit_at_once(void *param)
{
    (void)param;
    return 0;
}

DWORD test_exited_thread_id(void)
{
    DWORD thread_id;

    test_join_thread(test_start_thread(exit_at_once, NULL, &thread_id));
    return thread_id;
}

BOOL test_wait_for_value(volatile LONG *value, LONG expected, DWORD timeout)
{
    DWORD start = GetTickCount();

    while (InterlockedCompareExchange(value, 0, 0) != expected)
    {
        if (GetTickCount() - start > timeout) return FALSE;
        Sleep(5);
    }
    return TRUE;
}

DWORD test_handle_count(void)
{
    DWORD count = 0;

    assert_true(GetProcessHandleCount(GetCurrentProcess(), &count));
    return count;
}

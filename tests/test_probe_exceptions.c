/*
 * test_probe_exceptions.c - no exception raised by wct's reads reaches the program's own
 * handlers (issue 21.3).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A program that inspects its own threads adds its own vectored handler first in line after
 * opening its session (as a crash reporter does), while another of its threads keeps
 * changing the protection of the page that holds a waiter's handle array. Every exception
 * that handler sees was raised inside wct: nothing else in the program faults.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define DEFAULT_SECONDS 10

#define WAITERS 4

static volatile LONG program_exceptions, stop, toggles;
static HANDLE *page; /* the waiters' handle arrays, two handles each, on one page */

static LONG CALLBACK program_handler(EXCEPTION_POINTERS *info)
{
    (void)info;
    InterlockedIncrement(&program_exceptions);
    return EXCEPTION_CONTINUE_SEARCH;
}

/* NtWaitForMultipleObjects itself: WaitForMultipleObjects waits on a copy of the array on
 * its stack (Wine), where the protection does not change. */
typedef LONG (WINAPI *wait_multiple_fn)(ULONG count, const HANDLE *handles, ULONG wait_type,
                                        BOOLEAN alertable, const LARGE_INTEGER *timeout);
static wait_multiple_fn pNtWaitForMultipleObjects;

static DWORD WINAPI wait_on_array(void *handles)
{
    return (DWORD)pNtWaitForMultipleObjects(2, handles, 1 /* any */, FALSE, NULL);
}

static DWORD WINAPI toggle_protection(void *unused)
{
    DWORD old;

    (void)unused;
    while (!stop)
    {
        VirtualProtect(page, 1, PAGE_NOACCESS, &old);
        VirtualProtect(page, 1, PAGE_READWRITE, &old);
        toggles++;
    }
    return 0;
}

static void test_exceptions_unseen_by_the_program(void **state)
{
    const char *env = getenv("WCT_EXCEPTION_SECONDS");
    DWORD seconds = env && *env ? (DWORD)strtoul(env, NULL, 10) : DEFAULT_SECONDS;
    unsigned long walks = 0, edges = 0;
    HANDLE waiters[WAITERS], toggler, wake, mutex;
    DWORD ids[WAITERS], start, old;
    void *cookie;
    HWCT session;
    int i;

    (void)state;
    pNtWaitForMultipleObjects = (wait_multiple_fn)(void *)GetProcAddress(
        GetModuleHandleW(L"ntdll.dll"), "NtWaitForMultipleObjects");
    assert_non_null(pNtWaitForMultipleObjects);
    page = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    assert_non_null(page);
    /* Each waits on a mutex this thread owns (a node, so its handle is read and read again
     * by the confirmation), or an event that wakes it at the end. */
    mutex = CreateMutexW(NULL, TRUE, NULL);
    wake = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < WAITERS; i++)
    {
        page[2 * i] = mutex;
        page[2 * i + 1] = wake;
        waiters[i] = CreateThread(NULL, 0, wait_on_array, &page[2 * i], 0, &ids[i]);
        assert_non_null(waiters[i]);
    }
    Sleep(100);

    session = OpenThreadWaitChainSession(0, NULL);
    assert_non_null(session);
    /* After the session: first in line, ahead of anything wct added. */
    cookie = AddVectoredExceptionHandler(1, program_handler);
    assert_non_null(cookie);
    toggler = CreateThread(NULL, 0, toggle_protection, NULL, 0, NULL);
    assert_non_null(toggler);

    start = GetTickCount();
    while (GetTickCount() - start < seconds * 1000)
    {
        WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
        DWORD count = WCT_MAX_NODE_COUNT;
        BOOL is_cycle;

        if (!GetThreadWaitChain(session, 0, 0, ids[walks % WAITERS], &count, nodes, &is_cycle))
            fail_msg("walk %lu: error %lu", walks, GetLastError());
        walks++;
        if (count > 1) edges++;
    }

    stop = 1;
    assert_int_equal(WaitForSingleObject(toggler, 10000), WAIT_OBJECT_0);
    RemoveVectoredExceptionHandler(cookie);
    VirtualProtect(page, 1, PAGE_READWRITE, &old);
    SetEvent(wake);
    assert_int_equal(WaitForMultipleObjects(WAITERS, waiters, TRUE, 10000), WAIT_OBJECT_0);
    CloseThreadWaitChainSession(session);
    for (i = 0; i < WAITERS; i++) CloseHandle(waiters[i]);
    CloseHandle(toggler);
    CloseHandle(mutex);
    CloseHandle(wake);
    VirtualFree(page, 0, MEM_RELEASE);
    print_message("%lu walks, %lu with the mutex's node, %ld protection changes; the program's "
                  "handler saw %ld exceptions\n", walks, edges, toggles, program_exceptions);
    assert_int_equal(program_exceptions, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exceptions_unseen_by_the_program),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

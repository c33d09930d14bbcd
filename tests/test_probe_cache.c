/*
 * test_probe_cache.c - a session's cache of threads (src/probe/probe_cache.c), through the
 * public API: what it holds, that it is bounded, that an exited thread leaves it, and that
 * Close empties it.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a session holds is counted in handles: each cached thread is one handle of the
 * probe's, plus one for the object its wait was last found on.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <windows.h>
#include <wct.h>

#include "probe.h"

#define STEP_TIMEOUT 5000
#define MANY_THREADS (PROBE_CACHE_THREADS + 64)

/* Handle values a process uses: the lowest free value goes first, so all this test makes
 * stay well below it. */
#define HANDLE_VALUE_LIMIT 0x4000

/* The process's open handles, counted one value at a time (Wine's GetProcessHandleCount
 * answers 0). */
static DWORD handle_count(void)
{
    DWORD count = 0, flags;
    ULONG_PTR value;

    for (value = 4; value < HANDLE_VALUE_LIMIT; value += 4)
        if (GetHandleInformation((HANDLE)value, &flags)) count++;
    return count;
}

static DWORD WINAPI wait_for_event(void *event)
{
    WaitForSingleObject(event, 4 * STEP_TIMEOUT);
    return 0;
}

static DWORD WINAPI join_thread(void *thread)
{
    WaitForSingleObject(thread, 4 * STEP_TIMEOUT);
    return 0;
}

/* The chain from tid, until it has count nodes (threads take a moment to block). */
static void chain_until(HWCT session, DWORD tid, DWORD count)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD start = GetTickCount(), got;
    BOOL cycle;

    do
    {
        got = WCT_MAX_NODE_COUNT;
        if (GetThreadWaitChain(session, 0, 0, tid, &got, nodes, &cycle) && got == count) return;
        Sleep(10);
    } while (GetTickCount() - start < STEP_TIMEOUT);
    fail_msg("the chain from %lu did not reach %lu nodes (last: %lu)", (unsigned long)tid,
             (unsigned long)count, (unsigned long)got);
}

static void stop_thread(HANDLE thread)
{
    assert_int_equal(WaitForSingleObject(thread, STEP_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(thread);
}

/* A chain of three threads (two joins, then an event): the session keeps the three threads
 * and the two joined thread objects, and gives them all back on Close. */
static void test_cache_held_until_close(void **state)
{
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL), last, middle, first;
    DWORD before, first_tid, held;
    HWCT session;

    (void)state;
    assert_non_null(last = CreateThread(NULL, 0, wait_for_event, event, 0, NULL));
    assert_non_null(middle = CreateThread(NULL, 0, join_thread, last, 0, NULL));
    assert_non_null(first = CreateThread(NULL, 0, join_thread, middle, 0, &first_tid));
    before = handle_count();
    assert_non_null(session = OpenThreadWaitChainSession(0, NULL));
    chain_until(session, first_tid, 5);
    chain_until(session, first_tid, 5);
    held = handle_count() - before;
    print_message("handles the session holds after two walks: %lu\n", (unsigned long)held);
    assert_true(held >= 5);
    CloseThreadWaitChainSession(session);
    assert_int_equal(handle_count(), before);

    SetEvent(event);
    stop_thread(first);
    stop_thread(middle);
    stop_thread(last);
    CloseHandle(event);
}

/* More threads than the cache has entries: what it holds stays bounded. */
static void test_cache_bounded(void **state)
{
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE threads[MANY_THREADS];
    DWORD tids[MANY_THREADS], before, held;
    HWCT session;
    int i;

    (void)state;
    for (i = 0; i < MANY_THREADS; i++)
        assert_non_null(threads[i] = CreateThread(NULL, 0, wait_for_event, event, 0, &tids[i]));
    before = handle_count();
    assert_non_null(session = OpenThreadWaitChainSession(0, NULL));
    for (i = 0; i < MANY_THREADS; i++) chain_until(session, tids[i], 1);
    held = handle_count() - before;
    print_message("%d threads looked at, %lu handles held\n", MANY_THREADS, (unsigned long)held);
    assert_true(held >= PROBE_CACHE_THREADS / 2);
    assert_true(held <= PROBE_CACHE_THREADS + 8);
    CloseThreadWaitChainSession(session);
    assert_int_equal(handle_count(), before);

    SetEvent(event);
    for (i = 0; i < MANY_THREADS; i++) stop_thread(threads[i]);
    CloseHandle(event);
}

/* A cached thread that exits is not found any more, and its handle is let go at once (its
 * id may then be reused, by a thread the cache must not take for it). */
static void test_cache_drops_exited(void **state)
{
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL), thread;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD before, tid, count;
    HWCT session;
    BOOL cycle;

    (void)state;
    assert_non_null(thread = CreateThread(NULL, 0, wait_for_event, event, 0, &tid));
    assert_non_null(session = OpenThreadWaitChainSession(0, NULL));
    before = handle_count();
    chain_until(session, tid, 1);
    assert_int_equal(handle_count(), before + 1);
    SetEvent(event);
    stop_thread(thread);
    count = WCT_MAX_NODE_COUNT;
    SetLastError(0xdeadbeef);
    assert_false(GetThreadWaitChain(session, 0, 0, tid, &count, nodes, &cycle));
    assert_int_equal(GetLastError(), ERROR_OBJECT_NOT_FOUND);
    assert_int_equal(handle_count(), before - 1); /* the test's own handle closed too */
    CloseThreadWaitChainSession(session);
    CloseHandle(event);
}

static DWORD WINAPI take_mutex(void *mutex)
{
    if (WaitForSingleObject(mutex, 4 * STEP_TIMEOUT) == WAIT_OBJECT_0) ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}

/* A named mutex a thread waited on, once the program has closed its every handle, is gone
 * even while the session that looked at the wait stays open: the session keeps threads, not
 * the program's other objects (a name still in use would break single-instance checks). */
static void test_cache_keeps_no_mutex(void **state)
{
    HANDLE thread_for_mutex;
    static const WCHAR name[] = L"wct-cache-mutex-test";
    HANDLE owned = CreateMutexW(NULL, TRUE, name), waiter_handle, again;
    DWORD tid;
    HWCT session;

    (void)state;
    assert_non_null(owned);
    assert_non_null(waiter_handle = OpenMutexW(SYNCHRONIZE, FALSE, name));
    assert_non_null(session = OpenThreadWaitChainSession(0, NULL));
    assert_non_null(thread_for_mutex = CreateThread(NULL, 0, take_mutex, waiter_handle, 0, &tid));
    chain_until(session, tid, 2);
    chain_until(session, tid, 2);
    ReleaseMutex(owned);
    CloseHandle(owned);
    stop_thread(thread_for_mutex);
    again = CreateMutexW(NULL, FALSE, name);
    assert_non_null(again);
    assert_int_not_equal(GetLastError(), ERROR_ALREADY_EXISTS);
    CloseHandle(again);
    CloseThreadWaitChainSession(session);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_cache_held_until_close),
        cmocka_unit_test(test_cache_bounded),
        cmocka_unit_test(test_cache_drops_exited),
        cmocka_unit_test(test_cache_keeps_no_mutex),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

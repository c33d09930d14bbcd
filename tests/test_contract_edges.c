/*
 * test_contract_edges.c - the seams of the public contract that issue 10 found, through
 * wct.dll: output buffers the call cannot write (read-only, guard, unmapped pages), two
 * callbacks that close each other's sessions, and callbacks that block every pool thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Before issue 10 a bad output pointer crashed the caller (synchronous) or, later, a pool
 * thread (asynchronous, after ERROR_IO_PENDING); the mutual Close deadlocked both pool
 * threads for good; an unrelated session waited as long as the blocked callbacks did.
 * main() sets WCT_POOL_THREADS=2 before the first call: two blocked callbacks fill the pool.
 */

#include <string.h>

#include "session_test_util.h"

#define UNTOUCHED 0xdeadbeef

/* ---- output buffers ------------------------------------------------------------------------ */

enum page_kind { PAGE_READ_ONLY, PAGE_GUARDED, PAGE_RESERVED_ONLY };

/* One page of the kind asked for, right after a writable one (so a buffer can straddle). */
static BYTE *bad_page(enum page_kind kind, BYTE **base)
{
    DWORD old;
    BYTE *pages = VirtualAlloc(NULL, 2 * 4096, MEM_RESERVE, PAGE_NOACCESS);

    assert_non_null(pages);
    assert_non_null(VirtualAlloc(pages, 4096, MEM_COMMIT, PAGE_READWRITE));
    if (kind != PAGE_RESERVED_ONLY)
    {
        assert_non_null(VirtualAlloc(pages + 4096, 4096, MEM_COMMIT, PAGE_READWRITE));
        assert_true(VirtualProtect(pages + 4096, 4096,
                                   kind == PAGE_READ_ONLY ? PAGE_READONLY : PAGE_READWRITE | PAGE_GUARD,
                                   &old));
    }
    *base = pages;
    return pages + 4096;
}

static volatile LONG callbacks;

static VOID CALLBACK count_callback(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                    PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    (void)session; (void)context; (void)status; (void)count; (void)nodes; (void)is_cycle;
    InterlockedIncrement(&callbacks);
}

/* Asks with one of the three buffers bad; expects ERROR_NOACCESS and nothing else. */
static void expect_no_access(HWCT session, DWORD *count, WAITCHAIN_NODE_INFO *nodes, BOOL *cycle)
{
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, GetCurrentThreadId(), count, nodes, cycle));
    assert_int_equal(GetLastError(), ERROR_NOACCESS);
}

static void check_each_buffer(HWCT session, enum page_kind kind)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL cycle;
    BYTE *base, *page = bad_page(kind, &base);

    expect_no_access(session, (DWORD *)page, nodes, &cycle);
    expect_no_access(session, &count, (WAITCHAIN_NODE_INFO *)page, &cycle);
    /* An array whose last entries run into the bad page. */
    expect_no_access(session, &count, (WAITCHAIN_NODE_INFO *)(page - sizeof(nodes) + 8), &cycle);
    expect_no_access(session, &count, nodes, (BOOL *)page);
    /* A guard page is still armed: nothing touched it. */
    if (kind == PAGE_GUARDED)
    {
        MEMORY_BASIC_INFORMATION info;

        assert_true(VirtualQuery(page, &info, sizeof(info)));
        assert_true(info.Protect & PAGE_GUARD);
    }
    assert_true(VirtualFree(base, 0, MEM_RELEASE));
}

static void test_contract_edges_bad_buffers_sync(void **state)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);

    (void)state;
    assert_non_null(session);
    check_each_buffer(session, PAGE_READ_ONLY);
    check_each_buffer(session, PAGE_GUARDED);
    check_each_buffer(session, PAGE_RESERVED_ONLY);
    CloseThreadWaitChainSession(session);
}

/* Refused at the call, with no callback ever: nothing is left to crash a pool thread. */
static void test_contract_edges_bad_buffers_async(void **state)
{
    HWCT session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, count_callback);

    (void)state;
    assert_non_null(session);
    callbacks = 0;
    check_each_buffer(session, PAGE_READ_ONLY);
    check_each_buffer(session, PAGE_GUARDED);
    check_each_buffer(session, PAGE_RESERVED_ONLY);
    CloseThreadWaitChainSession(session);
    assert_int_equal(callbacks, 0);
}

/* ---- two callbacks that close each other's sessions ----------------------------------------- */

struct mutual
{
    HWCT sessions[2];
    HANDLE entered[2];               /* callback i runs */
    volatile LONG closed[2];         /* callback i's Close of the other session returned */
    WAITCHAIN_NODE_INFO nodes[2][WCT_MAX_NODE_COUNT];
    DWORD counts[2];
    BOOL cycles[2];
};

static struct mutual mutual;

static VOID CALLBACK close_other(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                 PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    int mine = (int)context, other = 1 - mine;

    (void)session; (void)status; (void)count; (void)nodes; (void)is_cycle;
    SetEvent(mutual.entered[mine]);
    /* Both callbacks run before either closes: each Close meets the other's callback. */
    WaitForSingleObject(mutual.entered[other], TEST_TIMEOUT);
    CloseThreadWaitChainSession(mutual.sessions[other]);
    InterlockedExchange(&mutual.closed[mine], 1);
}

static void test_contract_edges_mutual_close_returns(void **state)
{
    int i;

    (void)state;
    memset(&mutual, 0, sizeof(mutual));
    for (i = 0; i < 2; i++)
    {
        mutual.entered[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        mutual.sessions[i] = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, close_other);
        assert_non_null(mutual.sessions[i]);
    }
    for (i = 0; i < 2; i++)
    {
        mutual.counts[i] = WCT_MAX_NODE_COUNT;
        SetLastError(UNTOUCHED);
        assert_false(GetThreadWaitChain(mutual.sessions[i], (DWORD_PTR)i, 0, GetCurrentThreadId(),
                                        &mutual.counts[i], mutual.nodes[i], &mutual.cycles[i]));
        assert_int_equal(GetLastError(), ERROR_IO_PENDING);
    }
    /* Both Closes return: the later one does not wait for a callback that waits for it. */
    assert_true(test_wait_for_value(&mutual.closed[0], 1, TEST_TIMEOUT));
    assert_true(test_wait_for_value(&mutual.closed[1], 1, TEST_TIMEOUT));
    for (i = 0; i < 2; i++) CloseHandle(mutual.entered[i]);
}

/* ---- callbacks that block every pool thread ------------------------------------------------ */

static HANDLE unblock, independent_came;
static volatile LONG blocked_now;

static VOID CALLBACK block_callback(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                    PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    (void)session; (void)context; (void)status; (void)count; (void)nodes; (void)is_cycle;
    InterlockedIncrement(&blocked_now);
    WaitForSingleObject(unblock, 2 * TEST_TIMEOUT);
    InterlockedDecrement(&blocked_now);
}

static VOID CALLBACK signal_callback(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                     PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    (void)session; (void)context; (void)status; (void)count; (void)nodes; (void)is_cycle;
    SetEvent(independent_came);
}

struct request_buffers
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count;
    BOOL cycle;
};

static void submit_request(HWCT session, struct request_buffers *buffers)
{
    buffers->count = WCT_MAX_NODE_COUNT;
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, GetCurrentThreadId(), &buffers->count,
                                    buffers->nodes, &buffers->cycle));
    assert_int_equal(GetLastError(), ERROR_IO_PENDING);
}

/* Both pool threads wait in their callbacks: an independent session's callback still comes
 * within a second. */
static void test_contract_edges_blocked_callbacks_do_not_starve(void **state)
{
    enum { BLOCKERS = 2 };
    static struct request_buffers blocked[BLOCKERS], independent;
    HWCT blockers[BLOCKERS], session;
    int i;

    (void)state;
    unblock = CreateEventW(NULL, TRUE, FALSE, NULL);
    independent_came = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < BLOCKERS; i++)
    {
        blockers[i] = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, block_callback);
        assert_non_null(blockers[i]);
        submit_request(blockers[i], &blocked[i]);
    }
    assert_true(test_wait_for_value(&blocked_now, BLOCKERS, TEST_TIMEOUT));
    session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, signal_callback);
    assert_non_null(session);
    submit_request(session, &independent);
    assert_int_equal(WaitForSingleObject(independent_came, 1000), WAIT_OBJECT_0);

    SetEvent(unblock);
    for (i = 0; i < BLOCKERS; i++) CloseThreadWaitChainSession(blockers[i]);
    CloseThreadWaitChainSession(session);
    CloseHandle(unblock);
    CloseHandle(independent_came);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_contract_edges_bad_buffers_sync),
        cmocka_unit_test(test_contract_edges_bad_buffers_async),
        cmocka_unit_test(test_contract_edges_mutual_close_returns),
        cmocka_unit_test(test_contract_edges_blocked_callbacks_do_not_starve),
    };

    SetEnvironmentVariableA("WCT_POOL_THREADS", "2");
    return cmocka_run_group_tests(tests, NULL, NULL);
}

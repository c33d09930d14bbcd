/*
 * test_chains_real.c - whole chains of real threads through wct.dll, under Wine: longer than
 * the buffer, longer than WCT_MAX_NODE_COUNT, and the 9-node deadlock of issue 4.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define MAX_JOINERS 12
#define SETTLE_TRIES 100 /* x 50 ms: how long a chain may take to form */

/* Threads joining each other: threads[i] waits for threads[i + 1]; the last one sleeps. */
struct join_line
{
    HANDLE threads[MAX_JOINERS];
    DWORD ids[MAX_JOINERS];
    int count;
};

static DWORD WINAPI sleep_alertably(void *unused)
{
    (void)unused;
    SleepEx(INFINITE, TRUE);
    return 0;
}

static DWORD WINAPI join_next(void *next)
{
    return WaitForSingleObject((HANDLE)next, INFINITE);
}

static void CALLBACK wake(ULONG_PTR unused)
{
    (void)unused;
}

static void join_line_start(struct join_line *line, int count)
{
    int i;

    line->count = count;
    for (i = count - 1; i >= 0; i--)
    {
        line->threads[i] = i == count - 1
            ? CreateThread(NULL, 0, sleep_alertably, NULL, 0, &line->ids[i])
            : CreateThread(NULL, 0, join_next, line->threads[i + 1], 0, &line->ids[i]);
        assert_non_null(line->threads[i]);
    }
}

/* The sleeper wakes and returns; every joiner follows. */
static void join_line_stop(struct join_line *line)
{
    int i;

    QueueUserAPC(wake, line->threads[line->count - 1], 0);
    for (i = 0; i < line->count; i++)
    {
        assert_int_equal(WaitForSingleObject(line->threads[i], 5000), WAIT_OBJECT_0);
        CloseHandle(line->threads[i]);
    }
}

struct chain
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count;
    BOOL is_cycle;
    DWORD error;
};

static void get_chain(HWCT session, DWORD thread_id, DWORD capacity, struct chain *chain)
{
    memset(chain, 0xcc, sizeof(*chain));
    chain->count = capacity;
    SetLastError(0xdeadbeef);
    chain->error = GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG, thread_id, &chain->count,
                                      chain->nodes, &chain->is_cycle) ? ERROR_SUCCESS : GetLastError();
}

/* Asks until the chain reaches the expected length (threads take a moment to block). */
static void get_settled_chain(HWCT session, DWORD thread_id, DWORD capacity, DWORD expected_error,
                              DWORD expected_count, struct chain *chain)
{
    int tries;

    for (tries = 0; tries < SETTLE_TRIES; tries++)
    {
        get_chain(session, thread_id, capacity, chain);
        if (chain->error == expected_error && chain->count == expected_count) return;
        Sleep(50);
    }
}

static void assert_thread_node(const WAITCHAIN_NODE_INFO *node, DWORD thread_id)
{
    assert_int_equal(node->ObjectType, WctThreadType);
    assert_int_equal(node->ThreadObject.ThreadId, thread_id);
    assert_int_equal(node->ThreadObject.ProcessId, GetCurrentProcessId());
    assert_int_equal(node->ObjectStatus, WctStatusBlocked);
}

/* Nodes 0..count-1 of a join line: thread, ThreadWait, thread, ... */
static void assert_join_nodes(const struct chain *chain, const struct join_line *line, DWORD count)
{
    DWORD i;

    for (i = 0; i < count; i++)
    {
        if (i % 2) assert_int_equal(chain->nodes[i].ObjectType, WctThreadWaitType);
        else assert_thread_node(&chain->nodes[i], line->ids[i / 2]);
    }
}

static void test_chains_real_five_nodes(void **state)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    struct join_line line;
    struct chain chain;

    (void)state;
    join_line_start(&line, 3);
    get_settled_chain(session, line.ids[0], WCT_MAX_NODE_COUNT, ERROR_SUCCESS, 5, &chain);
    assert_int_equal(chain.error, ERROR_SUCCESS);
    assert_int_equal(chain.count, 5);
    assert_false(chain.is_cycle);
    assert_join_nodes(&chain, &line, 5);
    join_line_stop(&line);
    CloseThreadWaitChainSession(session);
}

/* A buffer of 3 for a 5-node chain: ERROR_MORE_DATA, the length, and the first 3 nodes. */
static void test_chains_real_longer_than_buffer(void **state)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    struct join_line line;
    struct chain chain;

    (void)state;
    join_line_start(&line, 3);
    get_settled_chain(session, line.ids[0], 3, ERROR_MORE_DATA, 5, &chain);
    assert_int_equal(chain.error, ERROR_MORE_DATA);
    assert_int_equal(chain.count, 5);
    assert_join_nodes(&chain, &line, 3);
    assert_int_equal((DWORD)chain.nodes[3].ObjectType, 0xccccccccu); /* nothing past the buffer */
    join_line_stop(&line);
    CloseThreadWaitChainSession(session);
}

/* 9 threads joining make 17 nodes: ERROR_TOO_MANY_THREADS with the first 16 valid. */
static void test_chains_real_longer_than_max(void **state)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    struct join_line line;
    struct chain chain;

    (void)state;
    join_line_start(&line, 9);
    get_settled_chain(session, line.ids[0], WCT_MAX_NODE_COUNT, ERROR_TOO_MANY_THREADS,
                      WCT_MAX_NODE_COUNT, &chain);
    assert_int_equal(chain.error, ERROR_TOO_MANY_THREADS);
    assert_int_equal(chain.count, WCT_MAX_NODE_COUNT);
    assert_false(chain.is_cycle);
    assert_join_nodes(&chain, &line, WCT_MAX_NODE_COUNT);

    /* With a smaller buffer: ERROR_MORE_DATA, asking for the 16 a retry can hold. */
    get_chain(session, line.ids[0], 4, &chain);
    assert_int_equal(chain.error, ERROR_MORE_DATA);
    assert_int_equal(chain.count, WCT_MAX_NODE_COUNT);
    assert_join_nodes(&chain, &line, 4);
    join_line_stop(&line);
    CloseThreadWaitChainSession(session);
}

/* Issue 4's example: root joins A, A joins B; B and C deadlock on two critical sections. */
static CRITICAL_SECTION section_b, section_c;
static HANDLE b_holds, c_holds;

static DWORD WINAPI take_b_then_c(void *unused)
{
    (void)unused;
    EnterCriticalSection(&section_b);
    SetEvent(b_holds);
    WaitForSingleObject(c_holds, INFINITE);
    EnterCriticalSection(&section_c); /* never returns */
    return 0;
}

static DWORD WINAPI take_c_then_b(void *unused)
{
    (void)unused;
    EnterCriticalSection(&section_c);
    SetEvent(c_holds);
    WaitForSingleObject(b_holds, INFINITE);
    EnterCriticalSection(&section_b); /* never returns */
    return 0;
}

static void test_chains_real_nine_node_deadlock(void **state)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    HANDLE b, c, a, root;
    DWORD b_id, c_id, a_id, root_id;
    struct chain chain;

    (void)state;
    InitializeCriticalSection(&section_b);
    InitializeCriticalSection(&section_c);
    b_holds = CreateEventW(NULL, TRUE, FALSE, NULL);
    c_holds = CreateEventW(NULL, TRUE, FALSE, NULL);
    b = CreateThread(NULL, 0, take_b_then_c, NULL, 0, &b_id);
    c = CreateThread(NULL, 0, take_c_then_b, NULL, 0, &c_id);
    a = CreateThread(NULL, 0, join_next, b, 0, &a_id);
    root = CreateThread(NULL, 0, join_next, a, 0, &root_id);

    get_settled_chain(session, root_id, WCT_MAX_NODE_COUNT, ERROR_SUCCESS, 9, &chain);
    assert_int_equal(chain.error, ERROR_SUCCESS);
    assert_int_equal(chain.count, 9);
    assert_true(chain.is_cycle);
    assert_thread_node(&chain.nodes[0], root_id);
    assert_int_equal(chain.nodes[1].ObjectType, WctThreadWaitType);
    assert_thread_node(&chain.nodes[2], a_id);
    assert_int_equal(chain.nodes[3].ObjectType, WctThreadWaitType);
    assert_thread_node(&chain.nodes[4], b_id);
    assert_int_equal(chain.nodes[5].ObjectType, WctCriticalSectionType);
    assert_int_equal(chain.nodes[5].ObjectStatus, WctStatusOwned);
    assert_thread_node(&chain.nodes[6], c_id);
    assert_int_equal(chain.nodes[7].ObjectType, WctCriticalSectionType);
    assert_thread_node(&chain.nodes[8], b_id); /* B comes round again */

    /* The deadlock cannot be undone: the threads stay until the process exits. */
    CloseThreadWaitChainSession(session);
    (void)c; (void)root;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chains_real_five_nodes),
        cmocka_unit_test(test_chains_real_longer_than_buffer),
        cmocka_unit_test(test_chains_real_longer_than_max),
        cmocka_unit_test(test_chains_real_nine_node_deadlock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

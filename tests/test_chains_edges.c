/*
 * test_chains_edges.c - the edges the old probe got wrong or missed, through wct.dll, under
 * Wine: a thread that joins itself, a critical section whose owner has exited, a deadlock of
 * sections made without debug info, and threads blocked in synchronous I/O.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each of these failed before issue 9: the self-join ended at an Owned ThreadWait, the
 * orphaned section showed the waiter alone, the sections without debug info were not
 * recognised (no cycle), and the pipe waiters were reported Running.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define EDGE_TIMEOUT 5000
#define SETTLE_TRIES 100 /* x 50 ms: how long a wait may take to form */

struct chain
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count;
    BOOL is_cycle;
    DWORD error;
};

static HWCT session;

static int group_setup(void **state)
{
    (void)state;
    session = OpenThreadWaitChainSession(0, NULL);
    return session ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    CloseThreadWaitChainSession(session);
    return 0;
}

static void get_chain(DWORD thread_id, struct chain *chain)
{
    memset(chain, 0xcc, sizeof(*chain));
    chain->count = WCT_MAX_NODE_COUNT;
    chain->error = GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG, thread_id, &chain->count,
                                      chain->nodes, &chain->is_cycle) ? ERROR_SUCCESS : GetLastError();
}

/* Asks until the chain has count nodes and ends (or not) in a cycle (bounded). */
static void get_settled_chain(DWORD thread_id, DWORD count, BOOL is_cycle, struct chain *chain)
{
    int tries;

    for (tries = 0; tries < SETTLE_TRIES; tries++)
    {
        get_chain(thread_id, chain);
        if (!chain->error && chain->count == count && chain->is_cycle == is_cycle) return;
        Sleep(50);
    }
    fail_msg("thread %lu: never a chain of %lu nodes (cycle %d); last: error %lu, %lu nodes, "
             "cycle %d", thread_id, count, is_cycle, chain->error, chain->count, chain->is_cycle);
}

static void assert_thread(const WAITCHAIN_NODE_INFO *node, DWORD thread_id,
                          WCT_OBJECT_STATUS status)
{
    assert_int_equal(node->ObjectType, WctThreadType);
    assert_int_equal(node->ThreadObject.ThreadId, thread_id);
    assert_int_equal(node->ObjectStatus, status);
}

static HANDLE start(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, thread_id);

    assert_non_null(thread);
    return thread;
}

/* ---- a thread that joins itself ----------------------------------------------------------- */

static HANDLE self_joined;

static DWORD WINAPI join_self(void *unused)
{
    HANDLE self;

    (void)unused;
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &self,
                         SYNCHRONIZE, FALSE, 0))
        return 1;
    WaitForSingleObjectEx(self, INFINITE, TRUE); /* never signalled: an APC ends it */
    CloseHandle(self);
    return 0;
}

static void CALLBACK wake(ULONG_PTR unused)
{
    (void)unused;
}

/* thread -> ThreadWait -> the same thread: the shortest cycle. */
static void test_chains_edges_self_join_is_cycle(void **state)
{
    struct chain chain;
    DWORD tid;

    (void)state;
    self_joined = start(join_self, NULL, &tid);
    get_settled_chain(tid, 3, TRUE, &chain);
    assert_thread(&chain.nodes[0], tid, WctStatusBlocked);
    assert_int_equal(chain.nodes[1].ObjectType, WctThreadWaitType);
    assert_int_equal(chain.nodes[1].ObjectStatus, WctStatusOwned);
    assert_thread(&chain.nodes[2], tid, WctStatusBlocked);

    QueueUserAPC(wake, self_joined, 0);
    assert_int_equal(WaitForSingleObject(self_joined, EDGE_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(self_joined);
}

/* ---- a section whose owner exited holding it ----------------------------------------------- */

static DWORD WINAPI enter_and_exit(void *section)
{
    EnterCriticalSection(section);
    return 0; /* leaves without LeaveCriticalSection */
}

static DWORD WINAPI enter_section(void *section)
{
    EnterCriticalSection(section);
    LeaveCriticalSection(section);
    return 0;
}

/* The waiter waits for good: a CriticalSection node, Abandoned, and the chain ends there. */
static void test_chains_edges_orphaned_section(void **state)
{
    CRITICAL_SECTION section;
    struct chain chain;
    HANDLE owner, waiter;
    DWORD owner_tid, waiter_tid;

    (void)state;
    InitializeCriticalSection(&section);
    owner = start(enter_and_exit, &section, &owner_tid);
    assert_int_equal(WaitForSingleObject(owner, EDGE_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(owner);
    waiter = start(enter_section, &section, &waiter_tid);

    get_settled_chain(waiter_tid, 2, FALSE, &chain);
    assert_thread(&chain.nodes[0], waiter_tid, WctStatusBlocked);
    assert_int_equal(chain.nodes[1].ObjectType, WctCriticalSectionType);
    assert_int_equal(chain.nodes[1].ObjectStatus, WctStatusAbandoned);

    /* Take the dead owner's place so the waiter can finish: the section is plain memory. */
    section.OwningThread = (HANDLE)(ULONG_PTR)GetCurrentThreadId();
    LeaveCriticalSection(&section);
    assert_int_equal(WaitForSingleObject(waiter, EDGE_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(waiter);
    DeleteCriticalSection(&section);
}

/* ---- a deadlock of sections without debug info ---------------------------------------------- */

struct crossed
{
    CRITICAL_SECTION *first, *second;
    HANDLE holding;                   /* set once first is held */
    HANDLE other_holding;             /* the other thread holds its first */
};

static DWORD WINAPI enter_crossed(void *arg)
{
    struct crossed *crossed = arg;

    EnterCriticalSection(crossed->first);
    SetEvent(crossed->holding);
    WaitForSingleObject(crossed->other_holding, EDGE_TIMEOUT);
    EnterCriticalSection(crossed->second); /* the deadlock: never returns */
    return 0;
}

/* Two threads each holding one CRITICAL_SECTION_NO_DEBUG_INFO section and entering the
 * other's: a cycle of four nodes and the repeat. The threads stay deadlocked until the
 * process exits. */
static void test_chains_edges_no_debug_info_deadlock(void **state)
{
    static CRITICAL_SECTION a, b;
    static struct crossed one, two;
    struct chain chain;
    HANDLE first, second;
    DWORD first_tid, second_tid;

    (void)state;
    assert_true(InitializeCriticalSectionEx(&a, 0, CRITICAL_SECTION_NO_DEBUG_INFO));
    assert_true(InitializeCriticalSectionEx(&b, 0, CRITICAL_SECTION_NO_DEBUG_INFO));
    one.first = two.second = &a;
    one.second = two.first = &b;
    one.holding = two.other_holding = CreateEventW(NULL, TRUE, FALSE, NULL);
    two.holding = one.other_holding = CreateEventW(NULL, TRUE, FALSE, NULL);
    first = start(enter_crossed, &one, &first_tid);
    second = start(enter_crossed, &two, &second_tid);

    get_settled_chain(first_tid, 5, TRUE, &chain);
    assert_thread(&chain.nodes[0], first_tid, WctStatusBlocked);
    assert_int_equal(chain.nodes[1].ObjectType, WctCriticalSectionType);
    assert_int_equal(chain.nodes[1].ObjectStatus, WctStatusOwned);
    assert_thread(&chain.nodes[2], second_tid, WctStatusBlocked);
    assert_int_equal(chain.nodes[3].ObjectType, WctCriticalSectionType);
    assert_thread(&chain.nodes[4], first_tid, WctStatusBlocked);
    CloseHandle(first);
    CloseHandle(second);
}

/* ---- synchronous I/O ----------------------------------------------------------------------- */

static HANDLE pipe_read_end;

static DWORD WINAPI read_pipe(void *unused)
{
    char byte;
    DWORD read;

    (void)unused;
    return ReadFile(pipe_read_end, &byte, 1, &read, NULL);
}

static DWORD WINAPI listen_pipe(void *pipe)
{
    return ConnectNamedPipe(pipe, NULL);
}

/* Asks until the thread shows Blocked (it takes a moment to reach its wait; bounded). */
static void get_blocked_alone(DWORD thread_id, struct chain *chain)
{
    int tries;

    for (tries = 0; tries < SETTLE_TRIES; tries++)
    {
        get_chain(thread_id, chain);
        if (!chain->error && chain->nodes[0].ObjectStatus == WctStatusBlocked) break;
        Sleep(50);
    }
    assert_int_equal(chain->error, ERROR_SUCCESS);
    assert_int_equal(chain->count, 1);
    assert_thread(&chain->nodes[0], thread_id, WctStatusBlocked);
}

/* A thread blocked reading a pipe, and one waiting for a pipe client, are Blocked, alone. */
static void test_chains_edges_blocking_io(void **state)
{
    struct chain chain;
    HANDLE write_end, reader, listener, server, client;
    DWORD reader_tid, listener_tid, written;

    (void)state;
    assert_true(CreatePipe(&pipe_read_end, &write_end, NULL, 0));
    server = CreateNamedPipeW(L"\\\\.\\pipe\\wct-edges", PIPE_ACCESS_DUPLEX, 0, 1, 64, 64, 0, NULL);
    assert_true(server != INVALID_HANDLE_VALUE);
    reader = start(read_pipe, NULL, &reader_tid);
    listener = start(listen_pipe, server, &listener_tid);

    get_blocked_alone(reader_tid, &chain);
    get_blocked_alone(listener_tid, &chain);

    assert_true(WriteFile(write_end, "x", 1, &written, NULL));
    client = CreateFileW(L"\\\\.\\pipe\\wct-edges", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                         OPEN_EXISTING, 0, NULL);
    assert_true(client != INVALID_HANDLE_VALUE);
    assert_int_equal(WaitForSingleObject(reader, EDGE_TIMEOUT), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(listener, EDGE_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(client);
    CloseHandle(server);
    CloseHandle(reader);
    CloseHandle(listener);
    CloseHandle(write_end);
    CloseHandle(pipe_read_end);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_chains_edges_self_join_is_cycle),
        cmocka_unit_test(test_chains_edges_orphaned_section),
        cmocka_unit_test(test_chains_edges_no_debug_info_deadlock),
        cmocka_unit_test(test_chains_edges_blocking_io),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

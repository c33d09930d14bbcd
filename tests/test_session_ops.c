/*
 * test_session_ops.c - the engine behind the exports (session_ops.c, from wct_core) with a
 * probe that makes chains of any length: every walker result reaches a synchronous caller
 * and an asynchronous callback alike, and an asynchronous request that cannot be queued
 * fails at once without a callback.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "session_test_util.h"

#include "session_ops.h"
#include "session_table.h"
#include "wct_alloc.h"

/*
 * Thread ids of the fake probe: CHAIN(n, i) is thread i of a chain of n threads; each waits
 * on a mutex owned by the next, the last one runs. NO_ACCESS cannot be opened, anything
 * else does not exist.
 */
#define CHAIN(n, i) (0x10000u * (n) + (i))
#define NO_ACCESS   0x999u

static DWORD chain_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                  struct probe_thread *thread, struct probe_wait *wait)
{
    DWORD length = thread_id >> 16, index = thread_id & 0xffff;

    (void)context;
    ZeroMemory(thread, sizeof(*thread));
    ZeroMemory(wait, sizeof(*wait));
    thread->thread_id = thread_id;
    thread->process_id = GetCurrentProcessId();
    if (thread_id == NO_ACCESS) return ERROR_ACCESS_DENIED;
    if (!length || index >= length) return ERROR_OBJECT_NOT_FOUND;
    thread->status = index + 1 < length ? WctStatusBlocked : WctStatusRunning;
    if (index + 1 < length && (want & PROBE_WANT_WAIT))
    {
        wait->object_type = WctMutexType;
        wait->object_status = WctStatusOwned;
        wait->next_thread_id = CHAIN(length, index + 1);
        wait->next_process_id = GetCurrentProcessId();
    }
    return ERROR_SUCCESS;
}

static const struct probe_ops chain_probe = { NULL, NULL, chain_inspect_thread, NULL, NULL, NULL };

struct result
{
    DWORD status;
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
    volatile LONG calls;
    HANDLE done;
};

static VOID CALLBACK record_result(HWCT handle, DWORD_PTR context, DWORD status,
                                   LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct result *result = (struct result *)context;

    (void)handle; (void)node_count; (void)nodes; (void)is_cycle;
    result->status = status;
    InterlockedIncrement(&result->calls);
    SetEvent(result->done);
}

/* The synchronous answer for thread_id with a capacity of capacity. */
static void get_sync(DWORD thread_id, DWORD capacity, struct result *sync)
{
    HWCT session;

    assert_int_equal(session_open(0, NULL, &chain_probe, &session), ERROR_SUCCESS);
    memset(sync, 0, sizeof(*sync));
    sync->count = capacity;
    sync->status = session_get_chain(session, 0, 0, thread_id, &sync->count, sync->nodes,
                                     &sync->is_cycle);
    session_close(session);
}

/* The asynchronous answer: the callback's status, and the buffers it saw filled. */
static void get_async(DWORD thread_id, DWORD capacity, struct result *async)
{
    HWCT session;

    assert_int_equal(session_open(WCT_ASYNC_OPEN_FLAG, record_result, &chain_probe, &session),
                     ERROR_SUCCESS);
    memset(async, 0, sizeof(*async));
    async->count = capacity;
    async->done = CreateEventW(NULL, TRUE, FALSE, NULL);
    assert_int_equal(session_get_chain(session, (DWORD_PTR)async, 0, thread_id, &async->count,
                                       async->nodes, &async->is_cycle), ERROR_IO_PENDING);
    test_wait(async->done);
    session_close(session);
    CloseHandle(async->done);
    assert_int_equal(async->calls, 1);
}

static void assert_same_answer(DWORD thread_id, DWORD capacity, DWORD expected_status)
{
    static struct result sync, async;

    get_sync(thread_id, capacity, &sync);
    get_async(thread_id, capacity, &async);
    assert_int_equal(sync.status, expected_status);
    assert_int_equal(async.status, expected_status);
    assert_int_equal(async.count, sync.count);
    assert_int_equal(async.is_cycle, sync.is_cycle);
    assert_memory_equal(async.nodes, sync.nodes, sizeof(sync.nodes));
}

static void test_ops_whole_chain(void **state)
{
    (void)state;
    assert_same_answer(CHAIN(2, 0), WCT_MAX_NODE_COUNT, ERROR_SUCCESS);
}

static void test_ops_chain_longer_than_buffer_is_more_data(void **state)
{
    static struct result sync;

    (void)state;
    assert_same_answer(CHAIN(2, 0), 1, ERROR_MORE_DATA);
    get_sync(CHAIN(2, 0), 1, &sync);
    assert_int_equal(sync.count, 3); /* thread, mutex, thread: the length needed */
    assert_int_equal(sync.nodes[0].ObjectType, WctThreadType);
}

static void test_ops_chain_past_the_maximum_is_too_many_threads(void **state)
{
    (void)state;
    assert_same_answer(CHAIN(12, 0), WCT_MAX_NODE_COUNT, ERROR_TOO_MANY_THREADS);
}

static void test_ops_unknown_thread_is_not_found(void **state)
{
    (void)state;
    assert_same_answer(0x1234, WCT_MAX_NODE_COUNT, ERROR_OBJECT_NOT_FOUND);
}

static void test_ops_thread_without_access_is_access_denied(void **state)
{
    (void)state;
    assert_same_answer(NO_ACCESS, WCT_MAX_NODE_COUNT, ERROR_ACCESS_DENIED);
}

static void test_ops_async_request_without_memory_fails_at_once(void **state)
{
    struct result async;
    HWCT session;

    (void)state;
    assert_int_equal(session_open(WCT_ASYNC_OPEN_FLAG, record_result, &chain_probe, &session),
                     ERROR_SUCCESS);
    memset(&async, 0, sizeof(async));
    async.count = WCT_MAX_NODE_COUNT;
    wct_alloc_fail(0, 1);
    assert_int_equal(session_get_chain(session, (DWORD_PTR)&async, 0, CHAIN(1, 0), &async.count,
                                       async.nodes, &async.is_cycle), ERROR_NOT_ENOUGH_MEMORY);
    wct_alloc_fail(0, 0);
    session_close(session);
    assert_int_equal(async.calls, 0);
}

static void test_ops_handle_is_checked_before_arguments(void **state)
{
    struct result sync;
    HWCT session;

    (void)state;
    assert_int_equal(session_open(0, NULL, &chain_probe, &session), ERROR_SUCCESS);
    session_close(session);
    assert_int_equal(session_get_chain(session, 0, 0xff, 0, NULL, NULL, NULL), ERROR_INVALID_HANDLE);
    sync.count = 0;
    assert_int_equal(session_get_chain(NULL, 0, 0, CHAIN(1, 0), &sync.count, sync.nodes,
                                       &sync.is_cycle), ERROR_INVALID_HANDLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ops_whole_chain),
        cmocka_unit_test(test_ops_chain_longer_than_buffer_is_more_data),
        cmocka_unit_test(test_ops_chain_past_the_maximum_is_too_many_threads),
        cmocka_unit_test(test_ops_unknown_thread_is_not_found),
        cmocka_unit_test(test_ops_thread_without_access_is_access_denied),
        cmocka_unit_test(test_ops_async_request_without_memory_fails_at_once),
        cmocka_unit_test(test_ops_handle_is_checked_before_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

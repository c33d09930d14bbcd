/*
 * test_async.c - asynchronous sessions through wct.dll's exports: ERROR_IO_PENDING and one
 * callback per request, order, exact Close (cancellation, waiting, from a callback, from
 * two threads), and open/request/close cycles that leave nothing behind.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * main() sets WCT_POOL_THREADS=2 before the first call, so two blocked callbacks hold the
 * pool's size; requests queued behind them wait until a standby thread joins the pool
 * (POOL_STANDBY_DELAY, 50 ms, later) and then run one at a time in their session's order.
 */

#include <stdlib.h>
#include <string.h>

#include "stress_cycles.h"

#define UNTOUCHED 0xdeadbeef
#define POOL_THREADS 2

enum behaviour
{
    JUST_RECORD,
    BLOCK,          /* signal `started`, then wait for `proceed` (bounded) */
    CLOSE_SESSION,  /* wait for `proceed`, then close the session from inside */
};

/* Shared by the requests of one test; helper threads only record, the test asserts. */
struct async_test
{
    HANDLE all_done;          /* set when `received` reaches `expected` */
    volatile LONG expected, received, sequence;
    HANDLE started, proceed;  /* manual-reset */
};

/* One request: what its callback saw. The context of the request points to it. */
struct request
{
    struct async_test *test;
    enum behaviour behaviour;
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
    /* filled by the callback */
    volatile LONG calls;
    LONG order;
    HWCT handle;
    DWORD status, thread;
    LPDWORD seen_count;
    PWAITCHAIN_NODE_INFO seen_nodes;
    LPBOOL seen_cycle;
    volatile LONG finished;   /* the callback has (almost) returned */
};

static VOID CALLBACK record_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    struct request *request = (struct request *)context;
    struct async_test *test = request->test;

    InterlockedIncrement(&request->calls);
    request->order = InterlockedIncrement(&test->sequence);
    request->handle = handle;
    request->status = status;
    request->thread = GetCurrentThreadId();
    request->seen_count = node_count;
    request->seen_nodes = nodes;
    request->seen_cycle = is_cycle;
    if (request->behaviour == BLOCK) SetEvent(test->started);
    if (request->behaviour != JUST_RECORD) WaitForSingleObject(test->proceed, TEST_TIMEOUT);
    if (request->behaviour == CLOSE_SESSION) CloseThreadWaitChainSession(handle);
    InterlockedExchange(&request->finished, 1);
    if (InterlockedIncrement(&test->received) == test->expected) SetEvent(test->all_done);
}

static struct async_test *test_create(LONG expected)
{
    struct async_test *test = calloc(1, sizeof(*test));

    assert_non_null(test);
    test->expected = expected;
    test->all_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    test->started = CreateEventW(NULL, TRUE, FALSE, NULL);
    test->proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    return test;
}

static void test_destroy(struct async_test *test)
{
    CloseHandle(test->all_done);
    CloseHandle(test->started);
    CloseHandle(test->proceed);
    free(test);
}

static HWCT open_async(void)
{
    HWCT session;

    SetLastError(UNTOUCHED);
    session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    assert_non_null(session);
    assert_int_equal(GetLastError(), UNTOUCHED);
    return session;
}

static void close_session(HWCT session)
{
    SetLastError(UNTOUCHED);
    CloseThreadWaitChainSession(session);
    assert_int_equal(GetLastError(), UNTOUCHED);
}

static void request_init(struct request *request, struct async_test *test, enum behaviour behaviour)
{
    memset(request, 0, sizeof(*request));
    request->test = test;
    request->behaviour = behaviour;
    request->count = WCT_MAX_NODE_COUNT;
}

/* Queues request on session for thread_id; asserts FALSE + ERROR_IO_PENDING. */
static void queue_request(HWCT session, struct request *request, DWORD thread_id)
{
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, (DWORD_PTR)request, 0, thread_id, &request->count,
                                    request->nodes, &request->is_cycle));
    assert_int_equal(GetLastError(), ERROR_IO_PENDING);
}

/* Occupies both pool threads with blocked callbacks of two other sessions. */
static void hold_pool(HWCT blockers[POOL_THREADS], struct request held[POOL_THREADS],
                      struct async_test *test)
{
    int i;

    for (i = 0; i < POOL_THREADS; i++)
    {
        blockers[i] = open_async();
        request_init(&held[i], test, BLOCK);
        queue_request(blockers[i], &held[i], test_exited_thread_id());
    }
    /* Both callbacks have begun (each counts itself on entry) and now wait for proceed. */
    assert_true(test_wait_for_value(&test->sequence, POOL_THREADS, TEST_TIMEOUT));
}

static void release_pool(HWCT blockers[POOL_THREADS], struct async_test *test)
{
    int i;

    SetEvent(test->proceed);
    for (i = 0; i < POOL_THREADS; i++) close_session(blockers[i]);
}

static void test_async_request_is_pending_then_called_back_once(void **state)
{
    struct async_test *test = test_create(1);
    struct request request;
    struct spinner spinner;
    HWCT session = open_async();

    (void)state;
    test_start_spinner(&spinner);
    request_init(&request, test, JUST_RECORD);
    queue_request(session, &request, spinner.thread_id);
    test_wait(test->all_done);
    close_session(session);
    test_stop_spinner(&spinner);

    assert_int_equal(request.calls, 1);
    assert_ptr_equal(request.handle, session);
    assert_int_not_equal(request.thread, GetCurrentThreadId());
    assert_ptr_equal(request.seen_count, &request.count); /* the caller's own pointers */
    assert_ptr_equal(request.seen_nodes, request.nodes);
    assert_ptr_equal(request.seen_cycle, &request.is_cycle);
    assert_int_equal(request.status, ERROR_SUCCESS);
    assert_true(request.count >= 1 && request.count <= WCT_MAX_NODE_COUNT);
    assert_int_equal(request.nodes[0].ObjectType, WctThreadType);
    assert_int_equal(request.nodes[0].ThreadObject.ProcessId, GetCurrentProcessId());
    assert_int_equal(request.nodes[0].ThreadObject.ThreadId, spinner.thread_id);
    assert_false(request.is_cycle);
    test_destroy(test);
}

static void test_async_status_is_the_synchronous_error(void **state)
{
    struct async_test *test = test_create(1);
    struct request request;
    HWCT session = open_async(), sync_session;
    DWORD gone = test_exited_thread_id(), count = WCT_MAX_NODE_COUNT;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;

    (void)state;
    request_init(&request, test, JUST_RECORD);
    queue_request(session, &request, gone);
    test_wait(test->all_done);
    close_session(session);

    sync_session = OpenThreadWaitChainSession(0, NULL);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(sync_session, 0, 0, gone, &count, nodes, &is_cycle));
    assert_int_equal(GetLastError(), ERROR_OBJECT_NOT_FOUND);
    close_session(sync_session);
    assert_int_equal(request.calls, 1);
    assert_int_equal(request.status, ERROR_OBJECT_NOT_FOUND);
    test_destroy(test);
}

static void test_async_invalid_requests_fail_at_once_without_callback(void **state)
{
    struct async_test *test = test_create(1);
    struct request bad[5], good;
    HWCT session = open_async(), closed = open_async();
    DWORD me = GetCurrentThreadId();
    int i;

    (void)state;
    close_session(closed);
    for (i = 0; i < 5; i++) request_init(&bad[i], test, JUST_RECORD);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, (DWORD_PTR)&bad[0], 0, me, NULL, bad[0].nodes, &bad[0].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, (DWORD_PTR)&bad[1], 0, me, &bad[1].count, NULL, &bad[1].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    bad[2].count = 0;
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, (DWORD_PTR)&bad[2], 0, me, &bad[2].count, bad[2].nodes, &bad[2].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, (DWORD_PTR)&bad[3], 0x10, me, &bad[3].count, bad[3].nodes, &bad[3].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(closed, (DWORD_PTR)&bad[4], 0, me, &bad[4].count, bad[4].nodes, &bad[4].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);

    request_init(&good, test, JUST_RECORD);
    queue_request(session, &good, me);
    test_wait(test->all_done);
    close_session(session);
    assert_int_equal(test->received, 1);
    assert_int_equal(good.calls, 1);
    for (i = 0; i < 5; i++) assert_int_equal(bad[i].calls, 0);
    test_destroy(test);
}

static void test_async_callbacks_of_a_session_come_in_order(void **state)
{
    enum { COUNT = 50 };
    struct async_test *test = test_create(COUNT);
    struct request *requests = calloc(COUNT, sizeof(*requests));
    HWCT session = open_async();
    DWORD gone = test_exited_thread_id();
    int i;

    (void)state;
    assert_non_null(requests);
    for (i = 0; i < COUNT; i++)
    {
        request_init(&requests[i], test, JUST_RECORD);
        queue_request(session, &requests[i], gone);
    }
    test_wait(test->all_done);
    close_session(session);
    for (i = 0; i < COUNT; i++)
    {
        assert_int_equal(requests[i].calls, 1);
        assert_int_equal(requests[i].order, i + 1);
    }
    free(requests);
    test_destroy(test);
}

static void test_async_close_cancels_1000_queued_requests(void **state)
{
    enum { COUNT = 1000 };
    struct async_test *test = test_create(COUNT + POOL_THREADS);
    struct request *requests = calloc(COUNT, sizeof(*requests)), held[POOL_THREADS];
    HWCT blockers[POOL_THREADS], session;
    DWORD me = GetCurrentThreadId();
    int i, cancelled = 0;

    (void)state;
    assert_non_null(requests);
    hold_pool(blockers, held, test);
    session = open_async();
    for (i = 0; i < COUNT; i++)
    {
        request_init(&requests[i], test, JUST_RECORD);
        queue_request(session, &requests[i], me);
    }
    close_session(session);
    /* Close has returned: every request had its callback, cancelled, on this thread. */
    /* Close has returned: every request had its callback; a standby thread that joined the
     * pool behind the blocked callbacks may have run the first ones, in order, and every
     * other one was cancelled on this thread, its buffers left alone. */
    for (i = 0; i < COUNT; i++)
    {
        assert_int_equal(requests[i].calls, 1);
        assert_ptr_equal(requests[i].handle, session);
        if (requests[i].status != ERROR_CANCELLED) continue;
        assert_int_equal(requests[i].thread, me);
        assert_int_equal(requests[i].count, WCT_MAX_NODE_COUNT);
        cancelled++;
    }
    for (i = 0; i + 1 < COUNT; i++) /* the ones that ran came first */
        if (requests[i].status == ERROR_CANCELLED)
            assert_int_equal(requests[i + 1].status, ERROR_CANCELLED);
    print_message("Close cancelled %d of %d queued requests\n", cancelled, COUNT);
    assert_true(cancelled > COUNT / 2);
    release_pool(blockers, test);
    test_wait(test->all_done);
    for (i = 0; i < COUNT; i++) assert_int_equal(requests[i].calls, 1);
    free(requests);
    test_destroy(test);
}

struct closer
{
    HWCT session;
    struct request *watched;
    LONG finished_when_close_returned;
};

static DWORD WINAPI close_thread(void *param)
{
    struct closer *closer = param;

    CloseThreadWaitChainSession(closer->session);
    closer->finished_when_close_returned = InterlockedCompareExchange(&closer->watched->finished, 0, 0);
    return 0;
}

static void test_async_close_waits_for_the_running_callback(void **state)
{
    struct async_test *test = test_create(1);
    struct request request;
    HWCT session = open_async();
    struct closer closer = { session, &request, 0 };
    HANDLE thread;

    (void)state;
    request_init(&request, test, BLOCK);
    queue_request(session, &request, test_exited_thread_id());
    test_wait(test->started);
    thread = test_start_thread(close_thread, &closer, NULL);
    assert_int_equal(WaitForSingleObject(thread, 300), WAIT_TIMEOUT); /* Close is waiting */
    SetEvent(test->proceed);
    test_join_thread(thread);
    assert_int_equal(closer.finished_when_close_returned, 1);
    assert_int_equal(request.calls, 1);
    assert_int_equal(request.status, ERROR_OBJECT_NOT_FOUND);
    test_destroy(test);
}

static void test_async_close_from_own_callback(void **state)
{
    struct async_test *test = test_create(3);
    struct request requests[3];
    HWCT session = open_async();
    DWORD gone = test_exited_thread_id();
    struct chain_args_probe { DWORD count; WAITCHAIN_NODE_INFO node; BOOL cycle; } args = { 1, { 0 }, 0 };
    int i;

    (void)state;
    request_init(&requests[0], test, CLOSE_SESSION);
    request_init(&requests[1], test, JUST_RECORD);
    request_init(&requests[2], test, JUST_RECORD);
    for (i = 0; i < 3; i++) queue_request(session, &requests[i], gone);
    SetEvent(test->proceed); /* the first callback closes while the other two wait */
    test_wait(test->all_done);
    assert_true(test_wait_for_value(&requests[0].finished, 1, TEST_TIMEOUT));
    assert_int_equal(requests[0].status, ERROR_OBJECT_NOT_FOUND);
    for (i = 1; i < 3; i++)
    {
        assert_int_equal(requests[i].calls, 1);
        assert_int_equal(requests[i].status, ERROR_CANCELLED);
        assert_int_equal(requests[i].thread, requests[0].thread); /* inside that Close */
    }
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, gone, &args.count, &args.node, &args.cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    close_session(session); /* already closed: nothing happens */
    test_destroy(test);
}

static void test_async_two_threads_close_the_same_session(void **state)
{
    enum { QUEUED = 10 };
    struct async_test *test = test_create(QUEUED + 1);
    struct request requests[QUEUED + 1];
    HWCT session = open_async();
    struct closer closers[2] = { { session, &requests[0], 0 }, { session, &requests[0], 0 } };
    HANDLE threads[2];
    int i;

    (void)state;
    request_init(&requests[0], test, BLOCK);
    queue_request(session, &requests[0], test_exited_thread_id());
    test_wait(test->started);
    for (i = 1; i <= QUEUED; i++)
    {
        request_init(&requests[i], test, JUST_RECORD);
        queue_request(session, &requests[i], GetCurrentThreadId());
    }
    for (i = 0; i < 2; i++) threads[i] = test_start_thread(close_thread, &closers[i], NULL);
    /* The winner cancels the queued ten, then waits for the blocked one to finish. */
    assert_true(test_wait_for_value(&test->received, QUEUED, TEST_TIMEOUT));
    SetEvent(test->proceed);
    for (i = 0; i < 2; i++) test_join_thread(threads[i]);
    test_wait(test->all_done);
    assert_int_equal(requests[0].calls, 1);
    for (i = 1; i <= QUEUED; i++)
    {
        assert_int_equal(requests[i].calls, 1);
        assert_int_equal(requests[i].status, ERROR_CANCELLED);
    }
    test_destroy(test);
}

static HWCT api_open(PWAITCHAINCALLBACK callback)
{
    return OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, callback);
}

static DWORD api_request(HWCT session, DWORD_PTR context, DWORD thread_id, DWORD *node_count,
                         WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    SetLastError(UNTOUCHED);
    if (GetThreadWaitChain(session, context, 0, thread_id, node_count, nodes, is_cycle))
        return ERROR_SUCCESS; /* wrong for an asynchronous session: counted as such */
    return GetLastError();
}

static void api_close(HWCT session)
{
    CloseThreadWaitChainSession(session);
}

static const struct stress_api exports_api = { api_open, api_request, api_close };

static void test_async_cycles_leave_no_handles_behind(void **state)
{
    static const DWORD allowed[] = { ERROR_SUCCESS, ERROR_OBJECT_NOT_FOUND };
    struct spinner spinner;
    struct stress_result result;
    DWORD targets[3], handle_baseline;

    (void)state;
    test_start_spinner(&spinner);
    targets[0] = spinner.thread_id;
    targets[1] = test_exited_thread_id();
    targets[2] = GetCurrentThreadId();
    stress_run(&exports_api, 2, 20, targets, 3, allowed, 2, &result); /* warm up */
    handle_baseline = test_handle_count();
    stress_run(&exports_api, 4, 300, targets, 3, allowed, 2, &result);
    assert_int_equal(test_handle_count(), handle_baseline);
    test_stop_spinner(&spinner);

    print_message("exports: %ld accepted, %ld completed, %ld cancelled, %ld refused\n",
                  (long)result.accepted, (long)result.completed, (long)result.cancelled,
                  (long)result.refused);
    assert_int_equal(result.open_failures, 0);
    assert_int_equal(result.wrong_refusals, 0);
    assert_int_equal(result.wait_timeouts, 0);
    assert_int_equal(result.missing, 0);
    assert_int_equal(result.duplicates, 0);
    assert_int_equal(result.refused_called, 0);
    assert_int_equal(result.late, 0);
    assert_int_equal(result.unexpected_status, 0);
    assert_int_equal(result.completed + result.cancelled, result.accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_async_request_is_pending_then_called_back_once),
        cmocka_unit_test(test_async_status_is_the_synchronous_error),
        cmocka_unit_test(test_async_invalid_requests_fail_at_once_without_callback),
        cmocka_unit_test(test_async_callbacks_of_a_session_come_in_order),
        cmocka_unit_test(test_async_close_cancels_1000_queued_requests),
        cmocka_unit_test(test_async_close_waits_for_the_running_callback),
        cmocka_unit_test(test_async_close_from_own_callback),
        cmocka_unit_test(test_async_two_threads_close_the_same_session),
        cmocka_unit_test(test_async_cycles_leave_no_handles_behind),
    };

    SetEnvironmentVariableA("WCT_POOL_THREADS", "2"); /* read when the pool first starts */
    return cmocka_run_group_tests(tests, NULL, NULL);
}

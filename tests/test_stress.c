/*
 * test_stress.c - 8 threads x 5,000 open/request/close cycles on the engine (wct_core:
 * exactly what the exports call), with random early closes: every accepted request gets
 * exactly one callback, none after its Close returned, and the process's handle count and
 * the session table come back to where they were.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe here is a fake that answers at once that the thread runs, so the test measures
 * the engine and not the OS; test_async.c runs the same cycles on wct.dll and the real
 * probe.
 */

#include "stress_cycles.h"

#include "session_ops.h"
#include "session_table.h"
#include "worker_pool.h"

#define STRESS_THREADS 8
#define STRESS_CYCLES 5000

/* Thread-safe, and stateless: every thread runs, in this process. */
static DWORD fake_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                 struct probe_thread *thread, struct probe_wait *wait)
{
    (void)context; (void)want;
    ZeroMemory(thread, sizeof(*thread));
    ZeroMemory(wait, sizeof(*wait));
    thread->process_id = GetCurrentProcessId();
    thread->thread_id = thread_id;
    thread->status = WctStatusRunning;
    return ERROR_SUCCESS;
}

static const struct probe_ops running_probe = { NULL, NULL, fake_inspect_thread, NULL, NULL, NULL };

static HWCT engine_open(PWAITCHAINCALLBACK callback)
{
    HWCT session = NULL;

    return session_open(WCT_ASYNC_OPEN_FLAG, callback, &running_probe, &session) ? NULL : session;
}

static DWORD engine_request(HWCT session, DWORD_PTR context, DWORD thread_id, DWORD *node_count,
                            WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    return session_get_chain(session, context, 0, thread_id, node_count, nodes, is_cycle);
}

static const struct stress_api engine_api = { engine_open, engine_request, session_close };

static void print_result(const char *name, const struct stress_result *result)
{
    print_message("%s: %ld accepted, %ld completed, %ld cancelled, %ld refused\n", name,
                  (long)result->accepted, (long)result->completed, (long)result->cancelled,
                  (long)result->refused);
}

static void assert_exact_accounting(const struct stress_result *result)
{
    assert_int_equal(result->open_failures, 0);
    assert_int_equal(result->wrong_refusals, 0);
    assert_int_equal(result->wait_timeouts, 0);
    assert_int_equal(result->missing, 0);
    assert_int_equal(result->duplicates, 0);
    assert_int_equal(result->refused_called, 0);
    assert_int_equal(result->late, 0);
    assert_int_equal(result->unexpected_status, 0);
    assert_int_equal(result->completed + result->cancelled, result->accepted);
    assert_true(result->accepted > 0);
    assert_true(result->refused > 0);
}

static void test_stress_open_request_close_cycles(void **state)
{
    static const DWORD allowed[] = { ERROR_SUCCESS };
    DWORD targets[1] = { GetCurrentThreadId() };
    struct stress_result result;
    ULONG_PTR table_baseline;
    DWORD handle_baseline;

    (void)state;
    /* Warm up: the pool's first threads, the CRT's and Wine's lazily made handles. */
    stress_run(&engine_api, 2, 50, targets, 1, allowed, 1, &result);
    assert_exact_accounting(&result);
    table_baseline = session_table_count();
    handle_baseline = test_handle_count();

    stress_run(&engine_api, STRESS_THREADS, STRESS_CYCLES, targets, 1, allowed, 1, &result);
    print_result("engine", &result);
    assert_exact_accounting(&result);
    assert_int_equal(session_table_count(), table_baseline);
    assert_int_equal(test_handle_count(), handle_baseline);
}

static void test_stress_with_one_pool_thread(void **state)
{
    static const DWORD allowed[] = { ERROR_SUCCESS };
    DWORD targets[1] = { GetCurrentThreadId() };
    struct stress_result result;
    ULONG_PTR table_baseline = session_table_count();

    (void)state;
    worker_pool_set_max_threads(1); /* sessions compete for one worker: more cancellations */
    stress_run(&engine_api, 4, 1000, targets, 1, allowed, 1, &result);
    worker_pool_set_max_threads(0);
    print_result("one worker", &result);
    assert_exact_accounting(&result);
    assert_int_equal(session_table_count(), table_baseline);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stress_open_request_close_cycles),
        cmocka_unit_test(test_stress_with_one_pool_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_api_contract.c - what wct.dll's four exports accept and refuse, and the exact last
 * error of every call (synchronous sessions; test_async.c covers asynchronous ones).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Before every call: SetLastError(0xdeadbeef); after it, the exact GetLastError(). The
 * exports set the last error exactly when they fail and leave it alone otherwise.
 */

#include <stdlib.h>
#include <string.h>

#include "session_test_util.h"

#define UNTOUCHED 0xdeadbeef

/* What a chain call needs, with a capacity that passes the checks. */
struct chain_args
{
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

static volatile LONG sync_callback_calls;

static VOID CALLBACK counting_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                       LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                       LPBOOL is_cycle)
{
    (void)handle; (void)context; (void)status; (void)node_count; (void)nodes; (void)is_cycle;
    InterlockedIncrement(&sync_callback_calls);
}

static HWCT open_sync(void)
{
    HWCT session;

    SetLastError(UNTOUCHED);
    session = OpenThreadWaitChainSession(0, NULL);
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

/* GetThreadWaitChain on args with a capacity of count; returns GetLastError() on failure,
 * ERROR_SUCCESS on success (asserting the last error was left alone). */
static DWORD get_chain(HWCT session, DWORD flags, DWORD thread_id, struct chain_args *args,
                       DWORD count)
{
    BOOL ok;

    memset(args, 0xcc, sizeof(*args));
    args->count = count;
    SetLastError(UNTOUCHED);
    ok = GetThreadWaitChain(session, 0, flags, thread_id, &args->count, args->nodes,
                            &args->is_cycle);
    if (ok)
    {
        assert_int_equal(GetLastError(), UNTOUCHED);
        return ERROR_SUCCESS;
    }
    assert_int_not_equal(GetLastError(), UNTOUCHED);
    return GetLastError();
}

/* ERROR_INVALID_HANDLE for an open session is impossible: NULL NodeCount tells whether a
 * handle is open (ERROR_INVALID_PARAMETER) or not (ERROR_INVALID_HANDLE). */
static DWORD probe_handle(HWCT session)
{
    struct chain_args args;

    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, GetCurrentThreadId(), NULL, args.nodes,
                                    &args.is_cycle));
    return GetLastError();
}

static void test_open_sync_succeeds_and_leaves_last_error(void **state)
{
    (void)state;
    close_session(open_sync());
}

static void test_open_sync_ignores_callback(void **state)
{
    struct chain_args args;
    HWCT session;

    (void)state;
    SetLastError(UNTOUCHED);
    session = OpenThreadWaitChainSession(0, counting_callback);
    assert_non_null(session);
    assert_int_equal(GetLastError(), UNTOUCHED);
    get_chain(session, 0, GetCurrentThreadId(), &args, WCT_MAX_NODE_COUNT);
    get_chain(session, 0, test_exited_thread_id(), &args, WCT_MAX_NODE_COUNT);
    close_session(session);
    assert_int_equal(sync_callback_calls, 0);
}

static void test_open_rejects_every_unknown_flag(void **state)
{
    DWORD flags[] = { 2, 4, 8, 0x10, 0x100, 0x80000000, 0xfffffffe, 0xffffffff,
                      WCT_ASYNC_OPEN_FLAG | 2 };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(flags); i++)
    {
        SetLastError(UNTOUCHED);
        assert_null(OpenThreadWaitChainSession(flags[i], counting_callback));
        assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}

static void test_open_async_without_callback_fails(void **state)
{
    (void)state;
    SetLastError(UNTOUCHED);
    assert_null(OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void test_close_ignores_junk(void **state)
{
    HWCT session = open_sync();
    ULONG_PTR value = (ULONG_PTR)0x9e3779b97f4a7c15ull;
    HWCT junk[] = { NULL, INVALID_HANDLE_VALUE, (HWCT)1, (HWCT)2, (HWCT)3, (HWCT)4, (HWCT)6,
                    (HWCT)&value, (HWCT)GetCurrentProcess(), (HWCT)((ULONG_PTR)session ^ 4) };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(junk); i++) close_session(junk[i]);
    for (i = 0; i < 10000; i++)
    {
        value = (ULONG_PTR)(value * 6364136223846793005ull + 1442695040888963407ull);
        if ((HWCT)value != session) close_session((HWCT)value);
    }
    assert_int_equal(probe_handle(session), ERROR_INVALID_PARAMETER); /* still open */
    close_session(session);
    close_session(session); /* twice: a no-op */
}

static void test_chain_rejects_junk_and_closed_handles(void **state)
{
    struct chain_args args;
    HWCT closed = open_sync();
    ULONG_PTR value = 0x1234567;
    HWCT junk[] = { NULL, INVALID_HANDLE_VALUE, (HWCT)1, (HWCT)2, (HWCT)6, (HWCT)&value,
                    closed };
    size_t i;

    (void)state;
    close_session(closed);
    for (i = 0; i < ARRAYSIZE(junk); i++)
        assert_int_equal(get_chain(junk[i], 0, GetCurrentThreadId(), &args, 1),
                         ERROR_INVALID_HANDLE);
    for (i = 0; i < 10000; i++)
    {
        value = (ULONG_PTR)(value * 6364136223846793005ull + 1442695040888963407ull);
        assert_int_equal(get_chain((HWCT)value, 0, GetCurrentThreadId(), &args, 1),
                         ERROR_INVALID_HANDLE);
    }
}

static void test_chain_closed_handle_stays_invalid_after_reuse(void **state)
{
    enum { CYCLES = 20000 }; /* more than the table's slots: every slot is reused */
    HWCT closed = open_sync(), session;
    int i;

    (void)state;
    close_session(closed);
    for (i = 0; i < CYCLES; i++)
    {
        session = open_sync();
        assert_true(session != closed);
        close_session(session);
    }
    assert_int_equal(probe_handle(closed), ERROR_INVALID_HANDLE);
}

/* Documented order: the handle first, so a bad handle wins over bad arguments. */
static void test_chain_checks_handle_before_arguments(void **state)
{
    struct chain_args args;
    HWCT closed = open_sync();

    (void)state;
    close_session(closed);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(closed, 0, 0xff, 0, NULL, NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    assert_int_equal(get_chain(closed, 0, GetCurrentThreadId(), &args, 0), ERROR_INVALID_HANDLE);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(NULL, 0, 0x10, 0, NULL, NULL, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
}

static void test_chain_rejects_null_pointers(void **state)
{
    struct chain_args args = { WCT_MAX_NODE_COUNT, { { 0 } }, 7 };
    HWCT session = open_sync();
    DWORD me = GetCurrentThreadId();

    (void)state;
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, me, NULL, args.nodes, &args.is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, me, &args.count, NULL, &args.is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(UNTOUCHED);
    assert_false(GetThreadWaitChain(session, 0, 0, me, &args.count, args.nodes, NULL));
    assert_int_equal(GetLastError(), ERROR_INVALID_PARAMETER);
    assert_int_equal(args.count, WCT_MAX_NODE_COUNT); /* nothing written */
    assert_int_equal(args.is_cycle, 7);
    close_session(session);
}

static void test_chain_rejects_node_count_out_of_range(void **state)
{
    DWORD counts[] = { 0, WCT_MAX_NODE_COUNT + 1, 100, 0x80000000, 0xffffffff };
    struct chain_args args;
    HWCT session = open_sync();
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(counts); i++)
    {
        assert_int_equal(get_chain(session, 0, GetCurrentThreadId(), &args, counts[i]),
                         ERROR_INVALID_PARAMETER);
        assert_int_equal(args.count, counts[i]); /* left as it was */
    }
    close_session(session);
}

static void test_chain_rejects_unknown_flags(void **state)
{
    DWORD flags[] = { 0x10, 0x20, 0x100, 0x80000000, 0xffffffff, WCT_OUT_OF_PROC_FLAG | 0x10 };
    struct chain_args args;
    HWCT session = open_sync();
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(flags); i++)
        assert_int_equal(get_chain(session, flags[i], GetCurrentThreadId(), &args, 1),
                         ERROR_INVALID_PARAMETER);
    close_session(session);
}

static void test_chain_accepts_every_valid_flag_combination(void **state)
{
    struct chain_args args;
    HWCT session = open_sync();
    DWORD flags;

    (void)state;
    for (flags = 0; flags <= 0xf; flags++)
    {
        DWORD error = get_chain(session, flags, GetCurrentThreadId(), &args, WCT_MAX_NODE_COUNT);
        assert_int_not_equal(error, ERROR_INVALID_PARAMETER);
        assert_int_not_equal(error, ERROR_INVALID_HANDLE);
    }
    close_session(session);
}

static void assert_thread_node(const struct chain_args *args, DWORD thread_id)
{
    assert_true(args->count >= 1 && args->count <= WCT_MAX_NODE_COUNT);
    assert_int_equal(args->nodes[0].ObjectType, WctThreadType);
    assert_int_equal(args->nodes[0].ThreadObject.ProcessId, GetCurrentProcessId());
    assert_int_equal(args->nodes[0].ThreadObject.ThreadId, thread_id);
}

static void test_chain_of_calling_thread(void **state)
{
    struct chain_args args;
    HWCT session = open_sync();

    (void)state;
    assert_int_equal(get_chain(session, 0, GetCurrentThreadId(), &args, WCT_MAX_NODE_COUNT),
                     ERROR_SUCCESS);
    assert_thread_node(&args, GetCurrentThreadId());
    assert_false(args.is_cycle);
    close_session(session);
}

static void test_chain_of_spinning_thread(void **state)
{
    struct chain_args args;
    struct spinner spinner;
    HWCT session = open_sync();

    (void)state;
    test_start_spinner(&spinner);
    assert_int_equal(get_chain(session, 0, spinner.thread_id, &args, WCT_MAX_NODE_COUNT),
                     ERROR_SUCCESS);
    assert_thread_node(&args, spinner.thread_id);
    assert_false(args.is_cycle);
    test_stop_spinner(&spinner);
    close_session(session);
}

static void test_chain_of_exited_thread_is_not_found(void **state)
{
    struct chain_args args;
    HWCT session = open_sync();

    (void)state;
    assert_int_equal(get_chain(session, 0, test_exited_thread_id(), &args, WCT_MAX_NODE_COUNT),
                     ERROR_OBJECT_NOT_FOUND);
    close_session(session);
}

/* The caller's id with a low bit set names no thread (opening ignores those bits): the call
 * fails cleanly instead of suspending the caller. */
static void test_chain_of_aliased_calling_thread_is_not_found(void **state)
{
    struct chain_args args;
    HWCT session = open_sync();
    DWORD low_bits;

    (void)state;
    for (low_bits = 1; low_bits <= 3; low_bits++)
        assert_int_equal(get_chain(session, 0, GetCurrentThreadId() | low_bits, &args,
                                   WCT_MAX_NODE_COUNT), ERROR_OBJECT_NOT_FOUND);
    close_session(session);
}

static void test_table_holds_10000_open_sessions(void **state)
{
    enum { COUNT = 10000 };
    HWCT *sessions = calloc(COUNT, sizeof(*sessions));
    int i;

    (void)state;
    assert_non_null(sessions);
    for (i = 0; i < COUNT; i++) sessions[i] = open_sync();
    for (i = 0; i < COUNT; i++) assert_int_equal(probe_handle(sessions[i]), ERROR_INVALID_PARAMETER);
    for (i = 0; i < COUNT; i++) close_session(sessions[i]);
    for (i = 0; i < COUNT; i++) assert_int_equal(probe_handle(sessions[i]), ERROR_INVALID_HANDLE);
    free(sessions);
}

static HRESULT WINAPI fake_call_state(int kind, PULONG value)
{
    (void)kind; (void)value;
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_activation_state(GUID id, DWORD a, DWORD *b)
{
    (void)id; (void)a; (void)b;
    return E_NOTIMPL;
}

static void test_register_com_callback_leaves_last_error(void **state)
{
    (void)state;
    SetLastError(UNTOUCHED);
    RegisterWaitChainCOMCallback(fake_call_state, fake_activation_state);
    assert_int_equal(GetLastError(), UNTOUCHED);
    SetLastError(UNTOUCHED);
    RegisterWaitChainCOMCallback(NULL, NULL);
    assert_int_equal(GetLastError(), UNTOUCHED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_sync_succeeds_and_leaves_last_error),
        cmocka_unit_test(test_open_sync_ignores_callback),
        cmocka_unit_test(test_open_rejects_every_unknown_flag),
        cmocka_unit_test(test_open_async_without_callback_fails),
        cmocka_unit_test(test_close_ignores_junk),
        cmocka_unit_test(test_chain_rejects_junk_and_closed_handles),
        cmocka_unit_test(test_chain_closed_handle_stays_invalid_after_reuse),
        cmocka_unit_test(test_chain_checks_handle_before_arguments),
        cmocka_unit_test(test_chain_rejects_null_pointers),
        cmocka_unit_test(test_chain_rejects_node_count_out_of_range),
        cmocka_unit_test(test_chain_rejects_unknown_flags),
        cmocka_unit_test(test_chain_accepts_every_valid_flag_combination),
        cmocka_unit_test(test_chain_of_calling_thread),
        cmocka_unit_test(test_chain_of_spinning_thread),
        cmocka_unit_test(test_chain_of_exited_thread_is_not_found),
        cmocka_unit_test(test_chain_of_aliased_calling_thread_is_not_found),
        cmocka_unit_test(test_table_holds_10000_open_sessions),
        cmocka_unit_test(test_register_com_callback_leaves_last_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

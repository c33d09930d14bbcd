/*
 * test_session_table.c - the handle table (session_table.c), session_open's checks
 * (session_ops.c) and the COM callback store (com_callbacks.c), linked from wct_core.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include "session_test_util.h"

#include "com_callbacks.h"
#include "session_ops.h"
#include "session_table.h"
#include "wct_alloc.h"

static const struct probe_ops no_probe = { NULL, NULL, NULL, NULL, NULL, NULL };

static VOID CALLBACK unused_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    (void)handle; (void)context; (void)status; (void)node_count; (void)nodes; (void)is_cycle;
}

static struct wct_session *create_session(void)
{
    struct wct_session *session = NULL;

    assert_int_equal(session_create(0, NULL, &no_probe, &session), ERROR_SUCCESS);
    assert_non_null(session);
    return session;
}

/* What CloseThreadWaitChainSession does, for sessions that never queued anything. */
static void close_session(HWCT handle)
{
    struct wct_session *session = session_detach(handle);

    assert_non_null(session);
    worker_pool_close_queue(&session->queue);
    assert_true(session_release(session));
}

static void test_handle_roundtrips_index_and_generation(void **state)
{
    ULONG_PTR index, generation;
    HWCT handle = session_handle_encode(SESSION_MAX_SLOTS - 1, SESSION_GENERATION_MASK);

    (void)state;
    assert_true(session_handle_decode(handle, &index, &generation));
    assert_int_equal(index, SESSION_MAX_SLOTS - 1);
    assert_int_equal(generation, SESSION_GENERATION_MASK);
    assert_true(session_handle_decode(session_handle_encode(5, 7), &index, &generation));
    assert_int_equal(index, 5);
    assert_int_equal(generation, 7);
}

static void test_handle_is_never_null_aligned_or_invalid_handle_value(void **state)
{
    ULONG_PTR value = (ULONG_PTR)session_handle_encode(0, 1);

    (void)state;
    assert_int_not_equal(value, 0);
    assert_int_equal(value & 3, 2);
    assert_true((HANDLE)value != INVALID_HANDLE_VALUE);
}

static void test_handle_decode_rejects_wrong_tag_and_generation_zero(void **state)
{
    ULONG_PTR index, generation, value = (ULONG_PTR)session_handle_encode(3, 9);

    (void)state;
    assert_false(session_handle_decode((HWCT)(value & ~SESSION_TAG_MASK), &index, &generation));
    assert_false(session_handle_decode((HWCT)(value | 1), &index, &generation));
    assert_false(session_handle_decode(session_handle_encode(3, 0), &index, &generation));
    assert_false(session_handle_decode(NULL, &index, &generation));
    assert_false(session_handle_decode(INVALID_HANDLE_VALUE, &index, &generation));
}

static void test_generation_wraps_to_one_never_zero(void **state)
{
    (void)state;
    assert_int_equal(session_generation_next(1), 2);
    assert_int_equal(session_generation_next(SESSION_GENERATION_MASK - 1), SESSION_GENERATION_MASK);
    assert_int_equal(session_generation_next(SESSION_GENERATION_MASK), 1);
    assert_int_equal(SESSION_GENERATION_BITS + SESSION_INDEX_BITS + SESSION_TAG_BITS,
                     sizeof(void *) * 8);
}

static void test_table_finds_open_session_and_counts_it(void **state)
{
    ULONG_PTR baseline = session_table_count();
    struct wct_session *session = create_session(), *found;

    (void)state;
    assert_int_equal(session_table_count(), baseline + 1);
    found = session_from_handle(session->handle);
    assert_ptr_equal(found, session);
    assert_false(session_release(found)); /* the table still holds it */
    close_session(session->handle);
    assert_int_equal(session_table_count(), baseline);
}

static void test_table_rejects_junk_values(void **state)
{
    ULONG_PTR baseline = session_table_count(), value = 0x12345;
    struct wct_session *session = create_session();
    HWCT junk[] = { NULL, INVALID_HANDLE_VALUE, (HWCT)1, (HWCT)2, (HWCT)3, (HWCT)4, (HWCT)6,
                    (HWCT)&value, (HWCT)session, session_handle_encode(SESSION_MAX_SLOTS - 1, 1),
                    (HWCT)((ULONG_PTR)session->handle ^ 1),
                    (HWCT)((ULONG_PTR)session->handle + ((ULONG_PTR)1 << SESSION_GENERATION_SHIFT)) };
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(junk); i++)
    {
        assert_null(session_from_handle(junk[i]));
        assert_null(session_detach(junk[i]));
    }
    for (i = 0; i < 100000; i++)
    {
        value = (ULONG_PTR)(value * 6364136223846793005ull + 1442695040888963407ull);
        if ((HWCT)value == session->handle) continue;
        assert_null(session_from_handle((HWCT)value));
    }
    assert_int_equal(session_table_count(), baseline + 1);
    close_session(session->handle);
}

static void test_table_closed_handle_stays_invalid_after_slot_reuse(void **state)
{
    HWCT closed = create_session()->handle, reused = NULL;
    ULONG_PTR closed_index, index, generation, attempts;

    (void)state;
    close_session(closed);
    assert_true(session_handle_decode(closed, &closed_index, &generation));
    /* Free slots are reused oldest first: open and close until the slot comes back. */
    for (attempts = 0; attempts <= session_table_capacity() && !reused; attempts++)
    {
        HWCT handle = create_session()->handle;
        assert_true(session_handle_decode(handle, &index, &generation));
        if (index == closed_index) reused = handle;
        else close_session(handle);
    }
    assert_non_null(reused);
    assert_true(reused != closed);
    assert_null(session_from_handle(closed));
    assert_null(session_detach(closed));
    close_session(reused);
}

static void test_table_detach_twice_second_finds_nothing(void **state)
{
    struct wct_session *session = create_session();
    HWCT handle = session->handle;

    (void)state;
    assert_ptr_equal(session_detach(handle), session);
    assert_null(session_detach(handle));
    assert_null(session_from_handle(handle));
    worker_pool_close_queue(&session->queue);
    assert_true(session_release(session));
}

static void test_table_reference_outlives_close(void **state)
{
    struct wct_session *session = create_session(), *held;

    (void)state;
    held = session_from_handle(session->handle);
    assert_ptr_equal(held, session);
    assert_ptr_equal(session_detach(session->handle), session);
    worker_pool_close_queue(&session->queue);
    assert_false(session_release(session)); /* the table's reference */
    assert_true(session_release(held));     /* the lookup's, the last */
}

static void test_table_grows_to_10000_sessions_and_back(void **state)
{
    enum { COUNT = 10000 };
    ULONG_PTR baseline = session_table_count();
    HWCT *handles = calloc(COUNT, sizeof(*handles));
    size_t i;

    (void)state;
    assert_non_null(handles);
    for (i = 0; i < COUNT; i++) handles[i] = create_session()->handle;
    assert_int_equal(session_table_count(), baseline + COUNT);
    assert_true(session_table_capacity() >= baseline + COUNT);
    for (i = 0; i < COUNT; i++)
    {
        struct wct_session *session = session_from_handle(handles[i]);
        assert_non_null(session);
        assert_ptr_equal(session->handle, handles[i]); /* so all handles differ */
        session_release(session);
    }
    for (i = 0; i < COUNT; i++) close_session(handles[i]);
    assert_int_equal(session_table_count(), baseline);
    for (i = 0; i < COUNT; i++) assert_null(session_from_handle(handles[i]));
    free(handles);
}

static void test_table_out_of_memory_for_session(void **state)
{
    ULONG_PTR baseline = session_table_count();
    struct wct_session *session = NULL;

    (void)state;
    wct_alloc_fail(0, 1);
    assert_int_equal(session_create(0, NULL, &no_probe, &session), ERROR_NOT_ENOUGH_MEMORY);
    wct_alloc_fail(0, 0);
    assert_null(session);
    assert_int_equal(session_table_count(), baseline);
}

static void test_table_out_of_memory_when_growing(void **state)
{
    ULONG_PTR baseline = session_table_count(), capacity = session_table_capacity(), i;
    HWCT *handles = calloc(capacity + 1, sizeof(*handles));
    struct wct_session *session = NULL;

    (void)state;
    assert_non_null(handles);
    for (i = baseline; i < capacity; i++) handles[i] = create_session()->handle; /* full */
    wct_alloc_fail(1, 1); /* the session's memory succeeds, the table's growth fails */
    assert_int_equal(session_create(0, NULL, &no_probe, &session), ERROR_NOT_ENOUGH_MEMORY);
    wct_alloc_fail(0, 0);
    assert_int_equal(session_table_count(), capacity);
    assert_int_equal(session_table_capacity(), capacity);
    session = create_session(); /* grows now */
    assert_true(session_table_capacity() > capacity);
    close_session(session->handle);
    for (i = baseline; i < capacity; i++) close_session(handles[i]);
    assert_int_equal(session_table_count(), baseline);
    free(handles);
}

static void test_open_rejects_unknown_flags(void **state)
{
    HWCT handle = (HWCT)0x1234;
    int bit;

    (void)state;
    for (bit = 1; bit < 32; bit++)
    {
        assert_int_equal(session_open(1u << bit, unused_callback, &no_probe, &handle),
                         ERROR_INVALID_PARAMETER);
        assert_int_equal(session_open(WCT_ASYNC_OPEN_FLAG | (1u << bit), unused_callback,
                                      &no_probe, &handle), ERROR_INVALID_PARAMETER);
    }
    assert_ptr_equal(handle, (HWCT)0x1234); /* untouched on failure */
}

static void test_open_async_needs_callback(void **state)
{
    ULONG_PTR baseline = session_table_count();
    HWCT handle = NULL;

    (void)state;
    assert_int_equal(session_open(WCT_ASYNC_OPEN_FLAG, NULL, &no_probe, &handle),
                     ERROR_INVALID_PARAMETER);
    assert_null(handle);
    assert_int_equal(session_table_count(), baseline);
    assert_int_equal(session_open(WCT_ASYNC_OPEN_FLAG, unused_callback, &no_probe, &handle),
                     ERROR_SUCCESS);
    assert_non_null(handle);
    session_close(handle);
    assert_int_equal(session_table_count(), baseline);
}

static void test_open_out_of_memory(void **state)
{
    HWCT handle = NULL;

    (void)state;
    wct_alloc_fail(0, 1);
    assert_int_equal(session_open(0, NULL, &no_probe, &handle), ERROR_NOT_ENOUGH_MEMORY);
    wct_alloc_fail(0, 0);
    assert_null(handle);
}

static HRESULT WINAPI call_state_a(int kind, PULONG state) { (void)kind; (void)state; return 1; }
static HRESULT WINAPI call_state_b(int kind, PULONG state) { (void)kind; (void)state; return 2; }
static HRESULT WINAPI activation_a(GUID id, DWORD a, DWORD *b) { (void)id; (void)a; (void)b; return 1; }
static HRESULT WINAPI activation_b(GUID id, DWORD a, DWORD *b) { (void)id; (void)a; (void)b; return 2; }

struct com_writer
{
    volatile LONG stop;
    PCOGETCALLSTATE call_state;
    PCOGETACTIVATIONSTATE activation_state;
};

static DWORD WINAPI write_com_pair(void *param)
{
    struct com_writer *writer = param;

    while (!InterlockedCompareExchange(&writer->stop, 0, 0))
        com_callbacks_set(writer->call_state, writer->activation_state);
    return 0;
}

static void test_com_callbacks_last_registration_wins(void **state)
{
    PCOGETCALLSTATE call_state;
    PCOGETACTIVATIONSTATE activation_state;

    (void)state;
    com_callbacks_set(call_state_a, activation_a);
    com_callbacks_set(call_state_b, activation_b);
    com_callbacks_get(&call_state, &activation_state);
    assert_ptr_equal(call_state, call_state_b);
    assert_ptr_equal(activation_state, activation_b);
    com_callbacks_set(NULL, NULL);
    com_callbacks_get(&call_state, &activation_state);
    assert_null(call_state);
    assert_null(activation_state);
}

static void test_com_callbacks_pair_is_never_torn(void **state)
{
    struct com_writer writers[2] = { { 0, call_state_a, activation_a },
                                     { 0, call_state_b, activation_b } };
    HANDLE threads[2];
    PCOGETCALLSTATE call_state;
    PCOGETACTIVATIONSTATE activation_state;
    int i, torn = 0;

    (void)state;
    for (i = 0; i < 2; i++) threads[i] = test_start_thread(write_com_pair, &writers[i], NULL);
    for (i = 0; i < 100000; i++)
    {
        com_callbacks_get(&call_state, &activation_state);
        if (call_state == call_state_a) torn += activation_state != activation_a;
        else if (call_state == call_state_b) torn += activation_state != activation_b;
    }
    for (i = 0; i < 2; i++) InterlockedExchange(&writers[i].stop, 1);
    for (i = 0; i < 2; i++) test_join_thread(threads[i]);
    assert_int_equal(torn, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handle_roundtrips_index_and_generation),
        cmocka_unit_test(test_handle_is_never_null_aligned_or_invalid_handle_value),
        cmocka_unit_test(test_handle_decode_rejects_wrong_tag_and_generation_zero),
        cmocka_unit_test(test_generation_wraps_to_one_never_zero),
        cmocka_unit_test(test_table_finds_open_session_and_counts_it),
        cmocka_unit_test(test_table_rejects_junk_values),
        cmocka_unit_test(test_table_closed_handle_stays_invalid_after_slot_reuse),
        cmocka_unit_test(test_table_detach_twice_second_finds_nothing),
        cmocka_unit_test(test_table_reference_outlives_close),
        cmocka_unit_test(test_table_grows_to_10000_sessions_and_back),
        cmocka_unit_test(test_table_out_of_memory_for_session),
        cmocka_unit_test(test_table_out_of_memory_when_growing),
        cmocka_unit_test(test_open_rejects_unknown_flags),
        cmocka_unit_test(test_open_async_needs_callback),
        cmocka_unit_test(test_open_out_of_memory),
        cmocka_unit_test(test_com_callbacks_last_registration_wins),
        cmocka_unit_test(test_com_callbacks_pair_is_never_torn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

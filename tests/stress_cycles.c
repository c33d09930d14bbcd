/*
 * stress_cycles.c - many threads opening sessions, queueing requests and closing them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>

#include "stress_cycles.h"

#define REQUESTS_PER_CYCLE 3

struct cycle
{
    volatile LONG pending;       /* accepted requests whose callback has not come yet */
    volatile LONG close_returned;
    HANDLE callback_came;        /* the thread's auto-reset event */
};

struct record
{
    struct cycle *cycle;
    struct stress_result *result;
    const DWORD *allowed;
    int allowed_count;
    volatile LONG calls;
    BOOL accepted;
};

struct stress_thread
{
    const struct stress_api *api;
    const DWORD *targets;
    int target_count;
    const DWORD *allowed;
    int allowed_count;
    int cycles;
    unsigned int seed;
    struct stress_result *result;
};

static unsigned int next_random(unsigned int *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static BOOL status_allowed(const struct record *record, DWORD status)
{
    int i;

    for (i = 0; i < record->allowed_count; i++)
        if (record->allowed[i] == status) return TRUE;
    return FALSE;
}

static VOID CALLBACK stress_callback(HWCT session, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    struct record *record = (struct record *)context;
    struct cycle *cycle = record->cycle;
    struct stress_result *result = record->result;

    (void)session; (void)node_count; (void)nodes; (void)is_cycle;
    if (cycle->close_returned) InterlockedIncrement(&result->late);
    InterlockedIncrement(&record->calls);
    if (status == ERROR_CANCELLED) InterlockedIncrement(&result->cancelled);
    else
    {
        InterlockedIncrement(&result->completed);
        if (!status_allowed(record, status)) InterlockedIncrement(&result->unexpected_status);
    }
    if (!InterlockedDecrement(&cycle->pending)) SetEvent(cycle->callback_came);
    if (cycle->close_returned) InterlockedIncrement(&result->late);
}

/* Makes one request of a cycle; counts whether it was answered as it should be. */
static void make_request(struct stress_thread *thread, HWCT session, struct record *record,
                         DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    BOOL invalid = next_random(&thread->seed) % 8 == 0;
    DWORD target = thread->targets[next_random(&thread->seed) % thread->target_count];
    DWORD error;

    *node_count = invalid ? 0 : WCT_MAX_NODE_COUNT;
    InterlockedIncrement(&record->cycle->pending); /* before: the callback may come at once */
    record->accepted = TRUE;
    error = thread->api->request(session, (DWORD_PTR)record, target, node_count, nodes, is_cycle);
    if (error == ERROR_IO_PENDING && !invalid)
    {
        InterlockedIncrement(&thread->result->accepted);
        return;
    }
    record->accepted = FALSE;
    InterlockedDecrement(&record->cycle->pending);
    if (invalid && error == ERROR_INVALID_PARAMETER) InterlockedIncrement(&thread->result->refused);
    else InterlockedIncrement(&thread->result->wrong_refusals);
}

/* Waits (bounded) until every accepted request of cycle has had its callback. */
static void wait_for_callbacks(struct stress_thread *thread, struct cycle *cycle)
{
    while (InterlockedCompareExchange(&cycle->pending, 0, 0) > 0)
    {
        if (WaitForSingleObject(cycle->callback_came, TEST_TIMEOUT) == WAIT_OBJECT_0) continue;
        InterlockedIncrement(&thread->result->wait_timeouts);
        return;
    }
}

/* Right after Close returned: every accepted request of the cycle has had its callback. */
static void check_cycle(struct stress_thread *thread, struct record *records, int count)
{
    int i;

    for (i = 0; i < count; i++)
        if (records[i].accepted && !InterlockedCompareExchange(&records[i].calls, 0, 0))
            InterlockedIncrement(&thread->result->missing);
}

/* Once every session of the thread is closed: still one call per accepted request, and
 * none for a refused one. */
static void check_all(struct stress_thread *thread, struct record *records, int count)
{
    int i;

    for (i = 0; i < count; i++)
    {
        if (records[i].calls > 1) InterlockedIncrement(&thread->result->duplicates);
        if (!records[i].accepted && records[i].calls)
            InterlockedIncrement(&thread->result->refused_called);
    }
}

static void run_cycle(struct stress_thread *thread, struct cycle *cycle, struct record *records,
                      WAITCHAIN_NODE_INFO (*nodes)[WCT_MAX_NODE_COUNT])
{
    DWORD node_counts[REQUESTS_PER_CYCLE];
    BOOL is_cycle[REQUESTS_PER_CYCLE];
    int i, count = 1 + next_random(&thread->seed) % REQUESTS_PER_CYCLE;
    HWCT session = thread->api->open(stress_callback);

    if (!session)
    {
        InterlockedIncrement(&thread->result->open_failures);
        return;
    }
    for (i = 0; i < count; i++)
    {
        records[i].cycle = cycle;
        records[i].result = thread->result;
        records[i].allowed = thread->allowed;
        records[i].allowed_count = thread->allowed_count;
        make_request(thread, session, &records[i], &node_counts[i], nodes[i], &is_cycle[i]);
    }
    if (next_random(&thread->seed) % 2) wait_for_callbacks(thread, cycle);
    thread->api->close(session);
    InterlockedExchange(&cycle->close_returned, 1);
    check_cycle(thread, records, count);
}

static DWORD WINAPI stress_thread_proc(void *param)
{
    struct stress_thread *thread = param;
    struct cycle *cycles = calloc(thread->cycles, sizeof(*cycles));
    struct record *records = calloc((size_t)thread->cycles * REQUESTS_PER_CYCLE, sizeof(*records));
    WAITCHAIN_NODE_INFO (*nodes)[WCT_MAX_NODE_COUNT] = calloc(REQUESTS_PER_CYCLE, sizeof(*nodes));
    HANDLE callback_came = CreateEventW(NULL, FALSE, FALSE, NULL);
    int i;

    if (!cycles || !records || !nodes || !callback_came)
    {
        InterlockedIncrement(&thread->result->open_failures);
        return 1;
    }
    for (i = 0; i < thread->cycles; i++)
    {
        cycles[i].callback_came = callback_came;
        run_cycle(thread, &cycles[i], &records[i * REQUESTS_PER_CYCLE], nodes);
    }
    check_all(thread, records, thread->cycles * REQUESTS_PER_CYCLE);
    CloseHandle(callback_came);
    free(nodes);
    free(records);
    free(cycles);
    return 0;
}

void stress_run(const struct stress_api *api, int threads, int cycles, const DWORD *targets,
                int target_count, const DWORD *allowed_statuses, int status_count,
                struct stress_result *result)
{
    struct stress_thread *params = calloc(threads, sizeof(*params));
    HANDLE *handles = calloc(threads, sizeof(*handles));
    int i;

    assert_non_null(params);
    assert_non_null(handles);
    memset(result, 0, sizeof(*result));
    for (i = 0; i < threads; i++)
    {
        params[i].api = api;
        params[i].targets = targets;
        params[i].target_count = target_count;
        params[i].allowed = allowed_statuses;
        params[i].allowed_count = status_count;
        params[i].cycles = cycles;
        params[i].seed = 0x5eed + 7919u * i;
        params[i].result = result;
        handles[i] = test_start_thread(stress_thread_proc, &params[i], NULL);
    }
    for (i = 0; i < threads; i++)
    {
        /* Generous: the cycles themselves are bounded, this only catches a hang. */
        assert_int_equal(WaitForSingleObject(handles[i], 120000), WAIT_OBJECT_0);
        CloseHandle(handles[i]);
    }
    free(handles);
    free(params);
}

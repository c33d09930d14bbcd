/*
 * test_soak.c - 8 threads of open/get/close, synchronous and asynchronous, against target
 * threads that are created and exit all the time; afterwards the process's handle count
 * and private memory are back near where they were, and no callback was lost or duplicated.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Phases: a warm-up (a tenth of the run, 5..60 s) with the same load, so that the heap,
 * the worker pool, Wine's own caches and the CRT reach their working size; a quiet point
 * where the baseline is read; the run proper; a quiet point where the end is read.
 * Quiet means every thread of the test has been joined and every session closed; the long
 * lived target threads (fuzz_targets) stay from before the baseline to after the end.
 *
 * Bounds (end - baseline), and why they are small but not zero:
 *   handles  HANDLE_BOUND: the pool's idle threads (a handle each at most) may number
 *            differently at the two quiet points (the pool retires them when idle, by time);
 *            a leak of one handle every N operations exceeds it after 16 N operations.
 *   memory   MEMORY_BOUND: those idle threads' stacks and TEBs, and heap fragmentation;
 *            a leak of 8 bytes per operation exceeds it after about 260,000 operations.
 * The end is read again (up to END_READS times, a second apart) while it is above a bound,
 * so that idle pool threads can retire; that is a bounded wait, not a timing assertion.
 *
 * Environment: WCT_SOAK_SECONDS (default 600; CTest's test_soak_ci sets 120),
 * WCT_FUZZ_SEED (printed; the workers' seeds derive from it).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#include "fuzz_prng.h"
#include "fuzz_targets.h"
#include "process_usage.h"
#include "request_ledger.h"
#include "soak_churn.h"
#include "watchdog.h"

#define WORKERS 8
#define REQUESTS_PER_WORKER 16
#define MAX_REQUESTS_PER_SESSION 6
#define DEFAULT_SECONDS 600
#define HANDLE_BOUND 16
#define MEMORY_BOUND ((SIZE_T)2 << 20)
#define END_READS 30
#define SETTLE_TIMEOUT_MS 10000
#define STALL_MS 120000
#define JOIN_TIMEOUT_MS 60000
#define REPORT_PERIOD_S 60
#define NO_ERROR_SET 0xdeadbeef
#define SYNC_CONTEXT (~(DWORD_PTR)0x50a4)

/* One worker's figures; only that worker writes them, the test thread reads them after. */
struct worker_figures
{
    ULONG64 opens, gets, gets_succeeded, gets_pending, gets_failed, closes, early_closes;
    ULONG64 junk_handles, closed_handles, null_pointers, churn_targets;
    ULONG64 violations;
};

struct worker
{
    HANDLE thread;
    DWORD index;
    struct prng prng;
    struct ledger_block *block;
    struct worker_figures figures;
    const char *doing; /* for the watchdog */
};

static struct worker workers[WORKERS];
/* progress[0..WORKERS-1]: the workers; progress[WORKERS]: the churn thread. */
static volatile LONG progress[WORKERS + 1];
static volatile LONG stopping;
static UINT64 base_seed;


static void violation(struct worker *worker, const char *what, DWORD thread_id, BOOL ok,
                      DWORD error)
{
    if (worker->figures.violations++ < 5)
        printf("VIOLATION (worker %lu): %s (thread %lu -> %s, error %lu)\n", worker->index,
               what, thread_id, ok ? "TRUE" : "FALSE", error);
}


/* A target: mostly churn threads (alive or just exited), some long-lived ones, self. */
static void pick_target(struct worker *worker, struct chain_call *call, BOOL *live)
{
    DWORD dice = prng_below(&worker->prng, 100);

    *live = FALSE;
    if (dice < 65 && (call->thread_id = churn_pick(&worker->prng)))
    {
        worker->figures.churn_targets++;
        return;
    }
    if (dice < 95)
    {
        call->thread_id = targets_pick_live(&worker->prng).thread_id;
        *live = TRUE;
        return;
    }
    call->thread_id = GetCurrentThreadId();
    *live = TRUE;
}


static void pick_call(struct worker *worker, struct chain_call *call, BOOL *live)
{
    ZeroMemory(call, sizeof(*call));
    pick_target(worker, call, live);
    call->flags = prng_percent(&worker->prng, 80) ? 0 : prng_below(&worker->prng, 16);
    call->capacity = 1 + prng_below(&worker->prng, WCT_MAX_NODE_COUNT);
}


/* An open session, valid parameters: the errors the contract allows. */
static void judge(struct worker *worker, BOOL async, BOOL live, const struct chain_call *call,
                  BOOL ok, DWORD error)
{
    if (async)
    {
        if (ok || error != ERROR_IO_PENDING)
            violation(worker, "asynchronous request not ERROR_IO_PENDING", call->thread_id, ok, error);
        return;
    }
    if (ok) return;
    if (!contract_get_error_documented(error) || error == ERROR_IO_PENDING ||
        error == ERROR_INVALID_HANDLE || error == ERROR_INVALID_PARAMETER)
        violation(worker, "wrong error from a synchronous call", call->thread_id, ok, error);
    else if (live && (error == ERROR_OBJECT_NOT_FOUND || error == ERROR_ACCESS_DENIED))
        violation(worker, "a live thread of this process not found or denied", call->thread_id, ok, error);
}


static void count_get(struct worker *worker, BOOL ok, DWORD error)
{
    worker->figures.gets++;
    if (ok) worker->figures.gets_succeeded++;
    else if (error == ERROR_IO_PENDING) worker->figures.gets_pending++;
    else worker->figures.gets_failed++;
}


static void get_sync(struct worker *worker, HWCT session, const struct chain_call *call, BOOL live)
{
    struct chain_result result;
    const char *wrong;
    BOOL ok;
    DWORD error;

    contract_prepare(call, &result);
    SetLastError(NO_ERROR_SET);
    ok = contract_get(session, SYNC_CONTEXT, call, &result);
    error = GetLastError();
    count_get(worker, ok, error);
    judge(worker, FALSE, live, call, ok, error);
    if ((wrong = contract_check_result(call, ok ? ERROR_SUCCESS : error, &result)))
        violation(worker, wrong, call->thread_id, ok, error);
}


static void get_async(struct worker *worker, HWCT session, const struct chain_call *call)
{
    struct request *request = ledger_take(worker->block, session, call);
    BOOL ok;
    DWORD error;

    if (!request) return;
    SetLastError(NO_ERROR_SET);
    ok = contract_get(session, ledger_context(request), call, &request->result);
    error = GetLastError();
    count_get(worker, ok, error);
    judge(worker, TRUE, FALSE, call, ok, error);
    if (!ok && error == ERROR_IO_PENDING) ledger_accepted(request);
    else ledger_refused(worker->block, request);
}


/* Faults, now and then: a junk handle, a NULL pointer. Both must fail cleanly. */
static void inject_fault(struct worker *worker, HWCT session)
{
    struct chain_call call;
    struct chain_result result;
    BOOL ok, live;
    DWORD error;

    pick_call(worker, &call, &live);
    if (prng_percent(&worker->prng, 50))
    {
        worker->figures.junk_handles++;
        session = (HWCT)(ULONG_PTR)prng_next(&worker->prng);
    }
    else
    {
        worker->figures.null_pointers++;
        call.null_nodes = TRUE;
    }
    contract_prepare(&call, &result);
    SetLastError(NO_ERROR_SET);
    ok = contract_get(session, SYNC_CONTEXT, &call, &result);
    error = GetLastError();
    if (ok || (error != ERROR_INVALID_HANDLE && error != ERROR_INVALID_PARAMETER))
        violation(worker, "a junk handle or NULL pointer not refused", call.thread_id, ok, error);
}


static BOOL settle(struct worker *worker, HWCT session)
{
    DWORD waited;

    for (waited = 0; waited < SETTLE_TIMEOUT_MS; waited++)
    {
        if (ledger_session_settled(worker->block, session)) return TRUE;
        Sleep(1);
    }
    return FALSE;
}


/* Closes at once (requests may still be queued), after a yield, or once all are done. */
static void close_session(struct worker *worker, HWCT session)
{
    DWORD how = prng_below(&worker->prng, 3);

    worker->doing = "waiting for callbacks before Close";
    if (how == 1) SwitchToThread();
    else if (how == 2 && !settle(worker, session))
        violation(worker, "callbacks not delivered within 10 s", 0, FALSE, 0);
    if (!ledger_session_settled(worker->block, session)) worker->figures.early_closes++;
    worker->doing = "CloseThreadWaitChainSession";
    CloseThreadWaitChainSession(session);
    ledger_session_closed(worker->block, session);
    worker->figures.closes++;
}


/* The closed handle must now be refused, and closing it again must do nothing. */
static void reuse_closed(struct worker *worker, HWCT session)
{
    struct chain_call call;
    struct chain_result result;
    BOOL ok, live;
    DWORD error;

    worker->figures.closed_handles++;
    pick_call(worker, &call, &live);
    contract_prepare(&call, &result);
    SetLastError(NO_ERROR_SET);
    ok = contract_get(session, SYNC_CONTEXT, &call, &result);
    error = GetLastError();
    if (ok || error != ERROR_INVALID_HANDLE)
        violation(worker, "a closed handle not refused", call.thread_id, ok, error);
    CloseThreadWaitChainSession(session);
}


static void session_round(struct worker *worker)
{
    BOOL async = prng_percent(&worker->prng, 50), live;
    DWORD requests = 1 + prng_below(&worker->prng, MAX_REQUESTS_PER_SESSION), i;
    struct chain_call call;
    HWCT session;

    worker->doing = "OpenThreadWaitChainSession";
    SetLastError(NO_ERROR_SET);
    session = OpenThreadWaitChainSession(async ? WCT_ASYNC_OPEN_FLAG : 0,
                                         async || prng_percent(&worker->prng, 50) ? ledger_callback : NULL);
    worker->figures.opens++;
    if (!session)
    {
        if (GetLastError() != ERROR_NOT_ENOUGH_MEMORY) violation(worker, "Open failed", 0, FALSE, GetLastError());
        return;
    }
    worker->doing = "GetThreadWaitChain";
    for (i = 0; i < requests; i++)
    {
        pick_call(worker, &call, &live);
        if (async) get_async(worker, session, &call);
        else get_sync(worker, session, &call, live);
        if (prng_percent(&worker->prng, 2)) inject_fault(worker, session);
    }
    close_session(worker, session);
    if (prng_percent(&worker->prng, 5)) reuse_closed(worker, session);
}


static DWORD WINAPI worker_proc(void *param)
{
    struct worker *worker = param;

    while (!InterlockedCompareExchange(&stopping, 0, 0))
    {
        session_round(worker);
        InterlockedIncrement(&progress[worker->index]);
    }
    worker->doing = "stopped";
    return 0;
}


static void describe_hang(DWORD index)
{
    if (index < WORKERS) printf("  worker %lu in %s\n", index, workers[index].doing);
    else printf("  the churn thread (joining its children)\n");
}


static BOOL start_phase(DWORD phase)
{
    DWORD i;

    InterlockedExchange(&stopping, 0);
    if (!churn_start(base_seed ^ (0x5eedULL << phase), &progress[WORKERS])) return FALSE;
    for (i = 0; i < WORKERS; i++)
    {
        workers[i].index = i;
        workers[i].block = ledger_block(i);
        workers[i].doing = "starting";
        prng_seed(&workers[i].prng, base_seed + 1000003ULL * (i + 1) + phase);
        workers[i].thread = CreateThread(NULL, 0, worker_proc, &workers[i], 0, NULL);
        if (!workers[i].thread) return FALSE;
    }
    return TRUE;
}


static BOOL stop_phase(void)
{
    BOOL ended = TRUE;
    DWORD i;

    InterlockedExchange(&stopping, 1);
    for (i = 0; i < WORKERS; i++)
    {
        if (WaitForSingleObject(workers[i].thread, JOIN_TIMEOUT_MS) != WAIT_OBJECT_0) ended = FALSE;
        CloseHandle(workers[i].thread);
        workers[i].thread = NULL;
    }
    return churn_stop() && ended;
}


static ULONG64 total_gets(void)
{
    ULONG64 gets = 0;
    DWORD i;

    for (i = 0; i < WORKERS; i++) gets += workers[i].figures.gets;
    return gets;
}


/* Runs the load for `seconds` (by the clock: Sleep wakes late under load), reporting now
 * and then. */
static BOOL run_phase(DWORD phase, DWORD seconds)
{
    ULONGLONG start = GetTickCount64(), now, next_report = REPORT_PERIOD_S * 1000ULL, stop_start;
    BOOL stopped;

    if (!start_phase(phase)) return FALSE;
    while ((now = GetTickCount64() - start) < seconds * 1000ULL)
    {
        Sleep(now + 1000 < seconds * 1000ULL ? 1000 : (DWORD)(seconds * 1000ULL - now));
        if (GetTickCount64() - start < next_report) continue;
        printf("soak: phase %lu, %llu/%lu s, %llu GetThreadWaitChain calls so far\n", phase,
               next_report / 1000, seconds, (unsigned long long)total_gets());
        fflush(stdout);
        next_report += REPORT_PERIOD_S * 1000ULL;
    }
    stop_start = GetTickCount64();
    stopped = stop_phase();
    printf("soak: phase %lu: %lu s of load, stopped in %llu ms\n", phase, seconds,
           (unsigned long long)(GetTickCount64() - stop_start));
    fflush(stdout);
    return stopped;
}


static BOOL within_bounds(const struct process_usage *start, const struct process_usage *end)
{
    return end->handles <= start->handles + HANDLE_BOUND &&
           end->private_bytes <= start->private_bytes + MEMORY_BOUND;
}


/* Reads the end figures, again while they are above the bounds (idle pool threads retire). */
static void read_end(const struct process_usage *start, struct process_usage *end)
{
    DWORD reads;

    for (reads = 1; process_usage_read(end) && !within_bounds(start, end) && reads < END_READS; reads++)
        Sleep(1000);
}


static void print_usage(const char *when, const struct process_usage *usage)
{
    printf("%s: %lu handles (%s), %llu KiB private (%s), %lu threads\n", when, usage->handles,
           usage->handles_source, (unsigned long long)(usage->private_bytes >> 10),
           usage->private_source, usage->threads);
}


static void sum_figures(struct worker_figures *sum)
{
    const ULONG64 *from;
    ULONG64 *to = (ULONG64 *)sum;
    DWORD i, f, fields = sizeof(*sum) / sizeof(ULONG64);

    ZeroMemory(sum, sizeof(*sum));
    for (i = 0; i < WORKERS; i++)
        for (from = (const ULONG64 *)&workers[i].figures, f = 0; f < fields; f++) to[f] += from[f];
}


static void print_figures(const struct worker_figures *f, const struct ledger_counts *counts)
{
    printf("operations: %llu opens, %llu closes (%llu early), %llu GetThreadWaitChain calls "
           "(%llu TRUE, %llu ERROR_IO_PENDING, %llu failed)\n", f->opens, f->closes,
           f->early_closes, f->gets, f->gets_succeeded, f->gets_pending, f->gets_failed);
    printf("targets: %llu churn threads asked about; %ld threads created and exited\n",
           f->churn_targets, churn_threads_made());
    printf("faults: %llu junk handles, %llu closed handles reused, %llu NULL pointers\n",
           f->junk_handles, f->closed_handles, f->null_pointers);
    printf("callbacks: %ld for %ld accepted requests (%ld success, %ld cancelled, %ld other "
           "errors); stray %ld, late %ld, duplicate %ld, lost %ld, undocumented %ld, wrong "
           "arguments %ld, bad output %ld\n", counts->callbacks, counts->accepted,
           counts->success, counts->cancelled, counts->failed, counts->stray, counts->late,
           counts->duplicate, counts->lost, counts->undocumented, counts->wrong_arguments,
           counts->bad_output);
    fflush(stdout);
}


static int group_setup(void **state)
{
    (void)state;
    if (!ledger_init(WORKERS, REQUESTS_PER_WORKER)) return -1;
    return targets_start() ? 0 : -1;
}


static int group_teardown(void **state)
{
    (void)state;
    if (!targets_stop()) return -1;
    ledger_free();
    return 0;
}


static void test_soak_resources_return_and_no_callback_lost(void **state)
{
    DWORD seconds = (DWORD)env_number("WCT_SOAK_SECONDS", DEFAULT_SECONDS);
    DWORD warmup = seconds / 10 < 5 ? 5 : seconds / 10 > 60 ? 60 : seconds / 10;
    struct process_usage start, end;
    struct worker_figures sum;
    struct ledger_counts *counts = ledger_counts();

    (void)state;
    base_seed = fuzz_seed("WCT_FUZZ_SEED");
    printf("soak: %lu s (warm-up %lu s), %d threads\n", seconds, warmup, WORKERS);
    assert_true(watchdog_start(progress, WORKERS + 1, STALL_MS, describe_hang));
    assert_true(run_phase(0, warmup));
    assert_true(process_usage_read(&start));
    assert_true(run_phase(1, seconds > warmup ? seconds - warmup : 1));
    read_end(&start, &end);
    watchdog_stop();
    print_usage("baseline", &start);
    print_usage("end", &end);
    printf("deltas: %+ld handles (bound +%d), %+lld KiB private (bound +%llu KiB)\n",
           (LONG)end.handles - (LONG)start.handles, HANDLE_BOUND,
           ((long long)end.private_bytes - (long long)start.private_bytes) / 1024,
           (unsigned long long)(MEMORY_BOUND >> 10));
    sum_figures(&sum);
    print_figures(&sum, counts);

    assert_int_equal(sum.violations, 0);
    assert_int_equal(ledger_violations(), 0);
    assert_int_equal(counts->callbacks, counts->accepted);
    assert_in_range(end.handles, 0, start.handles + HANDLE_BOUND);
    assert_in_range(end.private_bytes, 0, start.private_bytes + MEMORY_BOUND);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_soak_resources_return_and_no_callback_lost),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

/*
 * test_api_fuzz.c - random sequences of OpenThreadWaitChainSession, GetThreadWaitChain and
 * CloseThreadWaitChainSession against the documented contract (include/wct.h, issue 3).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One driver (the test thread) keeps a model of the sessions it opened and, for each random
 * call, works out what the contract allows: handles that are open, closed, junk, NULL or
 * INVALID_HANDLE_VALUE; flags with valid and invalid bits; *NodeCount 0..20 or junk; NULL or
 * valid pointers; threads that run, wait, have exited or never existed; synchronous and
 * asynchronous sessions, closed early (requests still queued) or from their own callback.
 * It checks that nothing crashes, that every failure sets a documented error (the exact one
 * where the inputs decide it), that outputs are consistent, and, through request_ledger,
 * that every accepted request gets exactly one callback, none after its session's Close.
 *
 * Environment: WCT_FUZZ_SEED (printed at start; replays the driver's sequence),
 * WCT_FUZZ_ITERATIONS (default sized for about 20 s under Wine).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#include "fuzz_prng.h"
#include "fuzz_targets.h"
#include "request_ledger.h"
#include "watchdog.h"

#define DEFAULT_ITERATIONS 25000
#define MAX_SESSIONS 8
#define REQUESTS_PER_SESSION 24
#define CLOSED_MEMORY 32
#define SETTLE_TIMEOUT_MS 30000
#define STALL_MS 60000
#define REPORTED_VIOLATIONS 20
#define NO_ERROR_SET 0xdeadbeef
/* The Context of synchronous calls: no ledger slot has this index, so any callback for
 * such a call is counted as stray. */
#define SYNC_CONTEXT (~(DWORD_PTR)0x5ac0)

struct fuzz_session
{
    HWCT handle;
    BOOL async;
    BOOL self_closing; /* a request's callback closes it */
};

/* What was done, for the figures; and what went wrong. */
struct fuzz_figures
{
    ULONG64 opens, opens_refused, gets, gets_succeeded, gets_pending, gets_failed;
    ULONG64 closes, early_closes, self_closes, closes_of_junk;
    ULONG64 junk_handles, closed_handles, null_handles, invalid_value_handles;
    ULONG64 null_pointers, bad_counts, bad_flags, bad_open_flags;
    ULONG64 targets[TARGET_KIND_COUNT];
    ULONG64 violations;
};

struct fuzz
{
    struct prng prng;
    ULONG64 step;
    struct fuzz_session sessions[MAX_SESSIONS];
    DWORD session_count;
    HWCT closed[CLOSED_MEMORY];
    DWORD closed_count;
    struct ledger_block *block;
    struct fuzz_figures figures;
};

/* One GetThreadWaitChain call as the driver chose it. */
struct fuzz_get
{
    HWCT handle;
    struct fuzz_session *session; /* NULL: the handle is not an open session */
    struct chain_call call;
    enum target_kind target;
};


/* What the driver is doing, for the watchdog's report of a hang. */
static volatile LONG progress;
static const char *current_op;
static struct fuzz_get current_get;


static void describe_get(const struct fuzz_get *get)
{
    printf("  handle %p (%s session), flags %#lx, thread %lu (%s), *NodeCount %lu, "
           "NULL count/nodes/cycle %d/%d/%d\n",
           get->handle, !get->session ? "no" : get->session->async ? "async" : "sync",
           get->call.flags, get->call.thread_id, target_kind_name(get->target),
           get->call.capacity, get->call.null_count, get->call.null_nodes, get->call.null_cycle);
}


static void describe_hang(DWORD index)
{
    (void)index;
    printf("  in %s\n", current_op ? current_op : "?");
    if (current_op && !strcmp(current_op, "GetThreadWaitChain")) describe_get(&current_get);
}


static void violation(struct fuzz *fuzz, const char *what, const struct fuzz_get *get,
                      BOOL ok, DWORD error)
{
    if (fuzz->figures.violations++ >= REPORTED_VIOLATIONS) return;
    printf("VIOLATION at step %llu: %s\n", (unsigned long long)fuzz->step, what);
    if (!get) return;
    describe_get(get);
    printf("  -> %s, error %lu\n", ok ? "TRUE" : "FALSE", error);
}


/* The open session whose handle is value, or NULL. */
static struct fuzz_session *find_session(struct fuzz *fuzz, HWCT value)
{
    DWORD i;

    for (i = 0; i < fuzz->session_count; i++)
        if (fuzz->sessions[i].handle == value) return &fuzz->sessions[i];
    return NULL;
}


static HWCT junk_handle(struct fuzz *fuzz)
{
    ULONG_PTR base = 0;

    if (fuzz->session_count)
        base = (ULONG_PTR)fuzz->sessions[prng_below(&fuzz->prng, fuzz->session_count)].handle;
    switch (prng_below(&fuzz->prng, 4))
    {
    case 0: return (HWCT)(ULONG_PTR)prng_below(&fuzz->prng, 4096);
    case 1: return (HWCT)(base ^ ((ULONG_PTR)1 << prng_below(&fuzz->prng, 64)));
    case 2: return (HWCT)(base + prng_below(&fuzz->prng, 9) - 4);
    default: return (HWCT)(ULONG_PTR)prng_next(&fuzz->prng);
    }
}


/* A handle of a random kind; counts the faults. */
static HWCT pick_handle(struct fuzz *fuzz)
{
    DWORD dice = prng_below(&fuzz->prng, 100);

    if (dice < 80 && fuzz->session_count)
        return fuzz->sessions[prng_below(&fuzz->prng, fuzz->session_count)].handle;
    if (dice < 87 && fuzz->closed_count)
    {
        fuzz->figures.closed_handles++;
        return fuzz->closed[prng_below(&fuzz->prng, fuzz->closed_count)];
    }
    if (dice < 94)
    {
        fuzz->figures.junk_handles++;
        return junk_handle(fuzz);
    }
    if (dice < 97)
    {
        fuzz->figures.null_handles++;
        return NULL;
    }
    fuzz->figures.invalid_value_handles++;
    return INVALID_HANDLE_VALUE;
}


static DWORD pick_flags(struct fuzz *fuzz)
{
    DWORD dice = prng_below(&fuzz->prng, 100);

    if (dice < 70) return 0;
    if (dice < 90) return prng_below(&fuzz->prng, 16);
    fuzz->figures.bad_flags++;
    return (DWORD)prng_next(&fuzz->prng) | (0x10u << prng_below(&fuzz->prng, 28));
}


static DWORD pick_capacity(struct fuzz *fuzz)
{
    DWORD dice = prng_below(&fuzz->prng, 100);

    if (dice < 85) return 1 + prng_below(&fuzz->prng, WCT_MAX_NODE_COUNT);
    fuzz->figures.bad_counts++;
    if (dice < 90) return 0;
    if (dice < 95) return WCT_MAX_NODE_COUNT + 1 + prng_below(&fuzz->prng, 4);
    return (DWORD)prng_next(&fuzz->prng) | 0x100;
}


static BOOL pick_null(struct fuzz *fuzz)
{
    BOOL null = prng_percent(&fuzz->prng, 3);

    if (null) fuzz->figures.null_pointers++;
    return null;
}


static void pick_call(struct fuzz *fuzz, struct fuzz_get *get)
{
    struct target target = targets_pick(&fuzz->prng);

    get->handle = pick_handle(fuzz);
    get->session = find_session(fuzz, get->handle);
    get->target = target.kind;
    fuzz->figures.targets[target.kind]++;
    get->call.thread_id = target.thread_id;
    get->call.flags = pick_flags(fuzz);
    get->call.capacity = pick_capacity(fuzz);
    get->call.null_count = pick_null(fuzz);
    get->call.null_nodes = pick_null(fuzz);
    get->call.null_cycle = pick_null(fuzz);
}


/* What the contract says about a failure, given the inputs. NULL when it is allowed. */
static const char *judge_failure(const struct fuzz_get *get, DWORD error)
{
    BOOL params = contract_params_valid(&get->call);
    const struct fuzz_session *session = get->session;

    if (error == NO_ERROR_SET) return "FALSE without SetLastError";
    if (!contract_get_error_documented(error)) return "undocumented error";
    if (!session || (session->self_closing && error == ERROR_INVALID_HANDLE))
        return error == ERROR_INVALID_HANDLE || (!params && error == ERROR_INVALID_PARAMETER)
               ? NULL : "a handle that is not an open session, not ERROR_INVALID_HANDLE";
    if (!params)
        return error == ERROR_INVALID_PARAMETER ? NULL : "invalid parameters, not ERROR_INVALID_PARAMETER";
    if (session->async)
        return error == ERROR_IO_PENDING ? NULL : "asynchronous request not ERROR_IO_PENDING";
    if (error == ERROR_IO_PENDING || error == ERROR_INVALID_HANDLE || error == ERROR_INVALID_PARAMETER)
        return "synchronous call on an open session with valid parameters, wrong error";
    if ((get->target == TARGET_SELF || get->target == TARGET_RUNNING ||
         get->target == TARGET_BLOCKED) &&
        (error == ERROR_OBJECT_NOT_FOUND || error == ERROR_ACCESS_DENIED))
        return "a live thread of this process not found or denied";
    return NULL;
}


static const char *judge(const struct fuzz_get *get, BOOL ok, DWORD error)
{
    if (!ok) return judge_failure(get, error);
    if (!get->session || get->session->async || !contract_params_valid(&get->call))
        return "TRUE where the call must fail";
    return NULL;
}


static void count_get(struct fuzz *fuzz, BOOL ok, DWORD error)
{
    fuzz->figures.gets++;
    if (ok) fuzz->figures.gets_succeeded++;
    else if (error == ERROR_IO_PENDING) fuzz->figures.gets_pending++;
    else fuzz->figures.gets_failed++;
}


static void get_sync(struct fuzz *fuzz, const struct fuzz_get *get)
{
    struct chain_result result;
    const char *wrong;
    BOOL ok;
    DWORD error;

    contract_prepare(&get->call, &result);
    current_get = *get;
    current_op = "GetThreadWaitChain";
    SetLastError(NO_ERROR_SET);
    ok = contract_get(get->handle, SYNC_CONTEXT, &get->call, &result);
    error = GetLastError();
    count_get(fuzz, ok, error);
    if ((wrong = judge(get, ok, error))) violation(fuzz, wrong, get, ok, error);
    if ((wrong = contract_check_result(&get->call, ok ? ERROR_SUCCESS : error, &result)))
        violation(fuzz, wrong, get, ok, error);
}


/* An asynchronous session: the buffers live in a ledger slot until the callback. */
static void get_async(struct fuzz *fuzz, const struct fuzz_get *get, BOOL close_in_callback)
{
    struct request *request = ledger_take(fuzz->block, get->handle, &get->call);
    const char *wrong;
    BOOL ok;
    DWORD error;

    if (!request) return;
    if (close_in_callback) ledger_arm_close_in_callback(request);
    current_get = *get;
    current_op = "GetThreadWaitChain";
    SetLastError(NO_ERROR_SET);
    ok = contract_get(get->handle, ledger_context(request), &get->call, &request->result);
    error = GetLastError();
    count_get(fuzz, ok, error);
    if ((wrong = judge(get, ok, error))) violation(fuzz, wrong, get, ok, error);
    if (!ok && error == ERROR_IO_PENDING) ledger_accepted(request);
    else ledger_refused(fuzz->block, request);
}


static BOOL session_full(const struct fuzz *fuzz, const struct fuzz_session *session)
{
    return ledger_session_requests(fuzz->block, session->handle) >= REQUESTS_PER_SESSION;
}


static void remember_closed(struct fuzz *fuzz, HWCT handle)
{
    fuzz->closed[fuzz->closed_count < CLOSED_MEMORY ? fuzz->closed_count++
                                                    : prng_below(&fuzz->prng, CLOSED_MEMORY)] = handle;
}


/* Waits (bounded) until a condition on the session holds. */
static BOOL wait_for(struct fuzz *fuzz, HWCT handle,
                     BOOL (*condition)(const struct ledger_block *, HWCT))
{
    DWORD waited;

    for (waited = 0; waited < SETTLE_TIMEOUT_MS; waited++)
    {
        if (condition(fuzz->block, handle)) return TRUE;
        Sleep(1);
    }
    return FALSE;
}


/* Closes session number index: early (requests still queued) or not, then checks it. */
static void close_session(struct fuzz *fuzz, DWORD index)
{
    struct fuzz_session session = fuzz->sessions[index];

    if (session.self_closing)
    {
        fuzz->figures.self_closes++;
        current_op = "waiting for a callback to close its session";
        if (!wait_for(fuzz, session.handle, ledger_session_self_closed))
            violation(fuzz, "Close from a callback did not happen", NULL, FALSE, 0);
    }
    else if (!ledger_session_settled(fuzz->block, session.handle))
        fuzz->figures.early_closes++;
    current_op = "CloseThreadWaitChainSession (open session)";
    CloseThreadWaitChainSession(session.handle);
    ledger_session_closed(fuzz->block, session.handle);
    fuzz->figures.closes++;
    fuzz->sessions[index] = fuzz->sessions[--fuzz->session_count];
    remember_closed(fuzz, session.handle);
}


static void op_get(struct fuzz *fuzz)
{
    struct fuzz_get get;

    pick_call(fuzz, &get);
    if (!get.session || !get.session->async) get_sync(fuzz, &get);
    else if (session_full(fuzz, get.session))
        close_session(fuzz, (DWORD)(get.session - fuzz->sessions));
    else get_async(fuzz, &get, FALSE);
}


static void open_flags(struct fuzz *fuzz, DWORD *flags, PWAITCHAINCALLBACK *callback)
{
    DWORD dice = prng_below(&fuzz->prng, 100);

    *flags = dice < 40 ? 0 : WCT_ASYNC_OPEN_FLAG;
    if (dice >= 85)
    {
        fuzz->figures.bad_open_flags++;
        *flags = (DWORD)prng_next(&fuzz->prng) | (2u << prng_below(&fuzz->prng, 31));
    }
    *callback = prng_percent(&fuzz->prng, 85) ? ledger_callback : NULL;
}


static void op_open(struct fuzz *fuzz)
{
    PWAITCHAINCALLBACK callback;
    DWORD flags, error;
    BOOL valid;
    HWCT handle;

    if (fuzz->session_count == MAX_SESSIONS)
    {
        close_session(fuzz, prng_below(&fuzz->prng, MAX_SESSIONS));
        return;
    }
    open_flags(fuzz, &flags, &callback);
    valid = !(flags & ~WCT_ASYNC_OPEN_FLAG) && (!(flags & WCT_ASYNC_OPEN_FLAG) || callback);
    current_op = "OpenThreadWaitChainSession";
    SetLastError(NO_ERROR_SET);
    handle = OpenThreadWaitChainSession(flags, callback);
    error = GetLastError();
    fuzz->figures.opens++;
    if (!handle)
    {
        fuzz->figures.opens_refused++;
        if (!contract_open_error_documented(error) || (valid && error != ERROR_NOT_ENOUGH_MEMORY))
            violation(fuzz, "Open failed with a wrong error", NULL, FALSE, error);
        return;
    }
    if (!valid || find_session(fuzz, handle))
        violation(fuzz, "Open accepted bad flags or reused an open handle", NULL, TRUE, 0);
    fuzz->sessions[fuzz->session_count].handle = handle;
    fuzz->sessions[fuzz->session_count].async = (flags & WCT_ASYNC_OPEN_FLAG) && callback;
    fuzz->sessions[fuzz->session_count++].self_closing = FALSE;
}


static void op_close(struct fuzz *fuzz)
{
    HWCT handle;
    struct fuzz_session *session;

    if (fuzz->session_count && prng_percent(&fuzz->prng, 70))
    {
        close_session(fuzz, prng_below(&fuzz->prng, fuzz->session_count));
        return;
    }
    /* Close on a handle that is not open must be a harmless no-op. */
    handle = pick_handle(fuzz);
    if ((session = find_session(fuzz, handle)))
    {
        close_session(fuzz, (DWORD)(session - fuzz->sessions));
        return;
    }
    current_op = "CloseThreadWaitChainSession (junk or closed handle)";
    CloseThreadWaitChainSession(handle);
    fuzz->figures.closes_of_junk++;
}


/* A valid request on an asynchronous session whose callback closes the session. */
static void op_close_in_callback(struct fuzz *fuzz)
{
    struct fuzz_get get;
    DWORD i;

    for (i = 0; i < fuzz->session_count; i++)
    {
        get.session = &fuzz->sessions[i];
        if (get.session->async && !get.session->self_closing && !session_full(fuzz, get.session))
            break;
    }
    if (i == fuzz->session_count) return;
    get.handle = get.session->handle;
    memset(&get.call, 0, sizeof(get.call));
    get.call.thread_id = targets_pick_live(&fuzz->prng).thread_id;
    get.call.capacity = 1 + prng_below(&fuzz->prng, WCT_MAX_NODE_COUNT);
    get.target = TARGET_BLOCKED;
    get_async(fuzz, &get, TRUE);
    get.session->self_closing = TRUE;
}


static void step(struct fuzz *fuzz)
{
    DWORD dice = prng_below(&fuzz->prng, 100);

    if (dice < 12) op_open(fuzz);
    else if (dice < 90) op_get(fuzz);
    else if (dice < 98) op_close(fuzz);
    else op_close_in_callback(fuzz);
}


static void print_figures(const struct fuzz *fuzz, const struct ledger_counts *counts)
{
    const struct fuzz_figures *f = &fuzz->figures;
    int kind;

    printf("operations: %llu opens (%llu refused: bad flags %llu), %llu closes (%llu early, "
           "%llu from a callback, %llu of junk/closed handles)\n",
           f->opens, f->opens_refused, f->bad_open_flags, f->closes, f->early_closes,
           f->self_closes, f->closes_of_junk);
    printf("GetThreadWaitChain: %llu calls: %llu TRUE, %llu ERROR_IO_PENDING, %llu failed\n",
           f->gets, f->gets_succeeded, f->gets_pending, f->gets_failed);
    printf("faults: handles junk %llu, closed %llu, NULL %llu, INVALID_HANDLE_VALUE %llu; "
           "NULL pointers %llu; bad *NodeCount %llu; bad flags %llu\n",
           f->junk_handles, f->closed_handles, f->null_handles, f->invalid_value_handles,
           f->null_pointers, f->bad_counts, f->bad_flags);
    printf("targets:");
    for (kind = 0; kind < TARGET_KIND_COUNT; kind++)
        printf(" %s %llu", target_kind_name((enum target_kind)kind), f->targets[kind]);
    printf("\ncallbacks: %ld for %ld accepted requests (%ld success, %ld cancelled, %ld other "
           "errors, %ld closes from a callback); stray %ld, late %ld, duplicate %ld, lost %ld, "
           "undocumented status %ld, wrong arguments %ld, bad output %ld\n",
           counts->callbacks, counts->accepted, counts->success, counts->cancelled,
           counts->failed, counts->closed_in_callback, counts->stray, counts->late,
           counts->duplicate, counts->lost, counts->undocumented, counts->wrong_arguments,
           counts->bad_output);
    fflush(stdout);
}


static int group_setup(void **state)
{
    (void)state;
    if (!ledger_init(1, MAX_SESSIONS * REQUESTS_PER_SESSION)) return -1;
    return targets_start() ? 0 : -1;
}


static int group_teardown(void **state)
{
    (void)state;
    if (!targets_stop()) return -1;
    ledger_free();
    return 0;
}


static void test_api_fuzz_random_sequences(void **state)
{
    static struct fuzz fuzz;
    struct ledger_counts *counts = ledger_counts();
    ULONG64 iterations = env_number("WCT_FUZZ_ITERATIONS", DEFAULT_ITERATIONS);

    (void)state;
    prng_seed(&fuzz.prng, fuzz_seed("WCT_FUZZ_SEED"));
    fuzz.block = ledger_block(0);
    assert_true(watchdog_start(&progress, 1, STALL_MS, describe_hang));
    for (fuzz.step = 0; fuzz.step < iterations; fuzz.step++)
    {
        InterlockedIncrement(&progress);
        step(&fuzz);
    }
    while (fuzz.session_count) close_session(&fuzz, fuzz.session_count - 1);
    watchdog_stop();
    print_figures(&fuzz, counts);

    assert_int_equal(fuzz.figures.violations, 0);
    assert_int_equal(ledger_violations(), 0);
    assert_int_equal(counts->callbacks, counts->accepted);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_fuzz_random_sequences),
    };

    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

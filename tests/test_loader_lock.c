/*
 * test_loader_lock.c - WCT while another thread holds the loader lock for good, the hang WCT
 * is there to diagnose ("a thread stuck in DllMain"): no WCT call may wait for that lock.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each case runs in a fresh child process (this program with --case NAME): what is tested is
 * the first use of WCT in a process, and process exit, and a case that hangs must only hang
 * its child. The test kills a child that has not ended after CHILD_BOUND and fails; inside
 * the child a watchdog ends it (exit code 3) naming the step that overran its bound, and
 * every step and case reports how long it took (stderr and stdout).
 *
 * The loader lock is held by one thread, either through ntdll's LdrLockLoaderLock (what the
 * loader does around every DllMain) or for real: a thread whose LoadLibrary of
 * loader_lock_dll.dll blocks in DllMain(PROCESS_ATTACH). The first two cases check that this
 * really blocks another thread's GetModuleHandleW, so the suite notices if Wine stops doing
 * so (the other cases would then pass without testing anything).
 *
 * Every other case hangs with the code before the probe rewrite (commit db64bd2; checked
 * against its parent, 0c8ddc1), which looked up ntdll's exports on first use and took a
 * module reference to start a pool thread, both under the loader lock, and whose Close did
 * not know about process exit; each case says where. The FreeLibrary case
 * (loader_lock_nolink.c, a program that does not link wct.dll) fails there instead, as the
 * DLL was unloaded.
 */

#include <stdio.h>
#include <string.h>

#include "session_test_util.h"
#include "loader_lock_util.h"

/* Longest a child may take, from start to exit; it is killed then and the case fails. */
#define CHILD_BOUND 20000
/* How long a GetModuleHandleW must stay blocked to count as blocked by the held lock. */
#define BLOCKED_PROOF_MS 300
/* How long the callback of CONTEXT_SLOW keeps running (Close waits for it). */
#define SLOW_CALLBACK_MS 500
/* The callback of CONTEXT_FOREVER waits this long: past CHILD_BOUND, so process exit
 * finds it still running. */
#define FOREVER_CALLBACK_MS 60000

#define UNTOUCHED 0xdeadbeef
#define MAX_RECORDS 4

enum callback_context
{
    CONTEXT_PLAIN = 1, /* returns at once */
    CONTEXT_SLOW,      /* signals `running`, then runs SLOW_CALLBACK_MS */
    CONTEXT_FOREVER,   /* signals `running`, then blocks until the process ends */
};

/* What the callbacks saw, in the order they returned. */
static struct
{
    HANDLE done;    /* set after each callback */
    HANDLE running; /* set when a slow or blocking callback starts */
    HANDLE never_set;
    volatile LONG count;
    DWORD_PTR context[MAX_RECORDS];
    DWORD status[MAX_RECORDS];
    DWORD thread_id[MAX_RECORDS];
} record;

/* One GetThreadWaitChain call's buffers (asynchronous ones live until the callback). */
struct chain
{
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

typedef LONG (WINAPI *thread_attaches_fn)(void);
typedef void (WINAPI *close_at_exit_fn)(HWCT, HANDLE);

/* ---- the child's side ------------------------------------------------------------------ */

static VOID CALLBACK record_callback(HWCT session, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    LONG index;

    (void)session; (void)node_count; (void)nodes; (void)is_cycle;
    if (status == ERROR_SUCCESS && context == CONTEXT_SLOW)
    {
        SetEvent(record.running);
        Sleep(SLOW_CALLBACK_MS);
    }
    if (status == ERROR_SUCCESS && context == CONTEXT_FOREVER)
    {
        SetEvent(record.running);
        WaitForSingleObject(record.never_set, FOREVER_CALLBACK_MS);
    }
    index = InterlockedIncrement(&record.count) - 1;
    if (index < MAX_RECORDS)
    {
        record.context[index] = context;
        record.status[index] = status;
        record.thread_id[index] = GetCurrentThreadId();
    }
    SetEvent(record.done);
}

/* Events and the watchdog; threads cannot start while the lock is held, so first. */
static void child_setup(void)
{
    record.done = CreateEventW(NULL, FALSE, FALSE, NULL);
    record.running = CreateEventW(NULL, TRUE, FALSE, NULL);
    record.never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    LL_CHECK(record.done && record.running && record.never_set);
    ll_watchdog_start();
}

/* The index of the record of context, or -1. */
static int find_record(DWORD_PTR context)
{
    LONG i, count = InterlockedCompareExchange(&record.count, 0, 0);

    for (i = 0; i < count && i < MAX_RECORDS; i++)
        if (record.context[i] == context) return (int)i;
    return -1;
}

/* Queues a request on an asynchronous session; it must be accepted at once. */
static void submit(HWCT session, DWORD_PTR context, DWORD thread_id, struct chain *chain)
{
    DWORD error;
    BOOL ok;

    chain->count = WCT_MAX_NODE_COUNT;
    SetLastError(UNTOUCHED);
    ok = GetThreadWaitChain(session, context, 0, thread_id, &chain->count, chain->nodes,
                            &chain->is_cycle);
    error = GetLastError();
    LL_CHECK(!ok);
    LL_CHECK(error == ERROR_IO_PENDING);
}

/* A thread of this process blocked in a wait: its node, Blocked. */
static void check_blocked_thread_node(const struct chain *chain, DWORD thread_id)
{
    LL_CHECK(chain->count >= 1);
    LL_CHECK(chain->nodes[0].ObjectType == WctThreadType);
    LL_CHECK(chain->nodes[0].ThreadObject.ThreadId == thread_id);
    LL_CHECK(chain->nodes[0].ThreadObject.ProcessId == GetCurrentProcessId());
    LL_CHECK(chain->nodes[0].ObjectStatus == WctStatusBlocked);
    LL_CHECK(!chain->is_cycle);
}

/* A thread that looks a module up when told to: blocked for as long as the lock is held. */
struct prober
{
    HANDLE go, thread;
    DWORD thread_id;
};

static DWORD WINAPI prober_proc(void *param)
{
    struct prober *prober = param;

    if (WaitForSingleObject(prober->go, LL_WAIT_BOUND) != WAIT_OBJECT_0) return 1;
    return GetModuleHandleW(L"kernel32.dll") ? 0 : 2;
}

static void prober_start(struct prober *prober)
{
    prober->go = CreateEventW(NULL, TRUE, FALSE, NULL);
    LL_CHECK(prober->go != NULL);
    prober->thread = ll_start_thread(prober_proc, prober, &prober->thread_id);
}

/*
 * The premise of every other case: while a thread holds the loader lock, another thread's
 * GetModuleHandleW waits (here BLOCKED_PROOF_MS) and goes on once it is released. Uses no
 * WCT call, so it passes with any wct.dll; it fails if Wine changes.
 */
static int case_lock_blocks(enum ll_hold_how how)
{
    struct ll_holder holder;
    struct prober prober;
    DWORD exit_code = 1;

    child_setup();
    prober_start(&prober);
    ll_hold_start(&holder, how);
    SetEvent(prober.go);
    LL_CHECK(WaitForSingleObject(prober.thread, BLOCKED_PROOF_MS) == WAIT_TIMEOUT);
    ll_hold_release(&holder);
    ll_step_begin("GetModuleHandleW once the loader lock is free", LL_WAIT_BOUND);
    ll_wait(prober.thread, LL_WAIT_BOUND, "GetModuleHandleW after the release");
    ll_step_end();
    LL_CHECK(GetExitCodeThread(prober.thread, &exit_code) && exit_code == 0);
    return LL_EXIT_PASSED;
}

/*
 * (a)+(b): the process's first WCT calls, made while another thread holds the loader lock.
 * Synchronous: the chain of the lock holder (Blocked, its own wait), and of a thread that
 * waits for the loader lock. Asynchronous: accepted at once (ERROR_IO_PENDING), although it
 * starts the pool's first thread, which cannot run before the lock is free; the callback
 * comes once it is.
 * Before the rewrite: the first GetThreadWaitChain looked up ntdll's exports (probe_nt.c:
 * GetModuleHandleW, GetProcAddress, LoadLibraryExW) and waited for the lock for good: the
 * step "sync GetThreadWaitChain" overran.
 */
static int case_first_calls(enum ll_hold_how how)
{
    static struct chain holder_chain, waiter_chain, async_chain;
    struct ll_holder holder;
    struct prober waiter;
    HWCT sync_session, async_session;
    BOOL ok;

    child_setup();
    prober_start(&waiter);
    ll_hold_start(&holder, how);
    SetEvent(waiter.go);
    LL_CHECK(WaitForSingleObject(waiter.thread, BLOCKED_PROOF_MS) == WAIT_TIMEOUT);

    ll_step_begin("sync OpenThreadWaitChainSession, the first WCT call", LL_STEP_BOUND);
    sync_session = OpenThreadWaitChainSession(0, NULL);
    ll_step_end();
    LL_CHECK(sync_session != NULL);

    holder_chain.count = WCT_MAX_NODE_COUNT;
    ll_step_begin("sync GetThreadWaitChain on the loader lock's holder", LL_STEP_BOUND);
    ok = GetThreadWaitChain(sync_session, 0, 0, holder.thread_id, &holder_chain.count,
                            holder_chain.nodes, &holder_chain.is_cycle);
    ll_step_end();
    LL_CHECK(ok);
    check_blocked_thread_node(&holder_chain, holder.thread_id);
    LL_CHECK(holder_chain.count == 1); /* it waits for an event: no owner to follow */

    waiter_chain.count = WCT_MAX_NODE_COUNT;
    ll_step_begin("sync GetThreadWaitChain on a thread waiting for the loader lock",
                  LL_STEP_BOUND);
    ok = GetThreadWaitChain(sync_session, 0, 0, waiter.thread_id, &waiter_chain.count,
                            waiter_chain.nodes, &waiter_chain.is_cycle);
    ll_step_end();
    LL_CHECK(ok);
    check_blocked_thread_node(&waiter_chain, waiter.thread_id);
    /* What WCT is for: the waiter -> the loader lock (a critical section) -> its owner. */
    LL_CHECK(waiter_chain.count == 3);
    LL_CHECK(waiter_chain.nodes[1].ObjectType == WctCriticalSectionType);
    LL_CHECK(waiter_chain.nodes[1].ObjectStatus == WctStatusOwned);
    LL_CHECK(waiter_chain.nodes[2].ObjectType == WctThreadType);
    LL_CHECK(waiter_chain.nodes[2].ThreadObject.ThreadId == holder.thread_id);
    LL_CHECK(waiter_chain.nodes[2].ObjectStatus == WctStatusBlocked);

    async_session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    LL_CHECK(async_session != NULL);
    ll_step_begin("async GetThreadWaitChain, starting the pool's first thread", LL_STEP_BOUND);
    submit(async_session, CONTEXT_PLAIN, GetCurrentThreadId(), &async_chain);
    ll_step_end();

    ll_hold_release(&holder);
    ll_step_begin("the callback, once the loader lock is free", LL_WAIT_BOUND + LL_STEP_BOUND);
    ll_wait(record.done, LL_WAIT_BOUND, "the callback");
    ll_step_end();
    LL_CHECK(record.count == 1);
    LL_CHECK(record.context[0] == CONTEXT_PLAIN && record.status[0] == ERROR_SUCCESS);
    LL_CHECK(async_chain.count >= 1);
    LL_CHECK(async_chain.nodes[0].ThreadObject.ThreadId == GetCurrentThreadId());
    ll_wait(waiter.thread, LL_WAIT_BOUND, "GetModuleHandleW after the release");
    CloseThreadWaitChainSession(async_session);
    CloseThreadWaitChainSession(sync_session);
    return LL_EXIT_PASSED;
}

/*
 * (b) alone: the process's first WCT call is an asynchronous request, made while another
 * thread holds the loader lock. It must be accepted at once.
 * Before the rewrite: the submitter took a reference to wct.dll for the new pool thread
 * (GetModuleHandleExW), which waited for the lock: the step "async GetThreadWaitChain"
 * overran.
 */
static int case_first_async(void)
{
    static struct chain chain;
    struct ll_holder holder;
    HWCT session;

    child_setup();
    ll_hold_start(&holder, LL_HOLD_LDR_LOCK);
    ll_step_begin("async OpenThreadWaitChainSession, the first WCT call", LL_STEP_BOUND);
    session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    ll_step_end();
    LL_CHECK(session != NULL);
    ll_step_begin("async GetThreadWaitChain, starting the pool's first thread", LL_STEP_BOUND);
    submit(session, CONTEXT_PLAIN, GetCurrentThreadId(), &chain);
    ll_step_end();
    ll_hold_release(&holder);
    ll_step_begin("the callback, once the loader lock is free", LL_WAIT_BOUND + LL_STEP_BOUND);
    ll_wait(record.done, LL_WAIT_BOUND, "the callback");
    ll_step_end();
    LL_CHECK(record.count == 1);
    LL_CHECK(record.context[0] == CONTEXT_PLAIN && record.status[0] == ERROR_SUCCESS);
    LL_CHECK(chain.count >= 1 && chain.nodes[0].ThreadObject.ThreadId == GetCurrentThreadId());
    CloseThreadWaitChainSession(session);
    return LL_EXIT_PASSED;
}

/* Loads the test DLL (no DllMain hold asked) and returns its thread-attach counter. */
static thread_attaches_fn load_test_dll(void)
{
    HMODULE module = LoadLibraryW(LL_TEST_DLL);
    thread_attaches_fn attaches;

    LL_CHECK(module != NULL);
    attaches = (thread_attaches_fn)(void *)GetProcAddress(module,
                                                           "loader_lock_dll_thread_attaches");
    LL_CHECK(attaches != NULL);
    return attaches;
}

/*
 * Gets a pool thread running, idle, without a request ever having run: submitted while this
 * thread holds the loader lock, the request is cancelled by Close before the new thread can
 * get past the loader. Before the rewrite, the probe's one-time lookup of ntdll's exports
 * (under the loader lock) was then still to come, on that thread's first request.
 */
static void start_idle_pool_thread(thread_attaches_fn attaches)
{
    static struct chain chain;
    LONG before = attaches();
    ULONG_PTR cookie = 0;
    HWCT session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    ULONGLONG start;

    LL_CHECK(session != NULL);
    LL_CHECK(LdrLockLoaderLock(0, NULL, &cookie) == 0);
    submit(session, CONTEXT_PLAIN, GetCurrentThreadId(), &chain);
    CloseThreadWaitChainSession(session);
    LdrUnlockLoaderLock(0, cookie);
    LL_CHECK(record.count == 1 && record.status[0] == ERROR_CANCELLED);
    LL_CHECK(record.thread_id[0] == GetCurrentThreadId());

    start = GetTickCount64();
    while (attaches() == before)
    {
        LL_CHECK(GetTickCount64() - start < LL_WAIT_BOUND);
        Sleep(5);
    }
    InterlockedExchange(&record.count, 0);
    ResetEvent(record.done);
}

/* The thread of case_close_holding_lock: as a DllMain would, holds the loader lock while it
 * queues two requests on a new session (one runs, one waits behind it) and closes it. */
struct closer
{
    HANDLE started;                  /* set once the thread runs: its attaches are done */
    HANDLE go;
    DWORD target;
    BOOL saw_running;
};

static DWORD WINAPI closer_proc(void *param)
{
    static struct chain running_chain, queued_chain;
    struct closer *closer = param;
    ULONG_PTR cookie = 0;
    HWCT session;

    SetEvent(closer->started);
    if (WaitForSingleObject(closer->go, LL_WAIT_BOUND) != WAIT_OBJECT_0) return 1;
    LL_CHECK(LdrLockLoaderLock(0, NULL, &cookie) == 0);
    session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    LL_CHECK(session != NULL);
    submit(session, CONTEXT_SLOW, closer->target, &running_chain);
    submit(session, CONTEXT_PLAIN, closer->target, &queued_chain);
    closer->saw_running = WaitForSingleObject(record.running, LL_STEP_BOUND) == WAIT_OBJECT_0;
    ll_step_begin("CloseThreadWaitChainSession holding the loader lock",
                  LL_STEP_BOUND + SLOW_CALLBACK_MS);
    CloseThreadWaitChainSession(session);
    ll_step_end();
    LdrUnlockLoaderLock(0, cookie);
    return 0;
}

/*
 * (c): Close called by a thread that holds the loader lock (from inside a DllMain), on a
 * session with one request running (its callback takes SLOW_CALLBACK_MS) and one queued:
 * it cancels the queued one on its own thread, waits for the running one, and returns.
 * Before the rewrite: the running request's worker did the probe's one-time lookup of
 * ntdll's exports, waiting for the lock the closer holds, while Close waited for that
 * worker: a deadlock; the step "CloseThreadWaitChainSession" overran. (start_idle_pool_thread
 * makes sure the request is the first to run, on a thread already past the loader.)
 */
static int case_close_holding_lock(void)
{
    struct closer closer;
    HANDLE thread;
    DWORD closer_id, exit_code = 1;
    int slow, queued;

    child_setup();
    closer.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    closer.go = CreateEventW(NULL, TRUE, FALSE, NULL);
    LL_CHECK(closer.started != NULL && closer.go != NULL);
    closer.target = GetCurrentThreadId(); /* blocked joining the closer meanwhile */
    thread = ll_start_thread(closer_proc, &closer, &closer_id); /* started before any hold */
    /* Its DLL_THREAD_ATTACH must be over before the test DLL loads, or it counts as the pool
     * thread's in start_idle_pool_thread (seen in CI: a closer thread slow to start left the
     * pool's thread blocked in its attach behind the closer's loader lock). */
    ll_wait(closer.started, LL_WAIT_BOUND, "the closer thread to start");
    start_idle_pool_thread(load_test_dll());

    SetEvent(closer.go);
    ll_wait(thread, LL_WAIT_BOUND + LL_STEP_BOUND + SLOW_CALLBACK_MS, "the closer to end");
    LL_CHECK(GetExitCodeThread(thread, &exit_code) && exit_code == 0);
    CloseHandle(thread);
    LL_CHECK(closer.saw_running);
    LL_CHECK(record.count == 2);
    slow = find_record(CONTEXT_SLOW);
    queued = find_record(CONTEXT_PLAIN);
    LL_CHECK(slow >= 0 && record.status[slow] == ERROR_SUCCESS);
    LL_CHECK(queued >= 0 && record.status[queued] == ERROR_CANCELLED);
    LL_CHECK(record.thread_id[queued] == closer_id); /* cancelled by Close, on its thread */
    return LL_EXIT_PASSED;
}

/*
 * (d): a DLL closes its session in DLL_PROCESS_DETACH at process exit, while a request's
 * callback was running (and one more was queued) when the process began to exit. ExitProcess
 * has ended the pool thread running that callback: Close must not wait for it, and the
 * process must exit, with its exit code. The DLL then sets the test's event (named in
 * LL_CLOSED_EVENT_VARIABLE): Close was called there and returned.
 * Before the rewrite: Close waited for the running request's worker, which no longer
 * existed; the process never ended and the test killed it.
 */
static int case_close_at_exit(void)
{
    static struct chain blocked_chain, queued_chain;
    WCHAR event_name[64];
    HMODULE module;
    close_at_exit_fn close_at_exit;
    HANDLE closed;
    HWCT session;
    DWORD length;

    child_setup();
    length = GetEnvironmentVariableW(LL_CLOSED_EVENT_VARIABLE, event_name,
                                     ARRAYSIZE(event_name));
    LL_CHECK(length > 0 && length < ARRAYSIZE(event_name));
    closed = OpenEventW(EVENT_MODIFY_STATE, FALSE, event_name);
    LL_CHECK(closed != NULL);
    module = LoadLibraryW(LL_TEST_DLL);
    LL_CHECK(module != NULL);
    close_at_exit = (close_at_exit_fn)(void *)GetProcAddress(module,
                                                             "loader_lock_dll_close_at_exit");
    LL_CHECK(close_at_exit != NULL);
    session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, record_callback);
    LL_CHECK(session != NULL);
    submit(session, CONTEXT_FOREVER, GetCurrentThreadId(), &blocked_chain);
    submit(session, CONTEXT_PLAIN, GetCurrentThreadId(), &queued_chain);
    ll_wait(record.running, LL_WAIT_BOUND, "the callback that blocks to start");
    close_at_exit(session, closed);
    ll_report("  exiting with a callback running and a request queued");
    ExitProcess(LL_EXIT_PASSED);
}

struct child_case
{
    const char *name;
    int (*run)(void);
};

static int lock_blocks_ldr(void) { return case_lock_blocks(LL_HOLD_LDR_LOCK); }
static int lock_blocks_dllmain(void) { return case_lock_blocks(LL_HOLD_DLLMAIN); }
static int first_calls_ldr(void) { return case_first_calls(LL_HOLD_LDR_LOCK); }
static int first_calls_dllmain(void) { return case_first_calls(LL_HOLD_DLLMAIN); }

static const struct child_case child_cases[] =
{
    { "lock-blocks-ldr", lock_blocks_ldr },
    { "lock-blocks-dllmain", lock_blocks_dllmain },
    { "first-calls-ldr", first_calls_ldr },
    { "first-calls-dllmain", first_calls_dllmain },
    { "first-async", case_first_async },
    { "close-holding-lock", case_close_holding_lock },
    { "close-at-exit", case_close_at_exit },
};

static int child_main(const char *name)
{
    size_t i;

    for (i = 0; i < ARRAYSIZE(child_cases); i++)
        if (!strcmp(child_cases[i].name, name)) return child_cases[i].run();
    ll_report("unknown case %s", name);
    return LL_EXIT_FAILED;
}

/* ---- the test's side ------------------------------------------------------------------- */

/* Runs program (a file beside this one; NULL: this program) with arguments, and checks that
 * it exits with LL_EXIT_PASSED within CHILD_BOUND; kills it otherwise. */
static void run_child(const WCHAR *program, const WCHAR *arguments)
{
    WCHAR path[MAX_PATH], command_line[2 * MAX_PATH], *name;
    STARTUPINFOW startup;
    PROCESS_INFORMATION process;
    DWORD wait, exit_code = UNTOUCHED;
    ULONGLONG start;

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    assert_true(GetModuleFileNameW(NULL, path, MAX_PATH) > 0);
    if (program)
    {
        name = wcsrchr(path, L'\\');
        assert_non_null(name);
        wcscpy(name + 1, program);
    }
    swprintf(command_line, ARRAYSIZE(command_line), L"\"%ls\" %ls", path, arguments);
    start = GetTickCount64();
    assert_true(CreateProcessW(path, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
                               &process));
    wait = WaitForSingleObject(process.hProcess, CHILD_BOUND);
    if (wait == WAIT_TIMEOUT)
    {
        TerminateProcess(process.hProcess, LL_EXIT_HUNG);
        WaitForSingleObject(process.hProcess, TEST_TIMEOUT);
    }
    GetExitCodeProcess(process.hProcess, &exit_code);
    printf("  %ls %ls: %s, exit code %lu, %llu ms\n", program ? program : L"(this program)",
           arguments, wait == WAIT_TIMEOUT ? "KILLED after the bound" : "ended",
           (unsigned long)exit_code, GetTickCount64() - start);
    fflush(stdout);
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    assert_int_equal(wait, WAIT_OBJECT_0);
    assert_int_equal(exit_code, LL_EXIT_PASSED);
}

static void test_ldr_lock_blocks_module_lookups(void **state)
{
    (void)state;
    run_child(NULL, L"--case lock-blocks-ldr");
}

static void test_blocked_dllmain_blocks_module_lookups(void **state)
{
    (void)state;
    run_child(NULL, L"--case lock-blocks-dllmain");
}

static void test_first_calls_with_loader_lock_held(void **state)
{
    (void)state;
    run_child(NULL, L"--case first-calls-ldr");
}

static void test_first_calls_with_dllmain_blocked(void **state)
{
    (void)state;
    run_child(NULL, L"--case first-calls-dllmain");
}

static void test_first_call_async_with_loader_lock_held(void **state)
{
    (void)state;
    run_child(NULL, L"--case first-async");
}

static void test_close_by_loader_lock_holder_returns(void **state)
{
    (void)state;
    run_child(NULL, L"--case close-holding-lock");
}

static void test_close_in_process_detach_at_exit_returns(void **state)
{
    WCHAR name[64];
    HANDLE closed;

    (void)state;
    swprintf(name, ARRAYSIZE(name), L"wct-loader-lock-closed-at-exit-%lu",
             (unsigned long)GetCurrentProcessId());
    closed = CreateEventW(NULL, TRUE, FALSE, name);
    assert_non_null(closed);
    assert_true(SetEnvironmentVariableW(LL_CLOSED_EVENT_VARIABLE, name));
    run_child(NULL, L"--case close-at-exit");
    SetEnvironmentVariableW(LL_CLOSED_EVENT_VARIABLE, NULL);
    /* The DLL's Close at exit really ran, and returned. */
    assert_int_equal(WaitForSingleObject(closed, 0), WAIT_OBJECT_0);
    CloseHandle(closed);
}

static void test_free_library_keeps_dll_and_handles(void **state)
{
    (void)state;
    run_child(L"loader_lock_nolink.exe", L"");
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ldr_lock_blocks_module_lookups),
        cmocka_unit_test(test_blocked_dllmain_blocks_module_lookups),
        cmocka_unit_test(test_first_calls_with_loader_lock_held),
        cmocka_unit_test(test_first_calls_with_dllmain_blocked),
        cmocka_unit_test(test_first_call_async_with_loader_lock_held),
        cmocka_unit_test(test_close_by_loader_lock_holder_returns),
        cmocka_unit_test(test_close_in_process_detach_at_exit_returns),
        cmocka_unit_test(test_free_library_keeps_dll_and_handles),
    };

    if (argc > 2 && !strcmp(argv[1], "--case")) return child_main(argv[2]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_exit_in_flight.c - a program that exits while its threads are inside WCT calls exits
 * promptly (issue 21.6).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The test starts this program again (--child MODE SEED) many times. Each child starts
 * three threads that inspect each other (and the main thread) without pause, through one
 * shared session or one session each, synchronous or asynchronous (callbacks running, some
 * of them slow), then returns from main after a few milliseconds, with the calls in flight.
 * Every child must be gone within EXIT_BOUND_MS of its start; some run while other threads
 * of the test keep every processor busy.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define INSPECTORS 3
#define EXIT_BOUND_MS 30000   /* start to exit: a Wine process starts in well under 5 s */
#define DEFAULT_RUNS 40       /* per mode; four modes, half of them under load */

enum mode { SYNC_SHARED, SYNC_EACH, ASYNC_SHARED, ASYNC_EACH, MODES };

static const char *const mode_names[MODES] = { "sync-shared", "sync-each", "async-shared",
                                                "async-each" };

/* ---- the child --------------------------------------------------------------------------- */

static DWORD targets[INSPECTORS + 1]; /* the inspectors and the main thread */
static HWCT shared_session;
static enum mode child_mode;
static volatile LONG started;

static void CALLBACK chain_done(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    (void)session; (void)status; (void)count; (void)nodes; (void)is_cycle;
    /* Some callbacks take their time: the program exits while they run. */
    if (context % 4 == 0) Sleep(1 + (DWORD)(context % 7));
}

static DWORD WINAPI inspect_others(void *arg)
{
    DWORD index = (DWORD)(ULONG_PTR)arg, round = 0;
    BOOL async = child_mode == ASYNC_SHARED || child_mode == ASYNC_EACH;
    BOOL shared = child_mode == SYNC_SHARED || child_mode == ASYNC_SHARED;
    HWCT session = shared ? shared_session
                          : OpenThreadWaitChainSession(async ? WCT_ASYNC_OPEN_FLAG : 0,
                                                       async ? chain_done : NULL);
    /* Async: the buffers must outlive the call; the program exits before they are used. */
    static WAITCHAIN_NODE_INFO async_nodes[INSPECTORS][WCT_MAX_NODE_COUNT];
    static DWORD async_counts[INSPECTORS];
    static BOOL async_cycles[INSPECTORS];

    InterlockedIncrement(&started);
    for (;;)
    {
        WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
        DWORD count = WCT_MAX_NODE_COUNT, target = targets[(index + 1 + round) % (INSPECTORS + 1)];
        BOOL is_cycle;

        round++;
        if (!async)
        {
            GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG, target, &count, nodes, &is_cycle);
            continue;
        }
        async_counts[index] = WCT_MAX_NODE_COUNT;
        if (!GetThreadWaitChain(session, round, 0, target, &async_counts[index],
                                async_nodes[index], &async_cycles[index]))
            Sleep(0); /* ERROR_IO_PENDING: the answer comes to chain_done */
    }
    return 0;
}

static int run_child(enum mode mode, DWORD seed)
{
    DWORD i;

    child_mode = mode;
    targets[INSPECTORS] = GetCurrentThreadId();
    if (mode == SYNC_SHARED) shared_session = OpenThreadWaitChainSession(0, NULL);
    if (mode == ASYNC_SHARED) shared_session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG,
                                                                          chain_done);
    for (i = 0; i < INSPECTORS; i++)
    {
        HANDLE thread = CreateThread(NULL, 0, inspect_others, (void *)(ULONG_PTR)i,
                                     CREATE_SUSPENDED, &targets[i]);

        if (!thread) return 3;
        CloseHandle(thread); /* resumed below, once every id is known */
    }
    for (i = 0; i < INSPECTORS; i++)
    {
        HANDLE thread = OpenThread(THREAD_SUSPEND_RESUME, FALSE, targets[i]);

        ResumeThread(thread);
        CloseHandle(thread);
    }
    while (started < INSPECTORS) Sleep(1);
    Sleep(seed % 40); /* calls in flight, at a different point each time */
    return 0;         /* return from main, every call still in flight */
}

/* ---- the test ---------------------------------------------------------------------------- */

static volatile LONG stop_load;

static DWORD WINAPI burn(void *unused)
{
    (void)unused;
    while (!stop_load) { }
    return 0;
}

static void test_exit_with_calls_in_flight(void **state)
{
    const char *env = getenv("WCT_EXIT_RUNS");
    DWORD runs = env && *env ? (DWORD)strtoul(env, NULL, 10) : DEFAULT_RUNS, run, slowest = 0;
    WCHAR path[MAX_PATH], command[MAX_PATH + 64];
    HANDLE load[2] = { NULL, NULL };
    int mode, i;

    (void)state;
    GetModuleFileNameW(NULL, path, MAX_PATH);
    for (run = 0; run < runs; run++)
    {
        BOOL loaded = run % 2 == 1;

        if (loaded)
        {
            stop_load = 0;
            for (i = 0; i < 2; i++) load[i] = CreateThread(NULL, 0, burn, NULL, 0, NULL);
        }
        for (mode = 0; mode < MODES; mode++)
        {
            PROCESS_INFORMATION info;
            STARTUPINFOW startup;
            DWORD start, waited, code;

            memset(&startup, 0, sizeof(startup));
            startup.cb = sizeof(startup);
            swprintf(command, ARRAYSIZE(command), L"\"%ls\" --child %d %lu", path, mode,
                     run * 7919 + mode);
            start = GetTickCount();
            assert_true(CreateProcessW(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
                                       &info));
            if (WaitForSingleObject(info.hProcess, EXIT_BOUND_MS) != WAIT_OBJECT_0)
            {
                TerminateProcess(info.hProcess, 99);
                fail_msg("run %lu, %s%s: the program did not exit within %u ms", run,
                         mode_names[mode], loaded ? " under load" : "", EXIT_BOUND_MS);
            }
            waited = GetTickCount() - start;
            if (waited > slowest) slowest = waited;
            GetExitCodeProcess(info.hProcess, &code);
            assert_int_equal(code, 0);
            CloseHandle(info.hThread);
            CloseHandle(info.hProcess);
        }
        if (loaded)
        {
            stop_load = 1;
            WaitForMultipleObjects(2, load, TRUE, INFINITE);
            for (i = 0; i < 2; i++) CloseHandle(load[i]);
        }
    }
    print_message("%lu programs exited with calls in flight; the slowest took %lu ms from start\n",
                  runs * MODES, slowest);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_with_calls_in_flight),
    };

    if (argc == 4 && !strcmp(argv[1], "--child"))
        return run_child((enum mode)(atoi(argv[2]) % MODES), (DWORD)strtoul(argv[3], NULL, 10));
    return cmocka_run_group_tests(tests, NULL, NULL);
}

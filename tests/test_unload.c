/*
 * test_unload.c - unloading wct.dll (FreeLibrary) and exiting the process with sessions
 * open and requests queued or running: neither hangs nor crashes.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This program does not link wct.dll: it loads it with LoadLibrary, so FreeLibrary can
 * really unload it. Run with --child, it is the process that exits with sessions open.
 */

#include <stdio.h>
#include <string.h>

#include "session_test_util.h"

#define UNTOUCHED 0xdeadbeef

typedef HWCT (WINAPI *open_fn)(DWORD, PWAITCHAINCALLBACK);
typedef VOID (WINAPI *close_fn)(HWCT);
typedef BOOL (WINAPI *chain_fn)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD, PWAITCHAIN_NODE_INFO,
                                LPBOOL);

struct wct_dll
{
    HMODULE module;
    open_fn open;
    close_fn close;
    chain_fn chain;
};

struct slow_request
{
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

static volatile LONG callbacks;
static HANDLE never_set;

static void load_wct(struct wct_dll *dll)
{
    dll->module = LoadLibraryW(L"wct.dll");
    assert_non_null(dll->module);
    dll->open = (open_fn)(void *)GetProcAddress(dll->module, "OpenThreadWaitChainSession");
    dll->close = (close_fn)(void *)GetProcAddress(dll->module, "CloseThreadWaitChainSession");
    dll->chain = (chain_fn)(void *)GetProcAddress(dll->module, "GetThreadWaitChain");
    assert_non_null(dll->open);
    assert_non_null(dll->close);
    assert_non_null(dll->chain);
}

/* Takes a while, so requests are still running and queued when the test lets go. */
static VOID CALLBACK slow_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                   LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    (void)handle; (void)status; (void)node_count; (void)nodes; (void)is_cycle;
    if (context == 1) WaitForSingleObject(never_set, INFINITE); /* only process exit ends it */
    else Sleep(20);
    InterlockedIncrement(&callbacks);
}

/* Queues count requests on an asynchronous session (context 1 blocks forever). */
static HWCT queue_slow_requests(const struct wct_dll *dll, struct slow_request *requests,
                                int count, DWORD_PTR context)
{
    HWCT session = dll->open(WCT_ASYNC_OPEN_FLAG, slow_callback);
    DWORD gone = test_exited_thread_id();
    int i;

    assert_non_null(session);
    for (i = 0; i < count; i++)
    {
        requests[i].count = WCT_MAX_NODE_COUNT;
        SetLastError(UNTOUCHED);
        assert_false(dll->chain(session, context, 0, gone, &requests[i].count, requests[i].nodes,
                                &requests[i].is_cycle));
        assert_int_equal(GetLastError(), ERROR_IO_PENDING);
    }
    return session;
}

/* Polls (bounded) until wct.dll is no longer mapped. */
static BOOL wait_for_unload(void)
{
    DWORD start = GetTickCount();

    while (GetModuleHandleW(L"wct.dll"))
    {
        if (GetTickCount() - start > 3 * TEST_TIMEOUT) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

static void test_unload_with_sessions_open_and_requests_running(void **state)
{
    enum { COUNT = 20 };
    static struct slow_request requests[COUNT];
    struct wct_dll dll;
    HWCT sync_session, async_session;

    (void)state;
    assert_null(GetModuleHandleW(L"wct.dll"));
    load_wct(&dll);
    sync_session = dll.open(0, NULL);
    assert_non_null(sync_session);
    async_session = queue_slow_requests(&dll, requests, COUNT, 0);
    assert_true(FreeLibrary(dll.module)); /* both sessions open, requests queued */
    /* The workers keep the DLL alive: every accepted request still gets its callback. */
    assert_true(test_wait_for_value(&callbacks, COUNT, 3 * TEST_TIMEOUT));
    /* Then they retire, and the DLL goes away, without anyone closing the sessions. */
    assert_true(wait_for_unload());

    /* A fresh load starts from nothing: the old handles mean nothing to it. */
    load_wct(&dll);
    SetLastError(UNTOUCHED);
    assert_false(dll.chain(async_session, 0, 0, GetCurrentThreadId(), &requests[0].count,
                           requests[0].nodes, &requests[0].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    dll.close(sync_session);
    sync_session = dll.open(0, NULL);
    assert_non_null(sync_session);
    dll.close(sync_session);
    assert_true(FreeLibrary(dll.module));
    assert_true(wait_for_unload());
}

static void test_process_exit_with_sessions_open(void **state)
{
    WCHAR path[MAX_PATH], command_line[MAX_PATH + 16];
    STARTUPINFOW startup;
    PROCESS_INFORMATION process;
    DWORD exit_code = 0;

    (void)state;
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    assert_true(GetModuleFileNameW(NULL, path, MAX_PATH) > 0);
    swprintf(command_line, ARRAYSIZE(command_line), L"\"%ls\" --child", path);
    assert_true(CreateProcessW(path, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
                               &process));
    /* The child returns from main with a callback blocked and requests queued. */
    assert_int_equal(WaitForSingleObject(process.hProcess, 3 * TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(process.hProcess, &exit_code));
    CloseHandle(process.hThread);
    CloseHandle(process.hProcess);
    assert_int_equal(exit_code, 42);
}

/* The child: leaves with everything open. Its exit code says how far it got. */
static int child_main(void)
{
    static struct slow_request blocked[1], queued[50];
    struct wct_dll dll;

    never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    dll.module = LoadLibraryW(L"wct.dll");
    if (!dll.module) return 1;
    dll.open = (open_fn)(void *)GetProcAddress(dll.module, "OpenThreadWaitChainSession");
    dll.chain = (chain_fn)(void *)GetProcAddress(dll.module, "GetThreadWaitChain");
    if (!dll.open || !dll.chain || !dll.open(0, NULL)) return 2;
    queue_slow_requests(&dll, blocked, 1, 1); /* blocks a worker until the process ends */
    queue_slow_requests(&dll, queued, 50, 0);
    while (!InterlockedCompareExchange(&callbacks, 0, 0)) Sleep(5); /* some are done */
    return 42; /* exit() -> ExitProcess with workers busy and requests queued */
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unload_with_sessions_open_and_requests_running),
        cmocka_unit_test(test_process_exit_with_sessions_open),
    };

    if (argc > 1 && !strcmp(argv[1], "--child")) return child_main();
    never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

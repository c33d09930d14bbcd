/*
 * test_unload.c - FreeLibrary of wct.dll and exiting the process with sessions open and
 * requests queued or running: neither hangs nor crashes. wct.dll pins itself when it loads
 * (dllmain.c: its pool threads then need no module reference, which would take the loader
 * lock), so FreeLibrary leaves it mapped, with its sessions and handle table intact.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This program does not link wct.dll: it loads it with LoadLibrary, so FreeLibrary would
 * really unload it if it were not pinned. Run with --child, it is the process that exits
 * with sessions open.
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

static void test_free_library_leaves_pinned_dll_working(void **state)
{
    enum { COUNT = 20 };
    static struct slow_request requests[COUNT];
    struct wct_dll dll;
    HWCT sync_session, async_session, closed;
    HMODULE first;

    (void)state;
    assert_null(GetModuleHandleW(L"wct.dll"));
    load_wct(&dll);
    first = dll.module;
    sync_session = dll.open(0, NULL);
    assert_non_null(sync_session);
    closed = dll.open(0, NULL);
    assert_non_null(closed);
    dll.close(closed);
    async_session = queue_slow_requests(&dll, requests, COUNT, 0);
    assert_true(FreeLibrary(dll.module)); /* both sessions open, requests queued */
    /* Every accepted request still gets its callback... */
    assert_true(test_wait_for_value(&callbacks, COUNT, 3 * TEST_TIMEOUT));
    /* ...and the DLL stays, even once its idle workers have retired (2 s). */
    Sleep(2500);
    assert_ptr_equal(GetModuleHandleW(L"wct.dll"), first);

    /* A new load is the same module: open sessions still work, a closed handle stays dead. */
    load_wct(&dll);
    assert_ptr_equal(dll.module, first);
    requests[0].count = WCT_MAX_NODE_COUNT;
    assert_true(dll.chain(sync_session, 0, 0, GetCurrentThreadId(), &requests[0].count,
                          requests[0].nodes, &requests[0].is_cycle));
    requests[0].count = WCT_MAX_NODE_COUNT;
    SetLastError(UNTOUCHED);
    assert_false(dll.chain(closed, 0, 0, GetCurrentThreadId(), &requests[0].count,
                           requests[0].nodes, &requests[0].is_cycle));
    assert_int_equal(GetLastError(), ERROR_INVALID_HANDLE);
    dll.close(sync_session);
    dll.close(async_session);
    assert_true(FreeLibrary(dll.module));
    assert_ptr_equal(GetModuleHandleW(L"wct.dll"), first);
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
        cmocka_unit_test(test_free_library_leaves_pinned_dll_working),
        cmocka_unit_test(test_process_exit_with_sessions_open),
    };

    if (argc > 1 && !strcmp(argv[1], "--child")) return child_main();
    never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_probe_syscalls.c - a thread in any system call that waits is Blocked (issue 21.2).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test puts a thread into a call that waits for good (until the test ends it) and
 * walks it until it is reported Blocked: before it reaches its wait it truthfully runs, so
 * only a thread never seen Blocked within the bound fails. A thread that spins, or yields
 * in a loop, must never be Blocked. Under Wine the verdict comes from the stub the thread
 * sits in: LockFileEx (NtLockFile) and WaitForDebugEvent (NtWaitForDebugEvent) are stubs the
 * probe does not tell apart, recv and connect wait through the socket's event.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define BLOCKED_WITHIN_MS 20000
#define RUNNING_WALKS 300

static HWCT session;

/* The status of the root node of thread_id's chain (WctStatusUnknown when the walk fails). */
static WCT_OBJECT_STATUS thread_status(DWORD thread_id)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL is_cycle;

    if (!GetThreadWaitChain(session, 0, 0, thread_id, &count, nodes, &is_cycle) &&
        GetLastError() != ERROR_MORE_DATA)
        return WctStatusUnknown;
    return nodes[0].ObjectStatus;
}

/* Walks thread until it is Blocked; fails when it never is within the bound, or when the
 * thread ended (its call returned: the set-up did not make it wait). */
static void assert_becomes_blocked(HANDLE thread, DWORD thread_id, const char *what)
{
    DWORD start = GetTickCount();

    while (GetTickCount() - start < BLOCKED_WITHIN_MS)
    {
        if (thread_status(thread_id) == WctStatusBlocked) return;
        if (WaitForSingleObject(thread, 0) == WAIT_OBJECT_0)
            fail_msg("%s returned: its thread never waited", what);
        Sleep(10);
    }
    fail_msg("a thread in %s was never reported Blocked in %u ms", what, BLOCKED_WITHIN_MS);
}

static void assert_ends(HANDLE thread)
{
    assert_int_equal(WaitForSingleObject(thread, 15000), WAIT_OBJECT_0);
    CloseHandle(thread);
}

static int open_session(void **state)
{
    WSADATA wsa;

    (void)state;
    session = OpenThreadWaitChainSession(0, NULL);
    return !session || WSAStartup(MAKEWORD(2, 2), &wsa);
}

static int close_session(void **state)
{
    (void)state;
    CloseThreadWaitChainSession(session);
    WSACleanup();
    return 0;
}


/* --- LockFileEx on a range another handle holds --- */

static WCHAR lock_path[MAX_PATH];

static DWORD WINAPI lock_range(void *unused)
{
    HANDLE file = CreateFileW(lock_path, GENERIC_READ | GENERIC_WRITE,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                              OPEN_EXISTING, 0, NULL);
    OVERLAPPED overlapped;
    BOOL locked;

    (void)unused;
    memset(&overlapped, 0, sizeof(overlapped));
    locked = LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &overlapped);
    if (locked) UnlockFileEx(file, 0, 1, 0, &overlapped);
    CloseHandle(file);
    return locked;
}

static void test_syscalls_lock_file_blocked(void **state)
{
    WCHAR dir[MAX_PATH];
    OVERLAPPED overlapped;
    HANDLE file, thread;
    DWORD id, code;

    (void)state;
    GetTempPathW(MAX_PATH, dir);
    GetTempFileNameW(dir, L"wct", 0, lock_path);
    file = CreateFileW(lock_path, GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    memset(&overlapped, 0, sizeof(overlapped));
    assert_true(LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &overlapped));
    thread = CreateThread(NULL, 0, lock_range, NULL, 0, &id);
    assert_non_null(thread);

    assert_becomes_blocked(thread, id, "LockFileEx");

    assert_true(UnlockFileEx(file, 0, 1, 0, &overlapped));
    assert_int_equal(WaitForSingleObject(thread, 15000), WAIT_OBJECT_0);
    GetExitCodeThread(thread, &code);
    assert_int_equal(code, TRUE); /* it got the range once it was free */
    CloseHandle(thread);
    CloseHandle(file);
}


/* --- ReadDirectoryChangesW on a directory nobody changes --- */

static DWORD WINAPI watch_directory(void *directory)
{
    DWORD buffer[256], got = 0;

    return ReadDirectoryChangesW(directory, buffer, sizeof(buffer), FALSE,
                                 FILE_NOTIFY_CHANGE_FILE_NAME, &got, NULL, NULL);
}

static void test_syscalls_read_directory_changes_blocked(void **state)
{
    WCHAR dir[MAX_PATH], path[MAX_PATH + 16];
    HANDLE directory, thread, file;
    DWORD id;

    (void)state;
    GetTempPathW(MAX_PATH, dir);
    swprintf(path, ARRAYSIZE(path), L"%lswct-rdc-%lu", dir, GetCurrentProcessId());
    CreateDirectoryW(path, NULL);
    directory = CreateFileW(path, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE |
                            FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    assert_true(directory != INVALID_HANDLE_VALUE);
    thread = CreateThread(NULL, 0, watch_directory, directory, 0, &id);
    assert_non_null(thread);

    assert_becomes_blocked(thread, id, "ReadDirectoryChangesW");

    wcscat(path, L"\\new");
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    assert_true(file != INVALID_HANDLE_VALUE);
    assert_ends(thread);
    CloseHandle(file);
    CloseHandle(directory);
    path[wcslen(path) - 4] = 0;
    RemoveDirectoryW(path);
}


/* --- WaitForDebugEvent while the debuggee sleeps --- */

static PROCESS_INFORMATION debuggee;
static HANDLE debuggee_started;
static DWORD debuggee_error;

/* Starts this program again (--sleep) under this thread as its debugger and serves its
 * events until it exits. */
static DWORD WINAPI debug_child(void *unused)
{
    WCHAR path[MAX_PATH], command[MAX_PATH + 16];
    STARTUPINFOW startup;
    DEBUG_EVENT event;

    (void)unused;
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    GetModuleFileNameW(NULL, path, MAX_PATH);
    swprintf(command, ARRAYSIZE(command), L"\"%ls\" --sleep", path);
    debuggee_error = 0;
    if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, DEBUG_ONLY_THIS_PROCESS, NULL, NULL,
                        &startup, &debuggee))
        debuggee_error = GetLastError();
    SetEvent(debuggee_started);
    if (debuggee_error) return 0;
    while (WaitForDebugEvent(&event, INFINITE))
    {
        DWORD status = DBG_CONTINUE;

        if (event.dwDebugEventCode == EXIT_PROCESS_DEBUG_EVENT) return 1;
        if (event.dwDebugEventCode == CREATE_PROCESS_DEBUG_EVENT)
            CloseHandle(event.u.CreateProcessInfo.hFile);
        if (event.dwDebugEventCode == LOAD_DLL_DEBUG_EVENT) CloseHandle(event.u.LoadDll.hFile);
        if (event.dwDebugEventCode == EXCEPTION_DEBUG_EVENT &&
            event.u.Exception.ExceptionRecord.ExceptionCode != EXCEPTION_BREAKPOINT)
            status = DBG_EXCEPTION_NOT_HANDLED;
        ContinueDebugEvent(event.dwProcessId, event.dwThreadId, status);
    }
    return 0;
}

static void test_syscalls_wait_for_debug_event_blocked(void **state)
{
    HANDLE thread;
    DWORD id;

    (void)state;
    debuggee_started = CreateEventW(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, debug_child, NULL, 0, &id);
    assert_non_null(thread);
    assert_int_equal(WaitForSingleObject(debuggee_started, 30000), WAIT_OBJECT_0);
    if (debuggee_error) fail_msg("CreateProcess (debugged): error %lu", debuggee_error);

    assert_becomes_blocked(thread, id, "WaitForDebugEvent");

    TerminateProcess(debuggee.hProcess, 0);
    assert_ends(thread);
    CloseHandle(debuggee.hThread);
    CloseHandle(debuggee.hProcess);
    CloseHandle(debuggee_started);
}


/* --- recv on a connected loopback socket with no data; connect to a full backlog --- */

static SOCKET listen_loopback(int backlog, struct sockaddr_in *address)
{
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int length = sizeof(*address);

    assert_true(listener != INVALID_SOCKET);
    memset(address, 0, sizeof(*address));
    address->sin_family = AF_INET;
    address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(listener, (struct sockaddr *)address, sizeof(*address)), 0);
    assert_int_equal(listen(listener, backlog), 0);
    assert_int_equal(getsockname(listener, (struct sockaddr *)address, &length), 0);
    return listener;
}

static DWORD WINAPI receive_one(void *arg)
{
    char byte;

    return recv((SOCKET)(ULONG_PTR)arg, &byte, 1, 0);
}

static void test_syscalls_recv_blocked(void **state)
{
    struct sockaddr_in address;
    SOCKET listener, client, server;
    HANDLE thread;
    DWORD id;

    (void)state;
    listener = listen_loopback(1, &address);
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    assert_int_equal(connect(client, (struct sockaddr *)&address, sizeof(address)), 0);
    server = accept(listener, NULL, NULL);
    assert_true(server != INVALID_SOCKET);
    thread = CreateThread(NULL, 0, receive_one, (void *)(ULONG_PTR)server, 0, &id);
    assert_non_null(thread);

    assert_becomes_blocked(thread, id, "recv");

    assert_int_equal(send(client, "x", 1, 0), 1);
    assert_ends(thread);
    closesocket(server);
    closesocket(client);
    closesocket(listener);
}

static struct sockaddr_in connect_target;

static DWORD WINAPI connect_one(void *arg)
{
    return connect((SOCKET)(ULONG_PTR)arg, (struct sockaddr *)&connect_target,
                   sizeof(connect_target));
}

/* A listener that accepts nobody and whose backlog is full: the kernel drops further SYNs,
 * so a blocking connect waits (for the SYN's retries, minutes) until the test closes it. */
static void test_syscalls_connect_blocked(void **state)
{
    SOCKET listener, fillers[8], s;
    u_long nonblocking = 1;
    HANDLE thread;
    DWORD id;
    int i;

    (void)state;
    listener = listen_loopback(1, &connect_target);
    for (i = 0; i < 8; i++)
    {
        fillers[i] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ioctlsocket(fillers[i], FIONBIO, &nonblocking);
        connect(fillers[i], (struct sockaddr *)&connect_target, sizeof(connect_target));
    }
    Sleep(200);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    thread = CreateThread(NULL, 0, connect_one, (void *)(ULONG_PTR)s, 0, &id);
    assert_non_null(thread);

    if (WaitForSingleObject(thread, 500) == WAIT_OBJECT_0)
    {
        /* The kernel took this SYN after all: nothing to look at. */
        CloseHandle(thread);
        closesocket(s);
        for (i = 0; i < 8; i++) closesocket(fillers[i]);
        closesocket(listener);
        skip();
    }
    assert_becomes_blocked(thread, id, "connect");

    closesocket(listener);
    closesocket(s);
    assert_ends(thread);
    for (i = 0; i < 8; i++) closesocket(fillers[i]);
}


/* --- threads that never wait: never Blocked --- */

static volatile LONG stop_running;

static DWORD WINAPI spin(void *unused)
{
    (void)unused;
    while (!stop_running) { }
    return 0;
}

static DWORD WINAPI yield_in_a_loop(void *unused)
{
    (void)unused;
    while (!stop_running) SwitchToThread();
    return 0;
}

static void check_never_blocked(LPTHREAD_START_ROUTINE routine, const char *what)
{
    HANDLE thread;
    DWORD id;
    int i, blocked = 0;

    stop_running = 0;
    thread = CreateThread(NULL, 0, routine, NULL, 0, &id);
    assert_non_null(thread);
    for (i = 0; i < RUNNING_WALKS; i++)
        if (thread_status(id) == WctStatusBlocked) blocked++;
    stop_running = 1;
    assert_ends(thread);
    if (blocked) fail_msg("a thread that %s was Blocked in %d of %d walks", what, blocked,
                          RUNNING_WALKS);
}

static void test_syscalls_busy_loop_running(void **state)
{
    (void)state;
    check_never_blocked(spin, "spins");
}

static void test_syscalls_yield_loop_running(void **state)
{
    (void)state;
    check_never_blocked(yield_in_a_loop, "yields in a loop");
}


int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_syscalls_lock_file_blocked),
        cmocka_unit_test(test_syscalls_read_directory_changes_blocked),
        cmocka_unit_test(test_syscalls_wait_for_debug_event_blocked),
        cmocka_unit_test(test_syscalls_recv_blocked),
        cmocka_unit_test(test_syscalls_connect_blocked),
        cmocka_unit_test(test_syscalls_busy_loop_running),
        cmocka_unit_test(test_syscalls_yield_loop_running),
    };

    /* The debuggee of test_syscalls_wait_for_debug_event_blocked. */
    if (argc == 2 && !strcmp(argv[1], "--sleep"))
    {
        Sleep(INFINITE);
        return 0;
    }
    return cmocka_run_group_tests(tests, open_session, close_session);
}

/*
 * test_using_wct.c - the pattern of Microsoft's "Using WCT" sample, written anew, compiled
 * against include/wct.h and linked with wct.dll in place of Advapi32.lib: enable the debug
 * privilege, open a synchronous session, register ole32's COM callbacks, and for every thread
 * of a process ask GetThreadWaitChain(WCTP_GETINFO_ALL_FLAGS) and print its nodes, marking a
 * deadlock. The test checks that a deadlock it set up is printed as one.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <windows.h>
#include <tlhelp32.h>
#include <cmocka.h>
#include <wct.h>

#define SETTLE_MS 5000

/* ---- the sample's pattern ------------------------------------------------------------------- */

static BOOL enable_debug_privilege(void)
{
    TOKEN_PRIVILEGES privileges;
    HANDLE token;
    BOOL done;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token)) return FALSE;
    privileges.PrivilegeCount = 1;
    privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    done = LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &privileges.Privileges[0].Luid)
           && AdjustTokenPrivileges(token, FALSE, &privileges, sizeof(privileges), NULL, NULL);
    CloseHandle(token);
    return done;
}

static void register_com_callbacks(void)
{
    HMODULE ole32 = LoadLibraryW(L"ole32.dll");
    PCOGETCALLSTATE call_state;
    PCOGETACTIVATIONSTATE activation_state;

    if (!ole32) return;
    call_state = (PCOGETCALLSTATE)(void *)GetProcAddress(ole32, "CoGetCallState");
    activation_state = (PCOGETACTIVATIONSTATE)(void *)GetProcAddress(ole32, "CoGetActivationState");
    if (call_state && activation_state) RegisterWaitChainCOMCallback(call_state, activation_state);
}

static const char *type_name(WCT_OBJECT_TYPE type)
{
    static const char *names[] = { "?", "CriticalSection", "SendMessage", "Mutex", "Alpc", "Com",
                                   "ThreadWait", "ProcessWait", "Thread", "ComActivation",
                                   "Unknown", "SocketIo", "SmbIo" };
    return type > 0 && type < WctMaxType ? names[type] : "?";
}

/* Prints one thread's chain into out; returns whether it is a deadlock. */
static BOOL print_thread_chain(HWCT session, DWORD thread_id, char *out, size_t size)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT, i;
    BOOL is_cycle = FALSE;
    size_t used;

    if (!GetThreadWaitChain(session, 0, WCTP_GETINFO_ALL_FLAGS, thread_id, &count, nodes,
                            &is_cycle))
    {
        snprintf(out, size, "%lu: error %lu\n", thread_id, GetLastError());
        return FALSE;
    }
    used = (size_t)snprintf(out, size, "%lu:", thread_id);
    for (i = 0; i < count && used < size; i++)
    {
        if (nodes[i].ObjectType == WctThreadType)
            used += (size_t)snprintf(out + used, size - used, " [%lu:%lu:%s]",
                                     nodes[i].ThreadObject.ProcessId, nodes[i].ThreadObject.ThreadId,
                                     nodes[i].ObjectStatus == WctStatusBlocked ? "b" : "r");
        else
            used += (size_t)snprintf(out + used, size - used, " [%s]", type_name(nodes[i].ObjectType));
    }
    if (used < size) snprintf(out + used, size - used, "%s\n", is_cycle ? " !!!Deadlock!!!" : "");
    return is_cycle;
}

/* Every thread of process_id; returns how many were printed as deadlocked. */
static int print_process_chains(HWCT session, DWORD process_id)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 entry;
    char line[2048];
    int deadlocked = 0;

    if (snapshot == INVALID_HANDLE_VALUE) return -1;
    entry.dwSize = sizeof(entry);
    for (BOOL more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
    {
        if (entry.th32OwnerProcessID != process_id) continue;
        deadlocked += print_thread_chain(session, entry.th32ThreadID, line, sizeof(line));
        fputs(line, stdout);
    }
    CloseHandle(snapshot);
    return deadlocked;
}

/* ---- the deadlock it must find -------------------------------------------------------------- */

static CRITICAL_SECTION first, second;
static volatile LONG holding;

static DWORD WINAPI take(void *arg)
{
    CRITICAL_SECTION *mine = arg, *other = mine == &first ? &second : &first;

    EnterCriticalSection(mine);
    InterlockedIncrement(&holding);
    while (holding < 2) Sleep(1); /* both hold their first section: a certain deadlock */
    EnterCriticalSection(other);  /* deadlocked until the process exits */
    return 0;
}

static void test_using_wct_finds_deadlock(void **state)
{
    HWCT session;
    int deadlocked = 0;
    DWORD start = GetTickCount();

    (void)state;
    InitializeCriticalSection(&first);
    InitializeCriticalSection(&second);
    CloseHandle(CreateThread(NULL, 0, take, &first, 0, NULL));
    CloseHandle(CreateThread(NULL, 0, take, &second, 0, NULL));

    assert_true(enable_debug_privilege());
    session = OpenThreadWaitChainSession(0, NULL);
    assert_non_null(session);
    register_com_callbacks();
    /* Both threads and their two section waits: two threads print as deadlocked. */
    while (deadlocked < 2 && GetTickCount() - start < SETTLE_MS)
    {
        Sleep(100);
        deadlocked = print_process_chains(session, GetCurrentProcessId());
    }
    CloseThreadWaitChainSession(session);
    assert_int_equal(deadlocked, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_using_wct_finds_deadlock) };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

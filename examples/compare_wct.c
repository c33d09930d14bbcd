/*
 * compare_wct.c - the system's WCT and wct's own on the same hung threads, one after the
 * other, for a Windows machine (docs/using.md, "Windows: the system's WCT or wct's own").
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It hangs five threads of its own: a mutex + critical-section deadlock (A holds the mutex
 * and waits for the section, B the other way round), a deadlock of two critical sections
 * (C, D) and a join (E waits for A). Then it starts itself twice with --inspect, once with
 * WCT_IMPLEMENTATION=system and once with builtin, and each prints the five chains (out of
 * process, critical sections included). The last line sums up both, e.g.
 *   summary: system=deadlock builtin=deadlock
 * where a side is "deadlock" (a cycle found), "no-deadlock" or "unavailable(error N)" (its
 * OpenThreadWaitChainSession failed: the system's under Wine, ERROR_NOT_SUPPORTED).
 * Linked with wct like any program that uses it in place of Advapi32.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <wct.h>

#define THREADS 5

static HANDLE mutex;
static CRITICAL_SECTION section_ab, section_c, section_d;
static HANDLE holding[THREADS]; /* set when each thread holds its first lock */
static HANDLE threads[THREADS];

static DWORD WINAPI thread_a(void *arg)
{
    (void)arg;
    WaitForSingleObject(mutex, INFINITE);
    SetEvent(holding[0]);
    WaitForSingleObject(holding[1], INFINITE);
    EnterCriticalSection(&section_ab); /* held by B: never returns */
    return 0;
}

static DWORD WINAPI thread_b(void *arg)
{
    (void)arg;
    EnterCriticalSection(&section_ab);
    SetEvent(holding[1]);
    WaitForSingleObject(holding[0], INFINITE);
    WaitForSingleObject(mutex, INFINITE); /* held by A */
    return 0;
}

static DWORD WINAPI thread_c(void *arg)
{
    (void)arg;
    EnterCriticalSection(&section_c);
    SetEvent(holding[2]);
    WaitForSingleObject(holding[3], INFINITE);
    EnterCriticalSection(&section_d);
    return 0;
}

static DWORD WINAPI thread_d(void *arg)
{
    (void)arg;
    EnterCriticalSection(&section_d);
    SetEvent(holding[3]);
    WaitForSingleObject(holding[2], INFINITE);
    EnterCriticalSection(&section_c);
    return 0;
}

static DWORD WINAPI thread_e(void *arg)
{
    (void)arg;
    SetEvent(holding[4]);
    WaitForSingleObject(threads[0], INFINITE); /* A never ends */
    return 0;
}

static const char *type_name(WCT_OBJECT_TYPE type)
{
    static const char *const names[] = { "?", "CriticalSection", "SendMessage", "Mutex", "Alpc",
        "Com", "ThreadWait", "ProcessWait", "Thread", "ComActivation", "Unknown", "SocketIo",
        "SmbIo" };

    return (unsigned int)type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

static const char *status_name(WCT_OBJECT_STATUS status)
{
    static const char *const names[] = { "?", "NoAccess", "Running", "Blocked", "PidOnly",
        "PidOnlyRpcss", "Owned", "NotOwned", "Abandoned", "Unknown", "Error" };

    return (unsigned int)status < sizeof(names) / sizeof(names[0]) ? names[status] : "?";
}

/* --inspect TID...: prints each chain under this process's implementation. */
static int inspect(const char *side, int count, char **tids)
{
    const char *(WINAPI *get_implementation)(void) = (const char *(WINAPI *)(void))(void *)
        GetProcAddress(GetModuleHandleW(L"wct.dll"), "WctGetImplementation");
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    BOOL cycle, deadlock = FALSE;
    DWORD node_count, i;
    int t;

    if (!session)
    {
        printf("%s: OpenThreadWaitChainSession failed, error %lu (%s)\n", side, GetLastError(),
               GetLastError() == ERROR_NOT_SUPPORTED ? "no working WCT here" : "?");
        return 100 + (int)GetLastError();
    }
    printf("%s: implementation %s\n", side, get_implementation ? get_implementation() : "?");
    for (t = 0; t < count; t++)
    {
        DWORD tid = strtoul(tids[t], NULL, 0);

        node_count = WCT_MAX_NODE_COUNT;
        printf("%s:   thread %lu:", side, tid);
        if (!GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG, tid,
                                &node_count, nodes, &cycle))
        {
            printf(" error %lu\n", GetLastError());
            continue;
        }
        for (i = 0; i < node_count; i++)
        {
            if (nodes[i].ObjectType == WctThreadType)
                printf("%s thread %lu:%lu %s", i ? " ->" : "", nodes[i].ThreadObject.ProcessId,
                       nodes[i].ThreadObject.ThreadId, status_name(nodes[i].ObjectStatus));
            else
                printf(" -> %s %s", type_name(nodes[i].ObjectType),
                       status_name(nodes[i].ObjectStatus));
        }
        printf("%s\n", cycle ? "  *** DEADLOCK ***" : "");
        deadlock |= cycle;
    }
    CloseThreadWaitChainSession(session);
    return deadlock ? 2 : 0;
}

/* Runs this program with --inspect under WCT_IMPLEMENTATION=side; its exit code. */
static DWORD run_side(const char *side, const DWORD *tids)
{
    STARTUPINFOA startup;
    PROCESS_INFORMATION process;
    char self[MAX_PATH], line[MAX_PATH + 128];
    DWORD code = 1;

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(line, sizeof(line), "\"%s\" --inspect %s %lu %lu %lu %lu %lu", self, side, tids[0],
             tids[1], tids[2], tids[3], tids[4]);
    SetEnvironmentVariableA("WCT_IMPLEMENTATION", side);
    fflush(stdout);
    if (!CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &process))
        return 1;
    WaitForSingleObject(process.hProcess, 60000);
    GetExitCodeProcess(process.hProcess, &code);
    CloseHandle(process.hProcess);
    CloseHandle(process.hThread);
    return code;
}

static void print_side(const char *side, DWORD code)
{
    if (code >= 100) printf(" %s=unavailable(error %lu)", side, code - 100);
    else printf(" %s=%s", side, code == 2 ? "deadlock" : code == 0 ? "no-deadlock" : "failed");
}

int main(int argc, char **argv)
{
    static LPTHREAD_START_ROUTINE const procs[THREADS] = { thread_a, thread_b, thread_c,
                                                           thread_d, thread_e };
    DWORD tids[THREADS], system_code, builtin_code;
    int i;

    if (argc >= 3 && !strcmp(argv[1], "--inspect")) return inspect(argv[2], argc - 3, argv + 3);

    mutex = CreateMutexW(NULL, FALSE, L"wct-compare-mutex");
    InitializeCriticalSection(&section_ab);
    InitializeCriticalSection(&section_c);
    InitializeCriticalSection(&section_d);
    for (i = 0; i < THREADS; i++) holding[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < THREADS; i++) threads[i] = CreateThread(NULL, 0, procs[i], NULL, 0, &tids[i]);
    WaitForMultipleObjects(THREADS, holding, TRUE, 10000);
    Sleep(500); /* let each reach its last wait */
    printf("process %lu: A %lu, B %lu (mutex + critical section), C %lu, D %lu (two critical "
           "sections), E %lu (joins A)\n", GetCurrentProcessId(), tids[0], tids[1], tids[2],
           tids[3], tids[4]);

    system_code = run_side("system", tids);
    builtin_code = run_side("builtin", tids);
    printf("summary:");
    print_side("system", system_code);
    print_side("builtin", builtin_code);
    printf("\n");
    fflush(stdout);
    ExitProcess(0); /* the hung threads end with the process */
}

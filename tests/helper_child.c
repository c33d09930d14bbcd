/*
 * helper_child.c - a second process for the probe's cross-process tests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * helper_child.exe MODE RELEASE_EVENT_NAME [ARG]
 * sets up a situation, prints one line "ready <values...>" on stdout, then waits (at most
 * 5 s) for the named event to be set, cleans up and exits. Modes:
 *   sleep               a thread in SleepEx                  -> ready <tid>
 *   mutex NAME          a thread owning the named mutex       -> ready <owner tid>
 *   cs                  a critical section owned by one thread, a second thread blocked
 *                       entering it                           -> ready <owner tid> <waiter tid>
 *   join                a thread joining a sleeping thread    -> ready <joiner tid> <sleeper tid>
 * The main thread itself waits on the release event (an event wait).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define CHILD_TIMEOUT 5000

static HANDLE release;
static CRITICAL_SECTION section;
static HANDLE owner_ready;

static void CALLBACK wake(ULONG_PTR param)
{
    (void)param;
}

static DWORD WINAPI sleeper(void *arg)
{
    (void)arg;
    SleepEx(CHILD_TIMEOUT, TRUE);
    return 0;
}

static DWORD WINAPI mutex_owner(void *arg)
{
    HANDLE mutex = CreateMutexA(NULL, TRUE, arg);

    SetEvent(owner_ready);
    WaitForSingleObject(release, CHILD_TIMEOUT);
    ReleaseMutex(mutex);
    CloseHandle(mutex);
    return 0;
}

static DWORD WINAPI section_owner(void *arg)
{
    (void)arg;
    EnterCriticalSection(&section);
    SetEvent(owner_ready);
    WaitForSingleObject(release, CHILD_TIMEOUT);
    LeaveCriticalSection(&section);
    return 0;
}

static DWORD WINAPI section_waiter(void *arg)
{
    (void)arg;
    EnterCriticalSection(&section);
    LeaveCriticalSection(&section);
    return 0;
}

static DWORD WINAPI joiner(void *arg)
{
    WaitForSingleObject(arg, CHILD_TIMEOUT);
    return 0;
}

static HANDLE start(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *tid)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, tid);

    if (!thread) exit(3);
    return thread;
}

int main(int argc, char **argv)
{
    HANDLE threads[2] = { NULL, NULL };
    DWORD tids[2] = { 0, 0 };
    int i;

    if (argc < 3 || !(release = OpenEventA(EVENT_ALL_ACCESS, FALSE, argv[2]))) return 2;
    owner_ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    InitializeCriticalSection(&section);

    if (!strcmp(argv[1], "sleep"))
        threads[0] = start(sleeper, NULL, &tids[0]);
    else if (!strcmp(argv[1], "mutex") && argc > 3)
    {
        threads[0] = start(mutex_owner, argv[3], &tids[0]);
        WaitForSingleObject(owner_ready, CHILD_TIMEOUT);
    }
    else if (!strcmp(argv[1], "cs"))
    {
        threads[0] = start(section_owner, NULL, &tids[0]);
        WaitForSingleObject(owner_ready, CHILD_TIMEOUT);
        threads[1] = start(section_waiter, NULL, &tids[1]);
    }
    else if (!strcmp(argv[1], "join"))
    {
        threads[1] = start(sleeper, NULL, &tids[1]);
        threads[0] = start(joiner, threads[1], &tids[0]);
    }
    else return 2;

    printf("ready %lu %lu\n", (unsigned long)tids[0], (unsigned long)tids[1]);
    fflush(stdout);

    WaitForSingleObject(release, CHILD_TIMEOUT);
    for (i = 0; i < 2; i++)
    {
        if (!threads[i]) continue;
        /* An APC ends an alertable sleep; one queued before the sleep began is spent at
         * thread start, so queue until it is gone (bounded). */
        DWORD start = GetTickCount();

        do QueueUserAPC(wake, threads[i], 0);
        while (WaitForSingleObject(threads[i], 50) == WAIT_TIMEOUT
               && GetTickCount() - start < CHILD_TIMEOUT);
    }
    return 0;
}

/*
 * helper_wow64.c - a 32-bit process for tests/test_probe_wow64.c (built with the i686
 * compiler from the x86_64 tree: tests/wow64.cmake).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * helper_wow64.exe
 * sets up, in one process with as few threads as the cases need (a 32-bit process is
 * expensive to start where 32-bit code is emulated, and qemu has been seen to crash 32-bit
 * Wine programs with four or more threads):
 *   - the main thread owns a mutex, and a second thread is blocked in WaitForSingleObject
 *     on it;
 *   - the main thread and a third thread are in a critical-section deadlock: each holds one
 *     section and enters the other's;
 * and prints "ready <main tid> <mutex waiter tid> <section thread tid>" just before the main
 * thread enters the deadlock. Nothing ever releases them: the test ends the process
 * (TerminateProcess); if it does not, the mutex waiter's wait times out after 10 minutes and
 * ends the process.
 */

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#define HELPER_TIMEOUT 600000

static HANDLE mutex, second_held;
static CRITICAL_SECTION first, second;

static DWORD WINAPI mutex_waiter(void *arg)
{
    (void)arg;
    WaitForSingleObject(mutex, HELPER_TIMEOUT);
    ExitProcess(4);
}

/* Holds the second section, then enters the first, which the main thread holds. */
static DWORD WINAPI section_thread(void *arg)
{
    (void)arg;
    EnterCriticalSection(&second);
    SetEvent(second_held);
    EnterCriticalSection(&first);
    return 0;
}

static DWORD start(LPTHREAD_START_ROUTINE fn)
{
    DWORD tid;
    HANDLE thread = CreateThread(NULL, 0, fn, NULL, 0, &tid);

    if (!thread) exit(3);
    CloseHandle(thread);
    return tid;
}

int main(void)
{
    DWORD waiter, section;

    if (!(mutex = CreateMutexA(NULL, TRUE, NULL))) return 2;
    if (!(second_held = CreateEventA(NULL, TRUE, FALSE, NULL))) return 2;
    InitializeCriticalSection(&first);
    InitializeCriticalSection(&second);
    EnterCriticalSection(&first);
    waiter = start(mutex_waiter);
    section = start(section_thread);
    WaitForSingleObject(second_held, HELPER_TIMEOUT);

    printf("ready %lu %lu %lu\n", (unsigned long)GetCurrentThreadId(), (unsigned long)waiter,
           (unsigned long)section);
    fflush(stdout);
    EnterCriticalSection(&second);
    return 0;
}

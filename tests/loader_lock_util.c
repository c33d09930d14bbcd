/*
 * loader_lock_util.c - for the loader-lock tests' child processes: a thread that holds the
 * loader lock, and bounded steps in a process that may itself hang behind that lock.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stdio.h>

#include "loader_lock_util.h"

/* Longest a holder keeps the lock: well past the parent's bound for a whole child, so the
 * lock is held for as long as the case needs, yet nothing here waits for ever. */
#define LL_HOLD_LIMIT 60000
#define LL_WATCHDOG_PERIOD 20

/* The step being timed; locked via step_lock. */
static struct
{
    const char *name;
    DWORD bound_ms;
    ULONGLONG start;
    BOOL active;
} step;
static SRWLOCK step_lock = SRWLOCK_INIT;

void ll_report(const char *format, ...)
{
    char line[512];
    va_list args;
    int length;
    DWORD written;

    va_start(args, format);
    length = vsnprintf(line, sizeof(line) - 1, format, args);
    va_end(args);
    if (length < 0) return;
    if (length > (int)sizeof(line) - 2) length = (int)sizeof(line) - 2;
    line[length++] = '\n';
    WriteFile(GetStdHandle(STD_ERROR_HANDLE), line, (DWORD)length, &written, NULL);
}

/* Ends this process without the loader lock (ExitProcess would wait for it). */
static void __attribute__((noreturn)) terminate_self(UINT exit_code)
{
    TerminateProcess(GetCurrentProcess(), exit_code);
    for (;;) Sleep(INFINITE); /* not reached: terminating the own process does not return */
}

void ll_fail(const char *file, int line, const char *what)
{
    ll_report("FAILED: %s:%d: %s", file, line, what);
    terminate_self(LL_EXIT_FAILED);
}

static DWORD WINAPI watchdog_proc(void *unused)
{
    const char *name;
    DWORD bound_ms;
    BOOL overran;

    (void)unused;
    for (;;)
    {
        Sleep(LL_WATCHDOG_PERIOD);
        AcquireSRWLockShared(&step_lock);
        overran = step.active && GetTickCount64() - step.start > step.bound_ms;
        name = step.name;
        bound_ms = step.bound_ms;
        ReleaseSRWLockShared(&step_lock);
        if (!overran) continue;
        ll_report("HANG: step \"%s\" did not finish within %lu ms", name,
                  (unsigned long)bound_ms);
        terminate_self(LL_EXIT_HUNG);
    }
}

void ll_watchdog_start(void)
{
    HANDLE thread = CreateThread(NULL, 0, watchdog_proc, NULL, 0, NULL);

    LL_CHECK(thread != NULL);
    CloseHandle(thread);
}

void ll_step_begin(const char *name, DWORD bound_ms)
{
    AcquireSRWLockExclusive(&step_lock);
    step.name = name;
    step.bound_ms = bound_ms;
    step.start = GetTickCount64();
    step.active = TRUE;
    ReleaseSRWLockExclusive(&step_lock);
}

DWORD ll_step_end(void)
{
    DWORD elapsed;
    const char *name;

    AcquireSRWLockExclusive(&step_lock);
    elapsed = (DWORD)(GetTickCount64() - step.start);
    name = step.name;
    step.active = FALSE;
    ReleaseSRWLockExclusive(&step_lock);
    ll_report("  step \"%s\": %lu ms", name, (unsigned long)elapsed);
    return elapsed;
}

HANDLE ll_start_thread(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id)
{
    DWORD id;
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, &id);

    LL_CHECK(thread != NULL);
    if (thread_id) *thread_id = id;
    return thread;
}

void ll_wait(HANDLE object, DWORD bound_ms, const char *what)
{
    if (WaitForSingleObject(object, bound_ms) == WAIT_OBJECT_0) return;
    ll_report("FAILED: waited %lu ms for %s", (unsigned long)bound_ms, what);
    terminate_self(LL_EXIT_FAILED);
}

/* What the loader does around every DllMain: takes its lock, and keeps it while blocked. */
static DWORD WINAPI hold_with_ldr_lock(void *param)
{
    struct ll_holder *holder = param;
    ULONG_PTR cookie = 0;

    if (LdrLockLoaderLock(0, NULL, &cookie)) return 1;
    SetEvent(holder->locked);
    WaitForSingleObject(holder->release, LL_HOLD_LIMIT);
    LdrUnlockLoaderLock(0, cookie);
    return 0;
}

/* The real thing: a LoadLibrary whose DllMain blocks (loader_lock_dll.c reads the two event
 * handles from the environment, sets the first and waits for the second). */
static DWORD WINAPI hold_in_dllmain(void *param)
{
    struct ll_holder *holder = param;
    char value[64];
    HMODULE module;

    snprintf(value, sizeof(value), "%llx %llx", (unsigned long long)(ULONG_PTR)holder->locked,
             (unsigned long long)(ULONG_PTR)holder->release);
    if (!SetEnvironmentVariableA(LL_DLLMAIN_HOLD_VARIABLE, value)) return 1;
    module = LoadLibraryW(LL_TEST_DLL);
    SetEnvironmentVariableA(LL_DLLMAIN_HOLD_VARIABLE, NULL);
    return module ? 0 : 1;
}

void ll_hold_start(struct ll_holder *holder, enum ll_hold_how how)
{
    HANDLE either[2];

    holder->how = how;
    holder->locked = CreateEventW(NULL, TRUE, FALSE, NULL);
    holder->release = CreateEventW(NULL, TRUE, FALSE, NULL);
    LL_CHECK(holder->locked && holder->release);
    holder->thread = ll_start_thread(how == LL_HOLD_LDR_LOCK ? hold_with_ldr_lock
                                                             : hold_in_dllmain,
                                     holder, &holder->thread_id);
    /* A holder that ends first could not take the lock (or load the DLL). */
    either[0] = holder->locked;
    either[1] = holder->thread;
    LL_CHECK(WaitForMultipleObjects(2, either, FALSE, LL_WAIT_BOUND) == WAIT_OBJECT_0);
}

void ll_hold_release(struct ll_holder *holder)
{
    DWORD exit_code = 1;

    SetEvent(holder->release);
    ll_wait(holder->thread, LL_WAIT_BOUND, "the loader lock holder to end");
    LL_CHECK(GetExitCodeThread(holder->thread, &exit_code) && exit_code == 0);
    CloseHandle(holder->thread);
    CloseHandle(holder->locked);
    CloseHandle(holder->release);
}

/*
 * scenarios.c - the hangs of wct_demo, each in its own threads. Nothing here ever returns
 * from its wait: the process ends through ExitProcess.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The chains wctdump should find (Wine hides a mutex's owner, so that chain ends there):
 *   deadlock-root: root -> ThreadWait -> join -> ThreadWait -> cs-a -> CriticalSection
 *                  -> cs-b -> CriticalSection -> cs-a   (9 nodes, a cycle)
 *   mutex-waiter:  waiter -> Mutex "wct-demo-mutex"
 *   join-waiter:   waiter -> ThreadWait -> join-target (asleep)
 *   process-waiter: waiter -> ProcessWait
 */

#include <stdio.h>
#include <wchar.h>
#include "demo.h"

#define SETTLE_MS 300

/* Threads still to reach their wait, plus one while they are being started. */
static LONG not_arrived = 1;
static HANDLE all_arrived;

static CRITICAL_SECTION lock_a, lock_b;
static HANDLE holds_a, holds_b;  /* set once cs-a holds lock_a, cs-b holds lock_b */
static HANDLE mutex, mutex_owned; /* the named mutex; set once the owner holds it */
static HANDLE never_set;          /* an event nobody sets */


/* Called by each thread right before the wait it never leaves. */
static void arrive(void)
{
    if (!InterlockedDecrement(&not_arrived)) SetEvent(all_arrived);
}


typedef HRESULT (WINAPI *set_thread_description_fn)(HANDLE thread, const WCHAR *description);

/* Gives a thread its role as its description (shown by wctdump), where the system has
 * SetThreadDescription (Windows 10 1607 and later, Wine 5 and later). */
void demo_describe_thread(HANDLE thread, const char *role)
{
    static set_thread_description_fn set_description;
    static BOOL looked_up;
    WCHAR text[DEMO_NAME_LENGTH];
    HMODULE kernel;

    if (!looked_up)
    {
        if ((kernel = GetModuleHandleW(L"kernelbase.dll")) || (kernel = GetModuleHandleW(L"kernel32.dll")))
            set_description = (set_thread_description_fn)(void (*)(void))GetProcAddress(kernel, "SetThreadDescription");
        looked_up = TRUE;
    }
    if (set_description && MultiByteToWideChar(CP_UTF8, 0, role, -1, text, DEMO_NAME_LENGTH))
        set_description(thread, text);
}


static HANDLE start_thread(struct demo *demo, const char *role, LPTHREAD_START_ROUTINE proc,
                           void *param)
{
    struct demo_thread *thread = &demo->threads[demo->thread_count];

    if (demo->thread_count == DEMO_MAX_THREADS) return NULL;
    InterlockedIncrement(&not_arrived);
    thread->handle = CreateThread(NULL, 0, proc, param, 0, &thread->tid);
    if (!thread->handle)
    {
        fprintf(stderr, "wct_demo: cannot start the %s thread: error %lu\n", role, GetLastError());
        return NULL;
    }
    thread->role = role;
    demo_describe_thread(thread->handle, role);
    demo->thread_count++;
    return thread->handle;
}


/* ---- (a) two critical sections taken in opposite orders, reached through two joins ---- */

/* Takes its own lock, waits until the other thread holds the other lock, then asks for it. */
static void take_locks_crosswise(CRITICAL_SECTION *mine, HANDLE i_hold, CRITICAL_SECTION *theirs,
                                 HANDLE they_hold)
{
    EnterCriticalSection(mine);
    SetEvent(i_hold);
    WaitForSingleObject(they_hold, INFINITE);
    arrive();
    EnterCriticalSection(theirs); /* never returns */
    LeaveCriticalSection(theirs);
    LeaveCriticalSection(mine);
}


static DWORD WINAPI cs_a_proc(void *unused)
{
    (void)unused;
    take_locks_crosswise(&lock_a, holds_a, &lock_b, holds_b);
    return 0;
}


static DWORD WINAPI cs_b_proc(void *unused)
{
    (void)unused;
    take_locks_crosswise(&lock_b, holds_b, &lock_a, holds_a);
    return 0;
}


static DWORD WINAPI join_proc(void *thread)
{
    arrive();
    return WaitForSingleObject((HANDLE)thread, INFINITE);
}


static BOOL start_deadlock(struct demo *demo)
{
    HANDLE cs_a, join;

    InitializeCriticalSection(&lock_a);
    InitializeCriticalSection(&lock_b);
    if (!(holds_a = CreateEventW(NULL, TRUE, FALSE, NULL))
        || !(holds_b = CreateEventW(NULL, TRUE, FALSE, NULL)))
        return FALSE;
    return (cs_a = start_thread(demo, "deadlock-cs-a", cs_a_proc, NULL))
        && start_thread(demo, "deadlock-cs-b", cs_b_proc, NULL)
        && (join = start_thread(demo, "deadlock-join", join_proc, cs_a))
        && start_thread(demo, "deadlock-root", join_proc, join);
}


/* ---- (b) a named mutex owned by one thread, waited for by another ---- */

static DWORD WINAPI mutex_owner_proc(void *name)
{
    mutex = CreateMutexW(NULL, TRUE, (const WCHAR *)name);
    SetEvent(mutex_owned);
    arrive();
    return WaitForSingleObject(never_set, INFINITE);
}


static DWORD WINAPI mutex_waiter_proc(void *unused)
{
    (void)unused;
    WaitForSingleObject(mutex_owned, INFINITE);
    arrive();
    return WaitForSingleObject(mutex, INFINITE);
}


/* "wct-demo-mutex", or "wct-demo-mutex-PID" if another demo has the plain name already. */
static BOOL choose_mutex_name(struct demo *demo)
{
    HANDLE existing = OpenMutexW(SYNCHRONIZE, FALSE, L"wct-demo-mutex");

    if (!existing)
    {
        wcscpy(demo->mutex_name, L"wct-demo-mutex");
        return TRUE;
    }
    CloseHandle(existing);
    return swprintf(demo->mutex_name, DEMO_NAME_LENGTH, L"wct-demo-mutex-%lu",
                    GetCurrentProcessId()) > 0;
}


static BOOL start_mutex_wait(struct demo *demo)
{
    if (!choose_mutex_name(demo) || !(mutex_owned = CreateEventW(NULL, TRUE, FALSE, NULL)))
        return FALSE;
    return start_thread(demo, "mutex-owner", mutex_owner_proc, demo->mutex_name)
        && start_thread(demo, "mutex-waiter", mutex_waiter_proc, NULL);
}


/* ---- (c) a thread joining a thread that sleeps ---- */

static DWORD WINAPI sleep_proc(void *unused)
{
    (void)unused;
    arrive();
    Sleep(INFINITE);
    return 0;
}


static BOOL start_join(struct demo *demo)
{
    HANDLE target = start_thread(demo, "join-target", sleep_proc, NULL);

    return target && start_thread(demo, "join-waiter", join_proc, target);
}


/* ---- (d) a thread waiting for the child process (join_proc works on any handle) ---- */

static BOOL start_process_wait(struct demo *demo)
{
    return start_thread(demo, "process-waiter", join_proc, demo->child) != NULL;
}


BOOL demo_start_scenarios(struct demo *demo)
{
    if (!(all_arrived = CreateEventW(NULL, TRUE, FALSE, NULL))
        || !(never_set = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        fprintf(stderr, "wct_demo: cannot create events: error %lu\n", GetLastError());
        return FALSE;
    }
    if (!start_deadlock(demo) || !start_mutex_wait(demo) || !start_join(demo)
        || !start_process_wait(demo))
    {
        fprintf(stderr, "wct_demo: setting up the hangs failed (last error %lu)\n", GetLastError());
        return FALSE;
    }
    arrive(); /* every thread is started: drop the starter's own count */
    return TRUE;
}


BOOL demo_wait_ready(DWORD timeout_ms)
{
    if (WaitForSingleObject(all_arrived, timeout_ms) != WAIT_OBJECT_0) return FALSE;
    Sleep(SETTLE_MS);
    return TRUE;
}

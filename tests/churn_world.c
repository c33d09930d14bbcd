/*
 * churn_world.c - a waiter whose waited handle values are closed and reused all the time
 * (churn_world.h says what for).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "churn_world.h"

/* ---- the good ids --------------------------------------------------------------------- */

/* Records a good thread's id; FALSE when there is no room left for it. */
static BOOL good_add(struct churn_good *good, DWORD tid)
{
    LONG slot;

    if (tid < CHURN_TID_LIMIT)
    {
        InterlockedOr(&good->bits[tid / 4 / 32], (LONG)(1UL << (tid / 4 % 32)));
        return TRUE;
    }
    slot = InterlockedIncrement(&good->overflow_count) - 1;
    if (slot >= CHURN_OVERFLOW) return FALSE;
    good->overflow[slot] = tid;
    return TRUE;
}

BOOL churn_good_has(const struct churn_good *good, DWORD tid)
{
    LONG count, i;

    if (tid < CHURN_TID_LIMIT)
        return (good->bits[tid / 4 / 32] & (LONG)(1UL << (tid / 4 % 32))) != 0;
    count = good->overflow_count;
    if (count > CHURN_OVERFLOW) count = CHURN_OVERFLOW;
    for (i = 0; i < count; i++)
        if (good->overflow[i] == tid) return TRUE;
    return FALSE;
}

/* Publishes the value of the good wait about to start. */
static void good_waiting(struct churn_good *good, HANDLE value)
{
    good->waited[(ULONG)good->waits % CHURN_RING] = (ULONG_PTR)value;
    InterlockedIncrement(&good->waits);
}

void churn_good_prefix(WCHAR *prefix, size_t size, DWORD pid)
{
    swprintf(prefix, size, L"wct-churn-good-%lu-", (unsigned long)pid);
}

void churn_decoy_prefix(WCHAR *prefix, size_t size, DWORD pid)
{
    swprintf(prefix, size, L"wct-churn-decoy-%lu-", (unsigned long)pid);
}

/* ---- the threads of the world ----------------------------------------------------------- */

/* A decoy: alive and blocked until the world stops, so a handle to it resolves to a
 * running thread (an edge the probe would follow). */
static DWORD WINAPI decoy_proc(void *arg)
{
    struct churn_world *world = arg;

    while (!world->stop) WaitForSingleObject(world->decoy_wake, CHURN_TIMEOUT);
    return 0;
}

/* A good thread: naps 0-2 ms (picked from its id) and exits. */
static DWORD WINAPI good_proc(void *arg)
{
    (void)arg;
    Sleep(GetCurrentThreadId() / 4 % 3);
    return 0;
}

/* Closes what one churner round opened, in one order or the other, so the values come
 * free in varied orders. */
static void close_all(HANDLE *handles, int count, BOOL backwards)
{
    int i;

    for (i = 0; i < count; i++)
    {
        HANDLE handle = handles[backwards ? count - 1 - i : i];

        if (handle) CloseHandle(handle);
    }
}

/* Opens and closes handles to decoy threads (opened and duplicated), to a named decoy mutex
 * and to its own process, as fast as it can: each value the waiter frees is soon taken by
 * one of them. */
static DWORD WINAPI churner_proc(void *arg)
{
    struct churn_world *world = arg;
    HANDLE self = GetCurrentProcess();
    DWORD pid = GetCurrentProcessId();
    WCHAR prefix[64], name[96];

    churn_decoy_prefix(prefix, ARRAYSIZE(prefix), pid);
    while (!world->stop)
    {
        LONG n = InterlockedIncrement(&world->decoy_serial);
        int decoy = (int)(n % CHURN_DECOYS);
        HANDLE held[4] = { NULL, NULL, NULL, NULL };

        held[0] = OpenThread(SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION, FALSE,
                             world->decoy_tid[decoy]);
        if (!DuplicateHandle(self, world->decoy[decoy], self, &held[1], 0, FALSE,
                             DUPLICATE_SAME_ACCESS))
            held[1] = NULL;
        swprintf(name, ARRAYSIZE(name), L"%ls%ld", prefix, n);
        held[2] = CreateMutexW(NULL, FALSE, name);
        held[3] = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        /* Hold them for a moment now and then: values are taken both briefly and for a
         * while. */
        if (n % 3 == 0) SwitchToThread();
        else if (n % 7 == 0) Sleep(1);
        close_all(held, ARRAYSIZE(held), n & 1);
        InterlockedIncrement(&world->churns);
    }
    return 0;
}

/*
 * One join of a fresh good thread. A function of its own, called with the same argument
 * each time and keeping nothing in registers across iterations: every join looks the same
 * to the probe (same stub, stack pointer, handle array address and saved registers), and
 * only the handle value tells one wait from the next. The id is recorded before the join
 * starts, so a ThreadWait edge of this wait always finds it.
 */
static void __attribute__((noinline)) waiter_join_once(struct churn_world *world)
{
    DWORD tid = 0;
    HANDLE thread = CreateThread(NULL, 0, good_proc, NULL, 0, &tid);

    if (!thread)
    {
        InterlockedIncrement(&world->errors);
        Sleep(1);
        return;
    }
    if (!good_add(world->good, tid)) InterlockedIncrement(&world->errors);
    good_waiting(world->good, thread);
    if (WaitForSingleObject(thread, CHURN_TIMEOUT) != WAIT_OBJECT_0)
        InterlockedIncrement(&world->errors);
    CloseHandle(thread);
    InterlockedIncrement(&world->iterations);
}

/*
 * One wait on a fresh good mutex (named wct-churn-good-<pid>-<n> every other time, unnamed
 * otherwise), which the holder owns for 0-2 ms first. Like waiter_join_once, every wait
 * looks the same but for the handle value.
 */
static void __attribute__((noinline)) waiter_mutex_once(struct churn_world *world)
{
    WCHAR prefix[64], name[96];
    LONG n = InterlockedIncrement(&world->serial);
    HANDLE mutex;

    churn_good_prefix(prefix, ARRAYSIZE(prefix), GetCurrentProcessId());
    swprintf(name, ARRAYSIZE(name), L"%ls%ld", prefix, n);
    if (!(mutex = CreateMutexW(NULL, FALSE, n & 1 ? name : NULL)))
    {
        InterlockedIncrement(&world->errors);
        Sleep(1);
        return;
    }
    world->handoff = mutex;
    SetEvent(world->take);
    if (WaitForSingleObject(world->taken, CHURN_TIMEOUT) != WAIT_OBJECT_0)
        InterlockedIncrement(&world->errors);
    good_waiting(world->good, mutex);
    switch (WaitForSingleObject(mutex, CHURN_TIMEOUT))
    {
    case WAIT_OBJECT_0:
    case WAIT_ABANDONED:
        ReleaseMutex(mutex);
        break;
    default:
        InterlockedIncrement(&world->errors);
        break;
    }
    CloseHandle(mutex);
    InterlockedIncrement(&world->iterations);
}

static DWORD WINAPI waiter_proc(void *arg)
{
    struct churn_world *world = arg;

    while (!world->stop)
    {
        if (world->kind == CHURN_THREADS) waiter_join_once(world);
        else waiter_mutex_once(world);
    }
    return 0;
}

/* Owns each mutex the waiter hands over for 0-2 ms, so the waiter blocks on it. It uses
 * the waiter's handle, which the waiter closes only after it has had the mutex itself. */
static DWORD WINAPI holder_proc(void *arg)
{
    struct churn_world *world = arg;
    DWORD held = 0;

    /* Serves until the waiter has finished: a hand-over made as the world stopped is still
     * taken. */
    while (!world->waiter_done)
    {
        HANDLE mutex;

        if (WaitForSingleObject(world->take, 100) != WAIT_OBJECT_0) continue;
        mutex = world->handoff;
        if (WaitForSingleObject(mutex, CHURN_TIMEOUT) != WAIT_OBJECT_0)
        {
            InterlockedIncrement(&world->errors);
            SetEvent(world->taken);
            continue;
        }
        SetEvent(world->taken);
        Sleep(held++ % 3);
        ReleaseMutex(mutex);
    }
    return 0;
}

/* ---- start and stop --------------------------------------------------------------------- */

static BOOL join_close(HANDLE *thread)
{
    BOOL done = TRUE;

    if (!*thread) return TRUE;
    done = WaitForSingleObject(*thread, 2 * CHURN_TIMEOUT) == WAIT_OBJECT_0;
    CloseHandle(*thread);
    *thread = NULL;
    return done;
}

static void close_event(HANDLE *event)
{
    if (*event) CloseHandle(*event);
    *event = NULL;
}

BOOL churn_start(struct churn_world *world, enum churn_kind kind, struct churn_good *good)
{
    int i;

    memset(world, 0, sizeof(*world));
    memset((void *)good, 0, sizeof(*good));
    world->kind = kind;
    world->good = good;
    world->decoy_wake = CreateEventW(NULL, TRUE, FALSE, NULL);
    world->take = CreateEventW(NULL, FALSE, FALSE, NULL);
    world->taken = CreateEventW(NULL, FALSE, FALSE, NULL);
    if (!world->decoy_wake || !world->take || !world->taken) goto failed;
    for (i = 0; i < CHURN_DECOYS; i++)
        if (!(world->decoy[i] = CreateThread(NULL, 0, decoy_proc, world, 0,
                                             &world->decoy_tid[i])))
            goto failed;
    for (i = 0; i < CHURN_CHURNERS; i++)
        if (!(world->churner[i] = CreateThread(NULL, 0, churner_proc, world, 0, NULL)))
            goto failed;
    if (kind == CHURN_MUTEXES
        && !(world->holder = CreateThread(NULL, 0, holder_proc, world, 0, &world->holder_tid)))
        goto failed;
    if (!(world->waiter = CreateThread(NULL, 0, waiter_proc, world, 0, &world->waiter_tid)))
        goto failed;
    return TRUE;

failed:
    churn_stop(world);
    return FALSE;
}

BOOL churn_stop(struct churn_world *world)
{
    BOOL done = TRUE;
    int i;

    InterlockedExchange(&world->stop, 1);
    if (world->decoy_wake) SetEvent(world->decoy_wake);
    done &= join_close(&world->waiter);
    InterlockedExchange(&world->waiter_done, 1);
    done &= join_close(&world->holder);
    for (i = 0; i < CHURN_CHURNERS; i++) done &= join_close(&world->churner[i]);
    for (i = 0; i < CHURN_DECOYS; i++) done &= join_close(&world->decoy[i]);
    close_event(&world->decoy_wake);
    close_event(&world->take);
    close_event(&world->taken);
    return done;
}

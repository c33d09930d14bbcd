/*
 * fuzz_targets.c - the live, exited and made-up threads of the reliability tests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Roles of the live threads (the chain a complete walker would report in brackets):
 *   spinner        computes, with short sleeps so it does not take a whole core
 *   event_waiter   waits on the stop event                      [thread, event]
 *   cs_owner       holds cs_inner, waits on the stop event
 *   cs_waiter      blocks on cs_inner                            [thread, cs, cs_owner, event]
 *   cs_nested      holds cs_outer, blocks on cs_inner
 *   cs_outer_waiter  blocks on cs_outer             [thread, cs, cs_nested, cs, cs_owner, event]
 *   mutex_owner    holds the mutex, waits on the stop event
 *   mutex_waiter   waits on the mutex                            [thread, mutex, (owner)]
 *   join_waiter    waits on event_waiter's thread handle          [thread, thread, ...]
 *   cycle_a/b      each waits on the other's thread handle       [a cycle]
 *   sleeper        sleeps
 * Holders signal `ready` before their waiters are created, so every role is in its state
 * when targets_start() returns. Each wait ends once `stop` is set (the waits on locks end
 * because their holders leave after `stop`).
 */

#include "fuzz_targets.h"

enum role
{
    ROLE_SPINNER,
    ROLE_EVENT_WAITER,
    ROLE_CS_OWNER,
    ROLE_CS_WAITER,
    ROLE_CS_NESTED,
    ROLE_CS_OUTER_WAITER,
    ROLE_MUTEX_OWNER,
    ROLE_MUTEX_WAITER,
    ROLE_JOIN_WAITER,
    ROLE_CYCLE_A,
    ROLE_CYCLE_B,
    ROLE_SLEEPER,
    ROLE_COUNT
};

#define EXITED_COUNT 16
#define JOIN_TIMEOUT_MS 30000

static struct
{
    HANDLE stop;  /* manual-reset: the live threads must leave */
    HANDLE ready; /* auto-reset: a holder holds its lock */
    volatile LONG stopping;
    CRITICAL_SECTION cs_inner, cs_outer;
    HANDLE mutex;
    HANDLE threads[ROLE_COUNT];
    DWORD ids[ROLE_COUNT];
    DWORD exited[EXITED_COUNT];
    volatile LONG spin_sink;
} targets;


static BOOL stopping(void)
{
    return InterlockedCompareExchange(&targets.stopping, 0, 0) != 0;
}


static void spin(void)
{
    LONG i;

    while (!stopping())
    {
        for (i = 0; i < 100000; i++) targets.spin_sink++;
        Sleep(1);
    }
}


/* Holds cs (and signals ready) until stop. */
static void hold_cs_until_stop(CRITICAL_SECTION *cs)
{
    EnterCriticalSection(cs);
    SetEvent(targets.ready);
    WaitForSingleObject(targets.stop, INFINITE);
    LeaveCriticalSection(cs);
}


static void block_on_cs(CRITICAL_SECTION *cs)
{
    EnterCriticalSection(cs);
    LeaveCriticalSection(cs);
}


static void cs_nested(void)
{
    EnterCriticalSection(&targets.cs_outer);
    SetEvent(targets.ready);
    block_on_cs(&targets.cs_inner);
    LeaveCriticalSection(&targets.cs_outer);
}


static void hold_mutex_until_stop(void)
{
    DWORD result = WaitForSingleObject(targets.mutex, 0);

    SetEvent(targets.ready);
    WaitForSingleObject(targets.stop, INFINITE);
    if (result == WAIT_OBJECT_0) ReleaseMutex(targets.mutex);
}


/* Waits until the mutex is free (its owner leaves after stop), then releases it. */
static void block_on_mutex(void)
{
    DWORD result;

    do result = WaitForSingleObject(targets.mutex, 1000);
    while (result == WAIT_TIMEOUT);
    if (result == WAIT_OBJECT_0 || result == WAIT_ABANDONED) ReleaseMutex(targets.mutex);
}


/* Waits for another target thread to exit, or (cycles) until stop. */
static void join(enum role other, BOOL until_stop)
{
    while (WaitForSingleObject(targets.threads[other], 500) == WAIT_TIMEOUT)
        if (until_stop && stopping()) break;
}


static void sleep_until_stop(void)
{
    while (!stopping()) SleepEx(500, FALSE);
}


static DWORD WINAPI target_proc(void *param)
{
    switch ((enum role)(ULONG_PTR)param)
    {
    case ROLE_SPINNER: spin(); break;
    case ROLE_EVENT_WAITER: WaitForSingleObject(targets.stop, INFINITE); break;
    case ROLE_CS_OWNER: hold_cs_until_stop(&targets.cs_inner); break;
    case ROLE_CS_WAITER: block_on_cs(&targets.cs_inner); break;
    case ROLE_CS_NESTED: cs_nested(); break;
    case ROLE_CS_OUTER_WAITER: block_on_cs(&targets.cs_outer); break;
    case ROLE_MUTEX_OWNER: hold_mutex_until_stop(); break;
    case ROLE_MUTEX_WAITER: block_on_mutex(); break;
    case ROLE_JOIN_WAITER: join(ROLE_EVENT_WAITER, FALSE); break;
    case ROLE_CYCLE_A: join(ROLE_CYCLE_B, TRUE); break;
    case ROLE_CYCLE_B: join(ROLE_CYCLE_A, TRUE); break;
    case ROLE_SLEEPER: sleep_until_stop(); break;
    case ROLE_COUNT: break;
    }
    return 0;
}


static DWORD WINAPI exit_at_once(void *param)
{
    (void)param;
    return 0;
}


static BOOL role_holds_a_lock(enum role role)
{
    return role == ROLE_CS_OWNER || role == ROLE_CS_NESTED || role == ROLE_MUTEX_OWNER;
}


/* Creates one role's thread suspended (the cycle needs both handles before it runs). */
static BOOL create_role(enum role role)
{
    targets.threads[role] = CreateThread(NULL, 0, target_proc, (void *)(ULONG_PTR)role,
                                         CREATE_SUSPENDED, &targets.ids[role]);
    return targets.threads[role] != NULL;
}


static BOOL make_exited_ids(void)
{
    HANDLE thread;
    int i;

    for (i = 0; i < EXITED_COUNT; i++)
    {
        thread = CreateThread(NULL, 0, exit_at_once, NULL, 0, &targets.exited[i]);
        if (!thread) return FALSE;
        WaitForSingleObject(thread, JOIN_TIMEOUT_MS);
        CloseHandle(thread);
    }
    return TRUE;
}


/* Starts the roles in order; a holder must hold its lock before its waiters start. */
static BOOL start_roles(void)
{
    int role;

    for (role = 0; role < ROLE_COUNT; role++)
        if (!create_role((enum role)role)) return FALSE;
    for (role = 0; role < ROLE_COUNT; role++)
    {
        ResumeThread(targets.threads[role]);
        if (role_holds_a_lock((enum role)role) &&
            WaitForSingleObject(targets.ready, JOIN_TIMEOUT_MS) != WAIT_OBJECT_0)
            return FALSE;
    }
    return TRUE;
}


BOOL targets_start(void)
{
    targets.stopping = 0;
    targets.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    targets.ready = CreateEventW(NULL, FALSE, FALSE, NULL);
    targets.mutex = CreateMutexW(NULL, FALSE, NULL);
    if (!targets.stop || !targets.ready || !targets.mutex) return FALSE;
    InitializeCriticalSection(&targets.cs_inner);
    InitializeCriticalSection(&targets.cs_outer);
    return make_exited_ids() && start_roles();
}


BOOL targets_stop(void)
{
    BOOL all_ended = TRUE;
    int role;

    InterlockedExchange(&targets.stopping, 1);
    SetEvent(targets.stop);
    for (role = 0; role < ROLE_COUNT; role++)
    {
        if (!targets.threads[role]) continue;
        if (WaitForSingleObject(targets.threads[role], JOIN_TIMEOUT_MS) != WAIT_OBJECT_0)
            all_ended = FALSE;
    }
    for (role = 0; role < ROLE_COUNT; role++)
    {
        if (targets.threads[role]) CloseHandle(targets.threads[role]);
        targets.threads[role] = NULL;
    }
    if (!all_ended) return FALSE; /* a thread may still use the locks: leave them be */
    DeleteCriticalSection(&targets.cs_inner);
    DeleteCriticalSection(&targets.cs_outer);
    CloseHandle(targets.mutex);
    CloseHandle(targets.ready);
    CloseHandle(targets.stop);
    return TRUE;
}


DWORD targets_random_id(struct prng *prng)
{
    switch (prng_below(prng, 4))
    {
    case 0: return prng_below(prng, 256);
    case 1: return targets.ids[prng_below(prng, ROLE_COUNT)] + 4 * (prng_below(prng, 9) - 4);
    default: return (DWORD)prng_next(prng);
    }
}


struct target targets_pick_live(struct prng *prng)
{
    struct target target;
    enum role role = (enum role)prng_below(prng, ROLE_COUNT);

    target.thread_id = targets.ids[role];
    target.kind = role == ROLE_SPINNER ? TARGET_RUNNING : TARGET_BLOCKED;
    return target;
}


struct target targets_pick(struct prng *prng)
{
    struct target target;
    DWORD dice = prng_below(prng, 100);

    if (dice < 55) return targets_pick_live(prng);
    if (dice < 65)
    {
        target.thread_id = GetCurrentThreadId();
        target.kind = TARGET_SELF;
    }
    else if (dice < 80)
    {
        target.thread_id = targets.exited[prng_below(prng, EXITED_COUNT)];
        target.kind = TARGET_EXITED;
    }
    else
    {
        target.thread_id = targets_random_id(prng);
        target.kind = TARGET_RANDOM;
    }
    return target;
}


const char *target_kind_name(enum target_kind kind)
{
    static const char *const names[TARGET_KIND_COUNT] = {
        "self", "running", "blocked", "exited", "random"
    };

    return kind < TARGET_KIND_COUNT ? names[kind] : "?";
}

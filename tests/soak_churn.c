/*
 * soak_churn.c - short-lived threads in brief waits, created and joined in batches.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * For each batch the churn thread takes the critical section and the mutex, starts 1..8
 * children, publishes their ids, holds the locks for a moment (so the children queue up on
 * them), releases them, pulses the event, and joins every child. Every wait of a child is
 * bounded: WAIT_MS, or the churn's own hold of the critical section (a few ms).
 */

#include "soak_churn.h"

#define MAX_BATCH 8
#define RING_SIZE 64
#define WAIT_MS 20
#define JOIN_TIMEOUT_MS 30000

enum child_kind
{
    CHILD_EVENT,
    CHILD_CS,
    CHILD_MUTEX,
    CHILD_JOIN,
    CHILD_SLEEP,
    CHILD_EXIT,
    CHILD_KIND_COUNT
};

struct child
{
    enum child_kind kind;
    HANDLE sibling; /* CHILD_JOIN: the batch's first child */
    HANDLE thread;
};

static struct
{
    HANDLE thread;
    HANDLE stop;
    HANDLE event; /* manual-reset, pulsed once per batch */
    HANDLE mutex;
    CRITICAL_SECTION cs;
    struct prng prng;
    volatile LONG *progress;
    volatile LONG ring[RING_SIZE];
    volatile LONG ring_next;
    volatile LONG made;
} churn;


static DWORD WINAPI child_proc(void *param)
{
    const struct child *child = param;
    DWORD result;

    switch (child->kind)
    {
    case CHILD_EVENT: WaitForSingleObject(churn.event, WAIT_MS); break;
    case CHILD_CS: /* the churn holds it for at most a few ms */
        EnterCriticalSection(&churn.cs);
        LeaveCriticalSection(&churn.cs);
        break;
    case CHILD_MUTEX:
        result = WaitForSingleObject(churn.mutex, WAIT_MS);
        if (result == WAIT_OBJECT_0 || result == WAIT_ABANDONED) ReleaseMutex(churn.mutex);
        break;
    case CHILD_JOIN: WaitForSingleObject(child->sibling, WAIT_MS); break;
    case CHILD_SLEEP: Sleep(1 + GetCurrentThreadId() % 3); break;
    case CHILD_EXIT:
    case CHILD_KIND_COUNT: break;
    }
    return 0;
}


static void publish(DWORD thread_id)
{
    LONG slot = InterlockedIncrement(&churn.ring_next) % RING_SIZE;

    InterlockedExchange(&churn.ring[slot], (LONG)thread_id);
    InterlockedIncrement(&churn.made);
}


/* Starts the batch's children; returns how many started. */
static DWORD start_children(struct child *children, DWORD count)
{
    DWORD i, started = 0, id;

    for (i = 0; i < count; i++)
    {
        children[i].kind = i ? (enum child_kind)prng_below(&churn.prng, CHILD_KIND_COUNT) : CHILD_EVENT;
        children[i].sibling = i ? children[0].thread : NULL;
        children[i].thread = CreateThread(NULL, 0, child_proc, &children[i], 0, &id);
        if (!children[i].thread) break;
        publish(id);
        started++;
    }
    return started;
}


static void join_children(struct child *children, DWORD count)
{
    DWORD i;

    for (i = 0; i < count; i++)
    {
        WaitForSingleObject(children[i].thread, JOIN_TIMEOUT_MS);
        CloseHandle(children[i].thread);
    }
}


static void run_batch(void)
{
    struct child children[MAX_BATCH];
    DWORD count, owned;

    EnterCriticalSection(&churn.cs);
    owned = WaitForSingleObject(churn.mutex, WAIT_MS);
    count = start_children(children, 1 + prng_below(&churn.prng, MAX_BATCH));
    Sleep(prng_below(&churn.prng, 3));
    if (owned == WAIT_OBJECT_0 || owned == WAIT_ABANDONED) ReleaseMutex(churn.mutex);
    LeaveCriticalSection(&churn.cs);
    SetEvent(churn.event);
    join_children(children, count);
    ResetEvent(churn.event);
}


static DWORD WINAPI churn_proc(void *param)
{
    (void)param;
    while (WaitForSingleObject(churn.stop, 0) == WAIT_TIMEOUT)
    {
        run_batch();
        InterlockedIncrement(churn.progress);
    }
    return 0;
}


BOOL churn_start(UINT64 seed, volatile LONG *progress)
{
    prng_seed(&churn.prng, seed);
    churn.progress = progress;
    churn.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    churn.event = CreateEventW(NULL, TRUE, FALSE, NULL);
    churn.mutex = CreateMutexW(NULL, FALSE, NULL);
    if (!churn.stop || !churn.event || !churn.mutex) return FALSE;
    InitializeCriticalSection(&churn.cs);
    churn.thread = CreateThread(NULL, 0, churn_proc, NULL, 0, NULL);
    return churn.thread != NULL;
}


BOOL churn_stop(void)
{
    BOOL ended;

    SetEvent(churn.stop);
    ended = WaitForSingleObject(churn.thread, JOIN_TIMEOUT_MS) == WAIT_OBJECT_0;
    CloseHandle(churn.thread);
    churn.thread = NULL;
    if (!ended) return FALSE; /* it may still use the objects: leave them be */
    DeleteCriticalSection(&churn.cs);
    CloseHandle(churn.mutex);
    CloseHandle(churn.event);
    CloseHandle(churn.stop);
    return TRUE;
}


DWORD churn_pick(struct prng *prng)
{
    return (DWORD)InterlockedCompareExchange(&churn.ring[prng_below(prng, RING_SIZE)], 0, 0);
}


LONG churn_threads_made(void)
{
    return InterlockedCompareExchange(&churn.made, 0, 0);
}

/*
 * churn_world.h - a waiter whose waited handle values are closed and reused all the time,
 * by the objects it really waits on and by decoys it never waits on.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The waiter waits, again and again, on short-lived "good" objects: threads it joins, or
 * mutexes another thread holds for a moment. Churner threads meanwhile open and close
 * handles to long-lived decoy threads, named decoy mutexes and their own process, so a value
 * the waiter has just closed is taken at once by a decoy (handle tables hand out the lowest
 * free value) and given back soon after. An inspector that resolves the value the waiter
 * waited on after the waiter moved on names a decoy: an edge the waiter never had.
 * tests/test_probe_churn.c inspects the waiter; this file is the world it looks at, run in
 * the test's own process or in a child.
 */

#ifndef WCT_TESTS_CHURN_WORLD_H
#define WCT_TESTS_CHURN_WORLD_H

#include <windows.h>

/* What the waiter waits on. */
enum churn_kind
{
    CHURN_THREADS,                   /* joins good threads (ThreadWait) */
    CHURN_MUTEXES,                   /* waits on good mutexes, named or not (Mutex) */
};

#define CHURN_DECOYS 4               /* long-lived threads the churners open handles to */
#define CHURN_CHURNERS 3             /* threads that open and close decoy handles */
#define CHURN_TIMEOUT 5000           /* bound of every wait of the world's threads */

/* Thread ids covered by the bitmap of good ids (ids are multiples of 4, and small on
 * Wine); larger ones go to the overflow list. */
#define CHURN_TID_LIMIT (1u << 22)
#define CHURN_OVERFLOW 4096

/* Handle values of the last waits, kept for a report. */
#define CHURN_RING 256

/*
 * What the waiter publishes: the ids of every good thread it has joined or is about to join
 * (each id before its join starts), and the handle value of each wait. Written by the waiter
 * only, read by the inspector without a lock; lives in shared memory when the world runs in
 * a child.
 */
struct churn_good
{
    volatile LONG bits[CHURN_TID_LIMIT / 4 / 32];
    volatile LONG overflow_count;
    volatile DWORD overflow[CHURN_OVERFLOW];
    volatile LONG waits;                    /* good waits started */
    volatile ULONG_PTR waited[CHURN_RING];  /* wait n's handle value at [n % CHURN_RING] */
};

struct churn_world
{
    enum churn_kind kind;
    struct churn_good *good;
    volatile LONG stop;
    volatile LONG waiter_done;       /* the waiter has been joined */
    volatile LONG iterations;        /* waits the waiter finished */
    volatile LONG errors;            /* a wait that timed out, a failed creation... */
    volatile LONG churns;            /* churner rounds */
    volatile LONG serial;            /* the waiter's mutex names */
    volatile LONG decoy_serial;      /* the churners' */
    HANDLE decoy_wake;               /* the decoys wait on it until the world stops */
    HANDLE decoy[CHURN_DECOYS];
    DWORD decoy_tid[CHURN_DECOYS];
    HANDLE churner[CHURN_CHURNERS];
    HANDLE waiter;
    DWORD waiter_tid;
    /* CHURN_MUTEXES: the thread that holds each good mutex for a moment */
    HANDLE holder;
    DWORD holder_tid;
    HANDLE take, taken;              /* auto-reset: "hold this one", "held" */
    HANDLE volatile handoff;         /* the mutex to hold */
};

/* Starts the decoys, the churners, the holder (mutexes) and the waiter; good is zeroed
 * first. FALSE if a thread cannot be started (what was started is stopped). */
BOOL churn_start(struct churn_world *world, enum churn_kind kind, struct churn_good *good);

/* Stops and joins every thread of the world (bounded); FALSE if one did not finish. */
BOOL churn_stop(struct churn_world *world);

/* Whether tid is a good thread's id. */
BOOL churn_good_has(const struct churn_good *good, DWORD tid);

/* The prefix of the good mutexes' names in process pid (L"wct-churn-good-<pid>-"), and of
 * the decoys' (L"wct-churn-decoy-<pid>-"). */
void churn_good_prefix(WCHAR *prefix, size_t size, DWORD pid);
void churn_decoy_prefix(WCHAR *prefix, size_t size, DWORD pid);

#endif /* WCT_TESTS_CHURN_WORLD_H */

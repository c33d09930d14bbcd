/*
 * worker_pool.h - the threads that run asynchronous GetThreadWaitChain requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One pool for the whole process, shared by every asynchronous session. Each session owns a
 * struct pool_queue; its items run one at a time, in the order they were submitted, and the
 * pool takes turns between the queues that have work (round-robin), so no session starves
 * another. The pool starts its threads when work arrives and they retire when idle.
 *
 * Size: at most worker_pool_max_threads() threads. The default is the environment variable
 * WCT_POOL_THREADS (1..POOL_THREAD_LIMIT) when it is set as the pool first starts, else
 * twice the number of processors, clamped to 2..16. worker_pool_set_max_threads() changes
 * it at any time (the benchmark measures 1 and 4 threads that way).
 */

#ifndef WCT_WORKER_POOL_H
#define WCT_WORKER_POOL_H

#include "wct_private.h"

/* The largest pool size accepted from WCT_POOL_THREADS or worker_pool_set_max_threads(). */
#define POOL_THREAD_LIMIT 64

/* How many threads blocked in user callbacks the pool adds beyond its size, at most. */
#define POOL_CALLBACK_EXTRA 32

/* How long work must wait behind callbacks before a standby thread joins (milliseconds). */
#define POOL_STANDBY_DELAY 50

/* How long a thread waits for work before it retires, unless changed (milliseconds). */
#define POOL_IDLE_TIMEOUT_DEFAULT 2000

struct pool_item;

/*
 * run: does the item's work when status is ERROR_SUCCESS, or reports that it was cancelled
 *      (status ERROR_CANCELLED; the item never started). Called once, with no lock held, on
 *      a pool thread, or for a cancelled item on the thread that closes the queue.
 * release: called once after run, when the pool no longer touches the item or its queue;
 *      it may free both (e.g. drop the session reference the item holds).
 */
typedef void (*pool_run_fn)(struct pool_item *item, DWORD status);
typedef void (*pool_release_fn)(struct pool_item *item);

/* Where an item is in its life; changes are commented where they happen. */
enum pool_item_state
{
    POOL_ITEM_NEW,      /* not submitted yet */
    POOL_ITEM_QUEUED,   /* on its queue, not started: close cancels it */
    POOL_ITEM_RUNNING,  /* taken by a worker: close waits for it */
    POOL_ITEM_CANCELLED /* taken off its queue by close: run gets ERROR_CANCELLED */
};

/* Embed in the structure that describes the work (see container_of use in session_ops.c). */
struct pool_item
{
    /* read-only, set by the submitter */
    pool_run_fn run;
    pool_release_fn release;
    /* locked via pool_lock */
    struct pool_item *next;
    enum pool_item_state state;
    BOOL in_callback;                      /* between callback_begins and callback_ends */
};

/* One session's queue. Embed it in the session; worker_pool_queue_init() before use. */
struct pool_queue
{
    /* locked via pool_lock */
    struct pool_item *head, *tail;         /* submitted, not started, oldest first */
    DWORD running_thread;                  /* the worker running this queue's item, or 0 */
    BOOL closed;                           /* worker_pool_close_queue() began: no more items */
    BOOL in_ring;                          /* waiting for its turn on a worker */
    struct pool_queue *ring_prev, *ring_next;
    CONDITION_VARIABLE item_finished;      /* woken when closed and its running item ends */
};

void worker_pool_queue_init(struct pool_queue *queue);

/*
 * Queues item at the tail of queue and makes sure a worker will run it.
 * Returns ERROR_SUCCESS (run and then release will be called exactly once),
 * ERROR_INVALID_HANDLE (the queue is closed) or the error of starting the first worker;
 * on failure the item is not queued and neither function is called.
 */
DWORD worker_pool_submit(struct pool_queue *queue, struct pool_item *item);

/*
 * Closes queue: no item can be submitted any more; items not started are cancelled (their
 * run gets ERROR_CANCELLED on the calling thread, before this returns); then it waits until
 * the item that is running, if any, has finished, unless the caller is that item's own
 * worker (a close from inside a callback) or that worker itself waits, in a close, for the
 * caller (two callbacks closing each other's sessions: the later close does not wait).
 * Otherwise, afterwards no item of queue runs.
 */
void worker_pool_close_queue(struct pool_queue *queue);

/*
 * Around a user callback run by item on a pool thread: a thread inside a callback does not
 * count against the pool's size (up to POOL_CALLBACK_EXTRA of them), and if work waits with
 * no free worker, begins starts another thread. No-ops for an item that is not running on
 * a worker (a cancelled item reported by Close).
 */
void worker_pool_callback_begins(struct pool_item *item);
void worker_pool_callback_ends(struct pool_item *item);

/* Sets the largest number of threads (1..POOL_THREAD_LIMIT; 0 restores the default).
 * Threads above a lowered limit retire when they finish their current item. */
void worker_pool_set_max_threads(LONG max_threads);
LONG worker_pool_max_threads(void);

/* Tests: how long an idle thread waits before it retires (0 restores the default). */
void worker_pool_set_idle_timeout(DWORD milliseconds);

/* How many threads the pool has now (starting, idle or busy). */
LONG worker_pool_thread_count(void);

#endif /* WCT_WORKER_POOL_H */

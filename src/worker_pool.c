/*
 * worker_pool.c - the threads that run asynchronous GetThreadWaitChain requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why a pool of our own and not the Windows thread-pool API (TrySubmitThreadpoolCallback,
 * TP_WORK): Close must cancel exactly one session's queued requests and wait for exactly that
 * session's running callback, requests of one session must run in order, and sessions must
 * take turns. With TP_WORK we would still need these per-session queues and counters on
 * top, and the pool could not tell a callback that blocks from a walk. Owning the threads
 * is less code and keeps Close exact.
 *
 * Callbacks are user code and may block. A thread inside one does not count against the
 * pool's size (up to POOL_CALLBACK_EXTRA such threads), so other sessions are still served:
 * when work waits while every worker is in a callback, a standby thread is started; it waits
 * POOL_STANDBY_DELAY and joins the pool only if that is still so (a callback that returns
 * at once never makes the pool grow, and at most one thread is started per delay). Threads
 * above the size retire once the callbacks have returned and they find no work.
 *
 * Starting a thread takes no reference to the module: wct.dll pins itself when it loads
 * (dllmain.c), so starting one never takes the loader lock in the submitting thread. A new
 * thread itself waits for the loader lock before it runs a single instruction of ours (the
 * loader attaches it), so while another thread holds that lock only workers that already
 * run can serve requests; the submitter is never held up.
 *
 * Locking:
 * - pool_lock (an SRW lock) guards every field of `pool` and of every struct pool_queue and
 *   struct pool_item marked "locked via pool_lock".
 * - Lock order: session_table.c's table_lock before pool_lock, never the reverse. No code
 *   path holds both today; keep it that way.
 * - No lock is held while an item runs (user callbacks), while a thread is created, or
 *   while an item is released. A worker sleeps on pool.work_ready and a closer on
 *   queue->item_finished, both with pool_lock.
 */

#include <stdlib.h>

#include "worker_pool.h"

/* All pool state; locked via pool_lock unless marked otherwise. */
static struct
{
    struct pool_queue *ring_head, *ring_tail; /* queues with work, waiting for a worker */
    LONG ring_length;
    LONG num_threads;                         /* starting, idle or busy */
    LONG num_starting;                        /* reserved, not known to be running yet */
    LONG num_idle;                            /* sleeping on work_ready */
    LONG max_threads;
    DWORD idle_timeout;                       /* milliseconds */
    LONG num_in_callback;                     /* running a user callback */
    BOOL standby;                             /* a standby thread is on its way */
    struct close_wait *close_waits;           /* threads waiting in close_queue */
    CONDITION_VARIABLE work_ready;
} pool;

/* A thread waiting in worker_pool_close_queue for another (on the waiter's stack, linked into
 * pool.close_waits while it waits; locked via pool_lock). */
struct close_wait
{
    DWORD thread;
    DWORD waits_for;
    struct close_wait *next;
};

static SRWLOCK pool_lock = SRWLOCK_INIT;
static INIT_ONCE pool_once = INIT_ONCE_STATIC_INIT;

static DWORD WINAPI worker_proc(void *unused);

/***********************************************************************
 *           Settings
 */

/* WCT_POOL_THREADS if set and valid, else 2 threads per processor, 2..16. */
static LONG default_max_threads(void)
{
    char value[16], *end;
    DWORD length = GetEnvironmentVariableA("WCT_POOL_THREADS", value, sizeof(value));
    SYSTEM_INFO info;
    LONG count;

    if (length > 0 && length < sizeof(value))
    {
        count = strtol(value, &end, 10);
        if (!*end && count >= 1 && count <= POOL_THREAD_LIMIT) return count;
    }
    GetSystemInfo(&info);
    count = 2 * (LONG)info.dwNumberOfProcessors;
    return count < 2 ? 2 : count > 16 ? 16 : count;
}

/* Lazy start (InitOnceExecuteOnce): the settings are read when the pool is first used. */
static BOOL CALLBACK pool_init_once(INIT_ONCE *once, void *param, void **context)
{
    (void)once; (void)param; (void)context;
    AcquireSRWLockExclusive(&pool_lock);
    if (!pool.max_threads) pool.max_threads = default_max_threads();
    if (!pool.idle_timeout) pool.idle_timeout = POOL_IDLE_TIMEOUT_DEFAULT;
    ReleaseSRWLockExclusive(&pool_lock);
    return TRUE;
}

static void pool_init(void)
{
    InitOnceExecuteOnce(&pool_once, pool_init_once, NULL, NULL);
}

void worker_pool_set_max_threads(LONG max_threads)
{
    if (max_threads > POOL_THREAD_LIMIT) max_threads = POOL_THREAD_LIMIT;
    pool_init();
    AcquireSRWLockExclusive(&pool_lock);
    pool.max_threads = max_threads > 0 ? max_threads : default_max_threads();
    WakeAllConditionVariable(&pool.work_ready); /* idle threads above the limit retire */
    ReleaseSRWLockExclusive(&pool_lock);
}

LONG worker_pool_max_threads(void)
{
    LONG max_threads;

    pool_init();
    AcquireSRWLockShared(&pool_lock);
    max_threads = pool.max_threads;
    ReleaseSRWLockShared(&pool_lock);
    return max_threads;
}

void worker_pool_set_idle_timeout(DWORD milliseconds)
{
    pool_init();
    AcquireSRWLockExclusive(&pool_lock);
    pool.idle_timeout = milliseconds ? milliseconds : POOL_IDLE_TIMEOUT_DEFAULT;
    WakeAllConditionVariable(&pool.work_ready); /* sleepers pick up the new timeout */
    ReleaseSRWLockExclusive(&pool_lock);
}

/* How many threads the pool may have now: its size, plus one for each thread blocked in a
 * user callback, up to POOL_CALLBACK_EXTRA more (locked via pool_lock). */
static LONG pool_limit(void)
{
    LONG extra = pool.num_in_callback < POOL_CALLBACK_EXTRA ? pool.num_in_callback
                                                            : POOL_CALLBACK_EXTRA;
    return pool.max_threads + extra;
}

LONG worker_pool_thread_count(void)
{
    LONG count;

    AcquireSRWLockShared(&pool_lock);
    count = pool.num_threads;
    ReleaseSRWLockShared(&pool_lock);
    return count;
}

/***********************************************************************
 *           The ring of queues waiting for a worker (all locked via pool_lock)
 */

static void ring_push(struct pool_queue *queue)
{
    queue->in_ring = TRUE;
    queue->ring_next = NULL;
    queue->ring_prev = pool.ring_tail;
    if (pool.ring_tail) pool.ring_tail->ring_next = queue;
    else pool.ring_head = queue;
    pool.ring_tail = queue;
    pool.ring_length++;
}

static void ring_remove(struct pool_queue *queue)
{
    if (!queue->in_ring) return;
    if (queue->ring_prev) queue->ring_prev->ring_next = queue->ring_next;
    else pool.ring_head = queue->ring_next;
    if (queue->ring_next) queue->ring_next->ring_prev = queue->ring_prev;
    else pool.ring_tail = queue->ring_prev;
    queue->ring_prev = queue->ring_next = NULL;
    queue->in_ring = FALSE;
    pool.ring_length--;
}

static struct pool_queue *ring_pop(void)
{
    struct pool_queue *queue = pool.ring_head;

    if (queue) ring_remove(queue);
    return queue;
}

/* Takes the oldest item off queue (which has one). */
static struct pool_item *queue_pop(struct pool_queue *queue)
{
    struct pool_item *item = queue->head;

    queue->head = item->next;
    if (!queue->head) queue->tail = NULL;
    item->next = NULL;
    return item;
}

/* Takes item off queue if it is still there; TRUE when it was. */
static BOOL queue_unlink(struct pool_queue *queue, struct pool_item *item)
{
    struct pool_item **link, *previous = NULL;

    for (link = &queue->head; *link; previous = *link, link = &(*link)->next)
    {
        if (*link != item) continue;
        *link = item->next;
        if (queue->tail == item) queue->tail = previous;
        item->next = NULL;
        return TRUE;
    }
    return FALSE;
}

/***********************************************************************
 *           Threads
 */

/*
 * Starts one worker; the caller has already counted it in pool.num_threads. Called with no
 * lock held.
 */
static DWORD start_thread(void)
{
    HANDLE thread;
    DWORD thread_id, error;

    thread = CreateThread(NULL, 0, worker_proc, NULL, 0, &thread_id);
    if (!thread)
    {
        error = GetLastError();
        return error ? error : ERROR_NOT_ENOUGH_MEMORY;
    }
    AcquireSRWLockExclusive(&pool_lock);
    pool.num_starting--;
    ReleaseSRWLockExclusive(&pool_lock);
    CloseHandle(thread);
    return ERROR_SUCCESS;
}

/*
 * Runs the oldest item of queue, which a worker has just taken off the ring.
 * Entered and left with pool_lock held; releases it around run and release.
 */
static void run_one_item(struct pool_queue *queue)
{
    struct pool_item *item = queue_pop(queue);

    item->state = POOL_ITEM_RUNNING; /* close_queue now waits for it instead of cancelling */
    queue->running_thread = GetCurrentThreadId();
    ReleaseSRWLockExclusive(&pool_lock);

    item->run(item, ERROR_SUCCESS);

    AcquireSRWLockExclusive(&pool_lock);
    queue->running_thread = 0; /* the item's callback has returned */
    if (queue->closed) WakeAllConditionVariable(&queue->item_finished);
    else if (queue->head) ring_push(queue); /* its next item waits for its next turn */
    ReleaseSRWLockExclusive(&pool_lock);

    item->release(item); /* may free queue */
    AcquireSRWLockExclusive(&pool_lock);
}

/* Sleeps until there is work; FALSE when the thread should retire (locked via pool_lock). */
static BOOL wait_for_work(void)
{
    BOOL woken;

    pool.num_idle++;
    woken = SleepConditionVariableSRW(&pool.work_ready, &pool_lock, pool.idle_timeout, 0);
    pool.num_idle--;
    return woken || pool.ring_head;
}

/* A worker's life, entered and left with pool_lock held: runs items while the pool is within
 * its limit, and retires when it is above it or idle too long. */
static void serve(void)
{
    struct pool_queue *queue;

    while (pool.num_threads <= pool_limit())
    {
        if ((queue = ring_pop())) run_one_item(queue);
        else if (!wait_for_work()) break;
    }
    pool.num_threads--;
    /* Leaving above a lowered limit: the queue this thread pushed back needs a worker. */
    if (pool.ring_head) WakeConditionVariable(&pool.work_ready);
}

static DWORD WINAPI worker_proc(void *unused)
{
    (void)unused;
    AcquireSRWLockExclusive(&pool_lock);
    serve();
    ReleaseSRWLockExclusive(&pool_lock);
    return 0;
}

/* TRUE when work waits and every thread is inside a callback, with room to grow (locked via
 * pool_lock). */
static BOOL blocked_by_callbacks(void)
{
    return pool.ring_head && !pool.num_idle && !pool.num_starting
           && pool.num_in_callback >= pool.num_threads && pool.num_threads < pool_limit();
}

static DWORD WINAPI standby_proc(void *unused)
{
    BOOL join;

    (void)unused;
    Sleep(POOL_STANDBY_DELAY);
    AcquireSRWLockExclusive(&pool_lock);
    pool.standby = FALSE;
    if ((join = blocked_by_callbacks())) pool.num_threads++;
    if (join) serve();
    ReleaseSRWLockExclusive(&pool_lock);
    return 0;
}

/* Reserves the standby thread when blocked_by_callbacks() and none is on its way; TRUE when
 * the caller must start it with start_standby (locked via pool_lock). */
static BOOL reserve_standby(void)
{
    if (pool.standby || !blocked_by_callbacks()) return FALSE;
    pool.standby = TRUE;
    return TRUE;
}

static void start_standby(void)
{
    HANDLE thread = CreateThread(NULL, 0, standby_proc, NULL, 0, NULL);

    if (thread)
    {
        CloseHandle(thread);
        return;
    }
    AcquireSRWLockExclusive(&pool_lock);
    pool.standby = FALSE;
    ReleaseSRWLockExclusive(&pool_lock);
}

void worker_pool_callback_begins(struct pool_item *item)
{
    BOOL start;

    AcquireSRWLockExclusive(&pool_lock);
    item->in_callback = item->state == POOL_ITEM_RUNNING; /* cancelled items run elsewhere */
    if (item->in_callback) pool.num_in_callback++;
    start = item->in_callback && reserve_standby();
    ReleaseSRWLockExclusive(&pool_lock);
    if (start) start_standby();
}

void worker_pool_callback_ends(struct pool_item *item)
{
    AcquireSRWLockExclusive(&pool_lock);
    if (item->in_callback) pool.num_in_callback--;
    item->in_callback = FALSE;
    ReleaseSRWLockExclusive(&pool_lock);
}

/***********************************************************************
 *           Queues
 */

void worker_pool_queue_init(struct pool_queue *queue)
{
    ZeroMemory(queue, sizeof(*queue));
    InitializeConditionVariable(&queue->item_finished);
}

/* Wakes an idle worker, or reserves a new one when more queues wait than workers are idle
 * or starting. TRUE when the caller must start that thread (locked via pool_lock). */
static BOOL wake_or_reserve_worker(void)
{
    BOOL start = pool.ring_length > pool.num_idle + pool.num_starting
                 && pool.num_threads < pool.max_threads;

    if (start)
    {
        pool.num_threads++;
        pool.num_starting++;
    }
    if (pool.num_idle) WakeConditionVariable(&pool.work_ready);
    return start;
}

/*
 * Starting a reserved worker failed: gives the reservation back, and takes item back if no
 * running worker will get to it. Returns the error for the submitter, or ERROR_SUCCESS if
 * the item stays accepted (a running worker, or a close that already cancelled it, reports
 * it). Left as it is: when every thread start fails, an item accepted earlier waits for the
 * next submission that starts a thread, or for Close, which cancels it.
 */
static DWORD undo_reserved_worker(struct pool_queue *queue, struct pool_item *item, DWORD error)
{
    AcquireSRWLockExclusive(&pool_lock);
    pool.num_threads--;
    pool.num_starting--;
    if (pool.num_threads > pool.num_starting || item->state != POOL_ITEM_QUEUED)
        error = ERROR_SUCCESS;
    else
    {
        queue_unlink(queue, item);
        item->state = POOL_ITEM_NEW; /* refused: neither run nor release will be called */
        if (!queue->head) ring_remove(queue);
    }
    ReleaseSRWLockExclusive(&pool_lock);
    return error;
}

DWORD worker_pool_submit(struct pool_queue *queue, struct pool_item *item)
{
    BOOL start, standby = FALSE;
    DWORD error;

    pool_init();
    AcquireSRWLockExclusive(&pool_lock);
    if (queue->closed)
    {
        ReleaseSRWLockExclusive(&pool_lock);
        return ERROR_INVALID_HANDLE;
    }
    item->next = NULL;
    item->state = POOL_ITEM_QUEUED; /* accepted; close_queue may cancel it from now on */
    if (queue->tail) queue->tail->next = item;
    else queue->head = item;
    queue->tail = item;
    start = FALSE;
    if (!queue->in_ring && !queue->running_thread)
    {
        ring_push(queue); /* its turn comes; a running queue is pushed back by its worker */
        start = wake_or_reserve_worker();
        standby = !start && reserve_standby();
    }
    ReleaseSRWLockExclusive(&pool_lock);

    if (standby) start_standby();
    if (!start || !(error = start_thread())) return ERROR_SUCCESS;
    return undo_reserved_worker(queue, item, error);
}

/* Takes every item that has not started off queue, oldest first (locked via pool_lock). */
static struct pool_item *take_pending_items(struct pool_queue *queue)
{
    struct pool_item *items = queue->head, *item;

    for (item = items; item; item = item->next)
        item->state = POOL_ITEM_CANCELLED; /* will never run; reported as cancelled below */
    queue->head = queue->tail = NULL;
    ring_remove(queue);
    return items;
}

static void report_cancelled(struct pool_item *items)
{
    struct pool_item *item, *next;

    for (item = items; item; item = next)
    {
        next = item->next;
        item->run(item, ERROR_CANCELLED);
        item->release(item);
    }
}

/* TRUE when waiting for thread would close a circle: thread waits, in a close of its own,
 * for self (directly or through other closers), as two callbacks that close each other's
 * sessions do (locked via pool_lock). */
static BOOL close_wait_is_circular(DWORD thread, DWORD self)
{
    const struct close_wait *wait;
    int hops;

    for (hops = 0; hops < 256 && thread; hops++)
    {
        if (thread == self) return TRUE;
        for (wait = pool.close_waits; wait && wait->thread != thread; wait = wait->next) {}
        thread = wait ? wait->waits_for : 0;
    }
    return FALSE;
}

static void close_wait_unlink(struct close_wait *mine)
{
    struct close_wait **link;

    for (link = &pool.close_waits; *link; link = &(*link)->next)
        if (*link == mine)
        {
            *link = mine->next;
            return;
        }
}

void worker_pool_close_queue(struct pool_queue *queue)
{
    struct pool_item *cancelled;
    struct close_wait mine = { GetCurrentThreadId(), 0, NULL };

    pool_init();
    AcquireSRWLockExclusive(&pool_lock);
    queue->closed = TRUE; /* worker_pool_submit refuses new items from now on */
    cancelled = take_pending_items(queue);
    ReleaseSRWLockExclusive(&pool_lock);

    report_cancelled(cancelled);

    /* Wait for the running item, unless this is its own worker (a close from its callback)
     * or its worker waits, in a close, for this thread: then neither would ever return. */
    AcquireSRWLockExclusive(&pool_lock);
    mine.next = pool.close_waits;
    pool.close_waits = &mine;
    while (queue->running_thread && !close_wait_is_circular(queue->running_thread, mine.thread))
    {
        mine.waits_for = queue->running_thread;
        SleepConditionVariableSRW(&queue->item_finished, &pool_lock, INFINITE, 0);
    }
    close_wait_unlink(&mine);
    ReleaseSRWLockExclusive(&pool_lock);
}

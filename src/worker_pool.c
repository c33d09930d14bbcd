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
 * top, plus a way to learn the pool's thread ids (worker_pool_owns_thread()). Owning the
 * threads is less code and keeps Close exact.
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
    DWORD thread_ids[POOL_THREAD_LIMIT];      /* 0 = free entry */
    CONDITION_VARIABLE work_ready;
} pool;

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

/* Records thread_id as a pool thread (locked via pool_lock). */
static void register_thread(DWORD thread_id)
{
    int i;

    for (i = 0; i < POOL_THREAD_LIMIT; i++)
    {
        if (pool.thread_ids[i]) continue;
        pool.thread_ids[i] = thread_id;
        return;
    }
}

static void unregister_thread(DWORD thread_id)
{
    int i;

    for (i = 0; i < POOL_THREAD_LIMIT; i++)
        if (pool.thread_ids[i] == thread_id) pool.thread_ids[i] = 0;
}

BOOL worker_pool_owns_thread(DWORD thread_id)
{
    BOOL owned = FALSE;
    int i;

    if (!thread_id) return FALSE;
    AcquireSRWLockShared(&pool_lock);
    for (i = 0; i < POOL_THREAD_LIMIT && !owned; i++)
        owned = pool.thread_ids[i] == thread_id;
    ReleaseSRWLockShared(&pool_lock);
    return owned;
}

/*
 * Starts one worker; the caller has already counted it in pool.num_threads. Called with no
 * lock held.
 */
static DWORD start_thread(void)
{
    HANDLE thread;
    DWORD thread_id, error;

    thread = CreateThread(NULL, 0, worker_proc, NULL, CREATE_SUSPENDED, &thread_id);
    if (!thread)
    {
        error = GetLastError();
        return error ? error : ERROR_NOT_ENOUGH_MEMORY;
    }
    /* Known as a pool thread before it runs a single instruction. */
    AcquireSRWLockExclusive(&pool_lock);
    register_thread(thread_id);
    pool.num_starting--;
    ReleaseSRWLockExclusive(&pool_lock);
    ResumeThread(thread);
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

static DWORD WINAPI worker_proc(void *unused)
{
    struct pool_queue *queue;

    (void)unused;
    AcquireSRWLockExclusive(&pool_lock);
    /* pool_lock is held at the top of every iteration. */
    while (pool.num_threads <= pool.max_threads)
    {
        if ((queue = ring_pop())) run_one_item(queue);
        else if (!wait_for_work()) break;
    }
    pool.num_threads--;
    unregister_thread(GetCurrentThreadId());
    /* Leaving above a lowered limit: the queue this thread pushed back needs a worker. */
    if (pool.ring_head) WakeConditionVariable(&pool.work_ready);
    ReleaseSRWLockExclusive(&pool_lock);
    return 0;
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
    BOOL start;
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
    }
    ReleaseSRWLockExclusive(&pool_lock);

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

void worker_pool_close_queue(struct pool_queue *queue)
{
    struct pool_item *cancelled;
    DWORD self = GetCurrentThreadId();

    pool_init();
    AcquireSRWLockExclusive(&pool_lock);
    queue->closed = TRUE; /* worker_pool_submit refuses new items from now on */
    cancelled = take_pending_items(queue);
    ReleaseSRWLockExclusive(&pool_lock);

    report_cancelled(cancelled);

    AcquireSRWLockExclusive(&pool_lock);
    while (queue->running_thread && queue->running_thread != self)
        SleepConditionVariableSRW(&queue->item_finished, &pool_lock, INFINITE, 0);
    ReleaseSRWLockExclusive(&pool_lock);
}

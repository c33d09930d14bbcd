/*
 * test_worker_pool.c - the worker pool (worker_pool.c) on its own, linked from wct_core:
 * lazy start, order, turns between queues, bound, idle retirement, exact close.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "session_test_util.h"

#include "worker_pool.h"

#define MAX_ENTRIES 256

/* What the items record, on whatever thread runs them; the test thread asserts. */
struct journal
{
    volatile LONG count;              /* runs so far */
    int ids[MAX_ENTRIES];             /* in the order the runs began */
    DWORD statuses[MAX_ENTRIES];
    DWORD threads[MAX_ENTRIES];
    volatile LONG running, most_running;
    volatile LONG released;
    LONG expected;                    /* releases after which all_done is set */
    HANDLE all_done;
};

struct test_item
{
    struct pool_item item;            /* first */
    struct journal *journal;
    int id;
    HANDLE started;                   /* optional: set when run begins */
    HANDLE proceed;                   /* optional: run waits for it (bounded) */
    struct pool_queue *close_inside;  /* optional: run closes this queue */
    BOOL as_callback;                 /* the wait on proceed is a user callback's */
    volatile LONG finished;           /* run has returned */
};

static struct journal journal;

static void journal_reset(LONG expected)
{
    HANDLE all_done = journal.all_done;

    memset(&journal, 0, sizeof(journal));
    journal.all_done = all_done;
    journal.expected = expected;
    ResetEvent(all_done);
}

static void note_running(struct journal *log, LONG delta)
{
    LONG now = InterlockedAdd(&log->running, delta), most = log->most_running;

    while (now > most && InterlockedCompareExchange(&log->most_running, now, most) != most)
        most = log->most_running;
}

static void test_item_run(struct pool_item *pool_item, DWORD status)
{
    struct test_item *item = (struct test_item *)pool_item;
    struct journal *log = item->journal;
    LONG entry = InterlockedIncrement(&log->count) - 1;

    note_running(log, 1);
    if (entry < MAX_ENTRIES)
    {
        log->ids[entry] = item->id;
        log->statuses[entry] = status;
        log->threads[entry] = GetCurrentThreadId();
    }
    if (item->as_callback) worker_pool_callback_begins(&item->item);
    if (item->started) SetEvent(item->started);
    if (item->proceed) WaitForSingleObject(item->proceed, TEST_TIMEOUT);
    if (item->as_callback) worker_pool_callback_ends(&item->item);
    if (item->close_inside) worker_pool_close_queue(item->close_inside);
    note_running(log, -1);
    InterlockedExchange(&item->finished, 1);
}

static void test_item_release(struct pool_item *pool_item)
{
    struct test_item *item = (struct test_item *)pool_item;

    if (InterlockedIncrement(&item->journal->released) == item->journal->expected)
        SetEvent(item->journal->all_done);
}

static void item_init(struct test_item *item, int id)
{
    memset(item, 0, sizeof(*item));
    item->item.run = test_item_run;
    item->item.release = test_item_release;
    item->journal = &journal;
    item->id = id;
}

static void submit(struct pool_queue *queue, struct test_item *item)
{
    assert_int_equal(worker_pool_submit(queue, &item->item), ERROR_SUCCESS);
}

/* A queue whose item holds one worker busy until blocker_release(). */
struct blocker
{
    struct pool_queue queue;
    struct test_item item;
};

static void blocker_start(struct blocker *blocker, int id)
{
    worker_pool_queue_init(&blocker->queue);
    item_init(&blocker->item, id);
    blocker->item.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    blocker->item.proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    submit(&blocker->queue, &blocker->item);
    test_wait(blocker->item.started);
}

static void blocker_release(struct blocker *blocker)
{
    SetEvent(blocker->item.proceed);
    worker_pool_close_queue(&blocker->queue);
    assert_int_equal(blocker->item.finished, 1);
    CloseHandle(blocker->item.started);
    CloseHandle(blocker->item.proceed);
}

/* Polls (bounded) until the pool has at most count threads. */
static BOOL wait_for_thread_count_at_most(LONG count)
{
    DWORD start = GetTickCount();

    while (worker_pool_thread_count() > count)
    {
        if (GetTickCount() - start > TEST_TIMEOUT) return FALSE;
        Sleep(10);
    }
    return TRUE;
}

static int setup(void **state)
{
    (void)state;
    worker_pool_set_max_threads(0);
    worker_pool_set_idle_timeout(0);
    journal_reset(-1);
    return 0;
}

static int group_setup(void **state)
{
    (void)state;
    journal.all_done = CreateEventW(NULL, TRUE, FALSE, NULL);
    return journal.all_done ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    CloseHandle(journal.all_done);
    return 0;
}

static void test_pool_starts_lazily_on_first_item(void **state)
{
    struct pool_queue queue;
    struct test_item item;

    (void)state;
    assert_int_equal(worker_pool_thread_count(), 0); /* runs first: nothing submitted yet */
    worker_pool_queue_init(&queue);
    journal_reset(1);
    item_init(&item, 1);
    submit(&queue, &item);
    test_wait(journal.all_done);
    assert_int_equal(journal.count, 1);
    assert_int_equal(journal.statuses[0], ERROR_SUCCESS);
    assert_int_not_equal(journal.threads[0], GetCurrentThreadId());
    worker_pool_close_queue(&queue);
}

static void test_pool_default_size_is_bounded(void **state)
{
    LONG max_threads = worker_pool_max_threads();

    (void)state;
    assert_true(max_threads >= 1 && max_threads <= POOL_THREAD_LIMIT);
    worker_pool_set_max_threads(3);
    assert_int_equal(worker_pool_max_threads(), 3);
    worker_pool_set_max_threads(POOL_THREAD_LIMIT + 100);
    assert_int_equal(worker_pool_max_threads(), POOL_THREAD_LIMIT);
}

static void test_pool_runs_one_queue_in_fifo_order(void **state)
{
    enum { COUNT = 100 };
    static struct test_item items[COUNT];
    struct pool_queue queue;
    int i;

    (void)state;
    worker_pool_queue_init(&queue);
    journal_reset(COUNT);
    for (i = 0; i < COUNT; i++)
    {
        item_init(&items[i], i);
        submit(&queue, &items[i]);
    }
    test_wait(journal.all_done);
    assert_int_equal(journal.count, COUNT);
    assert_int_equal(journal.most_running, 1); /* one queue: one item at a time */
    for (i = 0; i < COUNT; i++) assert_int_equal(journal.ids[i], i);
    worker_pool_close_queue(&queue);
}

static void test_pool_queues_take_turns(void **state)
{
    static struct test_item a[3], b[3];
    struct pool_queue queue_a, queue_b;
    struct blocker blocker;
    static const int expected[] = { 0, 10, 20, 11, 21, 12, 22 };
    int i;

    (void)state;
    worker_pool_set_max_threads(1);
    worker_pool_queue_init(&queue_a);
    worker_pool_queue_init(&queue_b);
    journal_reset(7);
    blocker_start(&blocker, 0); /* the only worker is busy: both queues fill up */
    for (i = 0; i < 3; i++) item_init(&a[i], 10 + i), submit(&queue_a, &a[i]);
    for (i = 0; i < 3; i++) item_init(&b[i], 20 + i), submit(&queue_b, &b[i]);
    blocker_release(&blocker);
    test_wait(journal.all_done);
    assert_int_equal(journal.count, 7);
    for (i = 0; i < 7; i++) assert_int_equal(journal.ids[i], expected[i]);
    worker_pool_close_queue(&queue_a);
    worker_pool_close_queue(&queue_b);
}

static void test_pool_never_exceeds_its_size(void **state)
{
    enum { QUEUES = 6 };
    static struct test_item items[QUEUES];
    static struct pool_queue queues[QUEUES];
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE started[QUEUES];
    int i;

    (void)state;
    worker_pool_set_max_threads(2);
    journal_reset(QUEUES);
    for (i = 0; i < QUEUES; i++)
    {
        worker_pool_queue_init(&queues[i]);
        item_init(&items[i], i);
        items[i].started = started[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        items[i].proceed = proceed;
        submit(&queues[i], &items[i]);
    }
    test_wait(started[0]);
    test_wait(started[1]);
    /* Two workers are held; the third item must not start while they are. */
    assert_int_equal(WaitForSingleObject(started[2], 300), WAIT_TIMEOUT);
    assert_true(worker_pool_thread_count() <= 2);
    SetEvent(proceed);
    test_wait(journal.all_done);
    assert_int_equal(journal.count, QUEUES);
    assert_int_equal(journal.most_running, 2);
    for (i = 0; i < QUEUES; i++)
    {
        worker_pool_close_queue(&queues[i]);
        CloseHandle(started[i]);
    }
    CloseHandle(proceed);
}

static void test_pool_idle_threads_retire_and_come_back(void **state)
{
    struct pool_queue queue;
    struct test_item item;

    (void)state;
    worker_pool_set_idle_timeout(50);
    worker_pool_queue_init(&queue);
    journal_reset(1);
    item_init(&item, 1);
    submit(&queue, &item);
    test_wait(journal.all_done);
    assert_true(wait_for_thread_count_at_most(0));
    journal_reset(1);
    item_init(&item, 2);
    submit(&queue, &item); /* starts a thread again */
    test_wait(journal.all_done);
    assert_int_equal(journal.ids[0], 2);
    worker_pool_close_queue(&queue);
}

static void test_pool_close_cancels_queued_items_on_closing_thread(void **state)
{
    enum { COUNT = 10 };
    static struct test_item items[COUNT];
    struct pool_queue queue;
    struct blocker blocker;
    int i;

    (void)state;
    worker_pool_set_max_threads(1);
    worker_pool_queue_init(&queue);
    journal_reset(COUNT + 1);
    blocker_start(&blocker, -1);
    for (i = 0; i < COUNT; i++) item_init(&items[i], i), submit(&queue, &items[i]);
    worker_pool_close_queue(&queue);
    /* All cancelled, released, in order, on this thread, before close returned. */
    assert_int_equal(journal.count, COUNT + 1);
    assert_int_equal(journal.released, COUNT);
    for (i = 0; i < COUNT; i++)
    {
        assert_int_equal(journal.ids[i + 1], i);
        assert_int_equal(journal.statuses[i + 1], ERROR_CANCELLED);
        assert_int_equal(journal.threads[i + 1], GetCurrentThreadId());
    }
    assert_int_equal(worker_pool_submit(&queue, &items[0].item), ERROR_INVALID_HANDLE);
    blocker_release(&blocker);
    test_wait(journal.all_done);
    assert_int_equal(journal.count, COUNT + 1);
}

struct closer
{
    struct pool_queue *queue;
    struct test_item *watched;
    LONG finished_when_close_returned;
};

static DWORD WINAPI close_queue_thread(void *param)
{
    struct closer *closer = param;

    worker_pool_close_queue(closer->queue);
    closer->finished_when_close_returned = InterlockedCompareExchange(&closer->watched->finished, 0, 0);
    return 0;
}

static void test_pool_close_waits_for_running_item(void **state)
{
    struct pool_queue queue;
    struct test_item item;
    struct closer closer = { &queue, &item, 0 };
    HANDLE thread;

    (void)state;
    worker_pool_queue_init(&queue);
    journal_reset(1);
    item_init(&item, 1);
    item.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    item.proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    submit(&queue, &item);
    test_wait(item.started);
    thread = test_start_thread(close_queue_thread, &closer, NULL);
    assert_int_equal(WaitForSingleObject(thread, 300), WAIT_TIMEOUT); /* still waiting */
    SetEvent(item.proceed);
    test_join_thread(thread);
    assert_int_equal(closer.finished_when_close_returned, 1);
    assert_int_equal(journal.statuses[0], ERROR_SUCCESS);
    test_wait(journal.all_done);
    CloseHandle(item.started);
    CloseHandle(item.proceed);
}

static void test_pool_close_from_inside_an_item_does_not_wait_for_it(void **state)
{
    static struct test_item items[3];
    struct pool_queue queue;
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    int i;

    (void)state;
    worker_pool_queue_init(&queue);
    journal_reset(3);
    for (i = 0; i < 3; i++) item_init(&items[i], i);
    items[0].proceed = proceed;      /* holds until the other two are queued */
    items[0].close_inside = &queue;
    for (i = 0; i < 3; i++) submit(&queue, &items[i]);
    SetEvent(proceed);
    test_wait(journal.all_done);     /* no deadlock */
    assert_int_equal(journal.statuses[0], ERROR_SUCCESS);
    assert_int_equal(journal.statuses[1], ERROR_CANCELLED);
    assert_int_equal(journal.statuses[2], ERROR_CANCELLED);
    assert_int_equal(journal.threads[1], journal.threads[0]); /* the closing (worker) thread */
    assert_int_equal(worker_pool_submit(&queue, &items[0].item), ERROR_INVALID_HANDLE);
    CloseHandle(proceed);
}

static void test_pool_lowered_size_retires_extra_threads(void **state)
{
    enum { QUEUES = 4 };
    static struct test_item items[QUEUES];
    static struct pool_queue queues[QUEUES];
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    int i;

    (void)state;
    worker_pool_set_max_threads(QUEUES);
    journal_reset(QUEUES);
    for (i = 0; i < QUEUES; i++)
    {
        worker_pool_queue_init(&queues[i]);
        item_init(&items[i], i);
        items[i].proceed = proceed;
        submit(&queues[i], &items[i]);
    }
    assert_true(test_wait_for_value(&journal.running, QUEUES, TEST_TIMEOUT));
    assert_int_equal(worker_pool_thread_count(), QUEUES);
    worker_pool_set_max_threads(1);
    SetEvent(proceed);
    test_wait(journal.all_done);
    assert_true(wait_for_thread_count_at_most(1));
    for (i = 0; i < QUEUES; i++) worker_pool_close_queue(&queues[i]);
    CloseHandle(proceed);
}

/* Every worker blocked in a user callback: the pool grows past its size so an independent
 * queue's item still runs within a second, and shrinks back once the callbacks return. */
static void test_pool_grows_past_blocked_callbacks(void **state)
{
    enum { BLOCKED = 3 };
    static struct test_item items[BLOCKED];
    static struct pool_queue queues[BLOCKED + 1];
    struct test_item independent;
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    int i;

    (void)state;
    worker_pool_set_max_threads(2);
    worker_pool_set_idle_timeout(100);
    journal_reset(BLOCKED + 1);
    for (i = 0; i < BLOCKED; i++)
    {
        worker_pool_queue_init(&queues[i]);
        item_init(&items[i], i);
        items[i].proceed = proceed;
        items[i].as_callback = TRUE;
        submit(&queues[i], &items[i]);
    }
    assert_true(test_wait_for_value(&journal.running, BLOCKED, TEST_TIMEOUT));

    worker_pool_queue_init(&queues[BLOCKED]);
    item_init(&independent, BLOCKED);
    independent.started = CreateEventW(NULL, TRUE, FALSE, NULL);
    submit(&queues[BLOCKED], &independent);
    assert_int_equal(WaitForSingleObject(independent.started, 1000), WAIT_OBJECT_0);

    SetEvent(proceed);
    test_wait(journal.all_done);
    assert_true(wait_for_thread_count_at_most(2));
    for (i = 0; i <= BLOCKED; i++) worker_pool_close_queue(&queues[i]);
    CloseHandle(independent.started);
    CloseHandle(proceed);
}

/* The growth is bounded: size + POOL_CALLBACK_EXTRA callbacks at most run at once. */
static void test_pool_growth_is_bounded(void **state)
{
    enum { BLOCKED = POOL_CALLBACK_EXTRA + 8 };
    static struct test_item items[BLOCKED];
    static struct pool_queue queues[BLOCKED];
    HANDLE proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    int i;

    (void)state;
    worker_pool_set_max_threads(1);
    journal_reset(BLOCKED);
    for (i = 0; i < BLOCKED; i++)
    {
        worker_pool_queue_init(&queues[i]);
        item_init(&items[i], i);
        items[i].proceed = proceed;
        items[i].as_callback = TRUE;
        submit(&queues[i], &items[i]);
    }
    assert_true(test_wait_for_value(&journal.running, 1 + POOL_CALLBACK_EXTRA, TEST_TIMEOUT));
    Sleep(200); /* no more start */
    assert_int_equal(journal.running, 1 + POOL_CALLBACK_EXTRA);
    assert_true(worker_pool_thread_count() <= 1 + POOL_CALLBACK_EXTRA);
    SetEvent(proceed);
    test_wait(journal.all_done);
    assert_int_equal(journal.most_running, 1 + POOL_CALLBACK_EXTRA);
    for (i = 0; i < BLOCKED; i++) worker_pool_close_queue(&queues[i]);
    CloseHandle(proceed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_pool_starts_lazily_on_first_item, setup),
        cmocka_unit_test_setup(test_pool_default_size_is_bounded, setup),
        cmocka_unit_test_setup(test_pool_runs_one_queue_in_fifo_order, setup),
        cmocka_unit_test_setup(test_pool_queues_take_turns, setup),
        cmocka_unit_test_setup(test_pool_never_exceeds_its_size, setup),
        cmocka_unit_test_setup(test_pool_idle_threads_retire_and_come_back, setup),
        cmocka_unit_test_setup(test_pool_close_cancels_queued_items_on_closing_thread, setup),
        cmocka_unit_test_setup(test_pool_close_waits_for_running_item, setup),
        cmocka_unit_test_setup(test_pool_close_from_inside_an_item_does_not_wait_for_it, setup),
        cmocka_unit_test_setup(test_pool_lowered_size_retires_extra_threads, setup),
        cmocka_unit_test_setup(test_pool_grows_past_blocked_callbacks, setup),
        cmocka_unit_test_setup(test_pool_growth_is_bounded, setup),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

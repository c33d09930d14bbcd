/*
 * test_chain_walker.c - chain_walker_get against the mocked probe (tests/fake_probe.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test queues what the probe is asked and answers, in order, makes one walk and checks
 * the chain. Everything runs on the test thread.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "chain_walker.h"
#include "fake_probe.h"

#define PID 100        /* the root's process */
#define OTHER_PID 200  /* another process */
#define WANT PROBE_WANT_WAIT
#define STALE 0xcc     /* what the caller's array holds before a walk */

/* mingw-w64's winerror.h lacks it (Wine's, which the library uses, has it). */
#ifndef ERROR_TOO_MANY_THREADS
#define ERROR_TOO_MANY_THREADS 565
#endif

/* One walk's outputs. */
struct result
{
    DWORD error;
    DWORD count;
    BOOL is_cycle;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
};

static void run_walk(const struct probe_ops *ops, DWORD flags, DWORD thread_id, DWORD capacity,
                     struct result *result)
{
    memset(result->nodes, STALE, sizeof(result->nodes));
    result->count = capacity;
    result->is_cycle = 0xdead;
    result->error = chain_walker_get(ops, flags, thread_id, &result->count, result->nodes,
                                     &result->is_cycle);
}

static void assert_thread_node(const WAITCHAIN_NODE_INFO *node, DWORD pid, DWORD tid,
                               WCT_OBJECT_STATUS status)
{
    static const BYTE zero[sizeof(node->LockObject) - sizeof(node->ThreadObject)];

    assert_int_equal(node->ObjectType, WctThreadType);
    assert_int_equal(node->ObjectStatus, status);
    assert_int_equal(node->ThreadObject.ProcessId, pid);
    assert_int_equal(node->ThreadObject.ThreadId, tid);
    /* Unused bytes of the union are zero, not left over. */
    assert_memory_equal((const BYTE *)&node->ThreadObject + sizeof(node->ThreadObject), zero,
                        sizeof(zero));
}

/* A thread node the fake built: WaitTime and ContextSwitches are 1000 + tid and 2000 + tid. */
static void assert_fake_thread_node(const WAITCHAIN_NODE_INFO *node, DWORD pid, DWORD tid,
                                    WCT_OBJECT_STATUS status)
{
    assert_thread_node(node, pid, tid, status);
    assert_int_equal(node->ThreadObject.WaitTime, 1000 + tid);
    assert_int_equal(node->ThreadObject.ContextSwitches, 2000 + tid);
}

static void assert_name(const WCHAR *name, const char *expected)
{
    size_t i, len = strlen(expected);

    for (i = 0; i < len; i++) assert_int_equal(name[i], (WCHAR)expected[i]);
    for (; i < WCT_OBJNAME_LENGTH; i++) assert_int_equal(name[i], 0);
}

static void assert_object_node(const WAITCHAIN_NODE_INFO *node, WCT_OBJECT_TYPE type,
                               WCT_OBJECT_STATUS status, const char *name)
{
    assert_int_equal(node->ObjectType, type);
    assert_int_equal(node->ObjectStatus, status);
    assert_name(node->LockObject.ObjectName, name);
    assert_int_equal(node->LockObject.Timeout.QuadPart, 0);
    assert_int_equal(node->LockObject.Alertable, FALSE);
}

static void assert_untouched(const WAITCHAIN_NODE_INFO *nodes, DWORD from)
{
    const BYTE *bytes = (const BYTE *)&nodes[from];
    size_t i;

    for (i = 0; i < (WCT_MAX_NODE_COUNT - from) * sizeof(*nodes); i++)
        assert_int_equal(bytes[i], STALE);
}


/* --- single threads and objects --- */

static void test_walker_single_running_thread(void **state)
{
    struct fake_thread root;
    struct result r;

    (void)state;
    fake_thread_running(&root, PID, 1);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 1);
    assert_false(r.is_cycle);
    assert_fake_thread_node(&r.nodes[0], PID, 1, WctStatusRunning);
    assert_untouched(r.nodes, 1);
}

static void test_walker_blocked_thread_without_object(void **state)
{
    struct fake_thread root;
    struct result r;

    (void)state;
    fake_thread_blocked(&root, PID, 1); /* e.g. Sleep: blocked, but on no object */
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 1);
    assert_false(r.is_cycle);
    assert_fake_thread_node(&r.nodes[0], PID, 1, WctStatusBlocked);
}

static void test_walker_each_object_type(void **state)
{
    static const WCT_OBJECT_TYPE types[] = {
        WctCriticalSectionType, WctSendMessageType, WctMutexType, WctAlpcType, WctComType,
        WctThreadWaitType, WctProcessWaitType, WctComActivationType, WctUnknownType,
        WctSocketIoType, WctSmbIoType };
    static const WCT_OBJECT_STATUS statuses[] = {
        WctStatusOwned, WctStatusNotOwned, WctStatusAbandoned, WctStatusUnknown, WctStatusPidOnly };
    struct fake_thread root;
    struct result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(types); i++)
    {
        WCT_OBJECT_STATUS status = statuses[i % ARRAYSIZE(statuses)];

        fake_probe_setup(NULL);
        fake_thread_waiting(&root, PID, 1, types[i], status, "object", 0, 0);
        fake_probe_expect_walk(ERROR_SUCCESS);
        fake_probe_expect_inspect(1, WANT, &root);
        run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

        assert_int_equal(r.error, ERROR_SUCCESS);
        assert_int_equal(r.count, 2);
        assert_false(r.is_cycle);
        assert_fake_thread_node(&r.nodes[0], PID, 1, WctStatusBlocked);
        assert_object_node(&r.nodes[1], types[i], status, "object");
        assert_untouched(r.nodes, 2);
    }
}

/* An object type that is not an object kind is reported as WctUnknownType. */
static void test_walker_invalid_object_type_is_unknown(void **state)
{
    static const WCT_OBJECT_TYPE bad[] = { WctThreadType, WctMaxType, (WCT_OBJECT_TYPE)0x7fff };
    struct fake_thread root, owner;
    struct result r;
    size_t i;

    (void)state;
    for (i = 0; i < ARRAYSIZE(bad); i++)
    {
        fake_probe_setup(NULL);
        fake_thread_waiting(&root, PID, 1, bad[i], WctStatusOwned, "", PID, 2);
        fake_thread_running(&owner, PID, 2);
        fake_probe_expect_walk(ERROR_SUCCESS);
        fake_probe_expect_inspect(1, WANT, &root);
        fake_probe_expect_inspect(2, WANT, &owner);
        run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

        assert_int_equal(r.error, ERROR_SUCCESS);
        assert_int_equal(r.count, 3);
        assert_object_node(&r.nodes[1], WctUnknownType, WctStatusOwned, "");
        assert_fake_thread_node(&r.nodes[2], PID, 2, WctStatusRunning);
    }
}

static void test_walker_next_thread_continuation(void **state)
{
    struct fake_thread root, a, b;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctThreadWaitType, WctStatusBlocked, "", PID, 2);
    fake_thread_waiting(&a, PID, 2, WctMutexType, WctStatusOwned, "Global\\m", PID, 3);
    fake_thread_running(&b, PID, 3);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &a);
    fake_probe_expect_inspect(3, WANT, &b);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 5);
    assert_false(r.is_cycle);
    assert_fake_thread_node(&r.nodes[0], PID, 1, WctStatusBlocked);
    assert_object_node(&r.nodes[1], WctThreadWaitType, WctStatusBlocked, "");
    assert_fake_thread_node(&r.nodes[2], PID, 2, WctStatusBlocked);
    assert_object_node(&r.nodes[3], WctMutexType, WctStatusOwned, "Global\\m");
    assert_fake_thread_node(&r.nodes[4], PID, 3, WctStatusRunning);
    assert_untouched(r.nodes, 5);
}

/* Without probe hooks the walk works the same, with a NULL context. */
static void test_walker_without_begin_end_hooks(void **state)
{
    struct fake_thread root, a;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_running(&a, PID, 2);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &a);
    run_walk(&fake_probe_inspect_only_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_fake_thread_node(&r.nodes[2], PID, 2, WctStatusRunning);
}


/* --- cycles --- */

/* Two threads, each owning the critical section the other waits on. */
static void test_walker_cs_deadlock_cycle(void **state)
{
    struct fake_thread t1, t2;
    struct result r;

    (void)state;
    fake_thread_waiting(&t1, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_waiting(&t2, PID, 2, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &t1);
    fake_probe_expect_inspect(2, WANT, &t2);
    /* The cycle closed: both are looked at again, in chain order, and still wait. */
    fake_probe_expect_inspect(1, WANT, &t1);
    fake_probe_expect_inspect(2, WANT, &t2);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 5);
    assert_true(r.is_cycle);
    assert_fake_thread_node(&r.nodes[2], PID, 2, WctStatusBlocked);
    /* The repeated node is the root's, unchanged. */
    assert_memory_equal(&r.nodes[4], &r.nodes[0], sizeof(r.nodes[0]));
    assert_int_equal(fake_probe_inspect_count(), 4);
}

/*
 * The race of issue 21: A waits for B (first look), then A takes what it waited for and
 * lets go of it, and B waits for A (B's look). At the second look A no longer waits: no
 * cycle; the chain ends at A as the second look saw it (running), A inspected twice, B once.
 */
static void test_walker_cycle_not_confirmed_at_root(void **state)
{
    struct fake_thread t1, t2, t1_later;
    struct result r;

    (void)state;
    fake_thread_waiting(&t1, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_waiting(&t2, PID, 2, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    fake_thread_running(&t1_later, PID, 1);
    t1_later.thread.wait_time = 7;
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &t1);
    fake_probe_expect_inspect(2, WANT, &t2);
    fake_probe_expect_inspect(1, WANT, &t1_later);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 1);
    assert_false(r.is_cycle);
    assert_thread_node(&r.nodes[0], PID, 1, WctStatusRunning);
    assert_int_equal(r.nodes[0].ThreadObject.WaitTime, 7);
    assert_untouched(r.nodes, 1);
}

/*
 * The same race where the second look cannot tell it by what the thread waits on: A waits
 * for B again, a new wait after it took and let go of the section, which the section's count
 * of ended waits tells (wait_serial). No cycle; also when the second look has no count where
 * the first had one, or one where the first had none.
 */
static void test_walker_cycle_not_confirmed_by_serial(void **state)
{
    struct fake_thread t1, t2, t1_later;
    int variant;

    (void)state;
    for (variant = 0; variant < 3; variant++)
    {
        struct result r;

        fake_probe_setup(NULL);
        fake_thread_waiting(&t1, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
        fake_thread_waiting(&t2, PID, 2, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
        t1_later = t1;
        if (variant == 0) t1_later.wait.wait_serial++;
        else if (variant == 1) t1_later.wait.serial_known = FALSE;
        else t1.wait.serial_known = FALSE;
        fake_probe_expect_walk(ERROR_SUCCESS);
        fake_probe_expect_inspect(1, WANT, &t1);
        fake_probe_expect_inspect(2, WANT, &t2);
        fake_probe_expect_inspect(1, WANT, &t1_later);
        run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

        assert_int_equal(r.error, ERROR_SUCCESS);
        assert_false(r.is_cycle);
        assert_int_equal(r.count, 1);
        assert_fake_thread_node(&r.nodes[0], PID, 1, WctStatusBlocked);
        assert_untouched(r.nodes, 1);
    }
}

/* Two threads waiting for each other, t2's wait not counted by the OS: the first looks and
 * three rounds of second looks, t2's last one answering *t2_last. */
static void queue_uncounted_cycle(struct fake_thread *t1, struct fake_thread *t2,
                                  const struct fake_thread *t2_last)
{
    int pass;

    fake_thread_waiting(t1, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_waiting(t2, PID, 2, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    t2->wait.serial_known = FALSE;
    t2->wait.wait_serial = 0;
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, t1);
    fake_probe_expect_inspect(2, WANT, t2);
    for (pass = 0; pass < 3; pass++)
    {
        fake_probe_expect_inspect(1, WANT, t1);
        fake_probe_expect_inspect(2, WANT, pass < 2 || !t2_last ? t2 : t2_last);
    }
}

/* A cycle with a wait the OS does not count: CYCLE_PASSES_UNCOUNTED (3) second looks at
 * every thread of it, all agreeing, before IsCycle. */
static void test_walker_cycle_uncounted_three_passes(void **state)
{
    struct fake_thread t1, t2;
    struct result r;

    (void)state;
    queue_uncounted_cycle(&t1, &t2, NULL);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 5);
    assert_true(r.is_cycle);
    assert_memory_equal(&r.nodes[4], &r.nodes[0], sizeof(r.nodes[0]));
    assert_int_equal(fake_probe_inspect_count(), 8);
}

/* The same, and the last round finds t2 running: no cycle, the chain ends at t2 as that look
 * saw it. */
static void test_walker_cycle_uncounted_last_pass_disagrees(void **state)
{
    struct fake_thread t1, t2, t2_later;
    struct result r;

    (void)state;
    fake_thread_running(&t2_later, PID, 2);
    queue_uncounted_cycle(&t1, &t2, &t2_later);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_false(r.is_cycle);
    assert_int_equal(r.count, 3);
    assert_fake_thread_node(&r.nodes[2], PID, 2, WctStatusRunning);
    assert_untouched(r.nodes, 3);
}

/* A thread that owns the section it waits on, the wait not counted: three second looks. */
static void test_walker_self_cycle_uncounted(void **state)
{
    struct fake_thread t;
    struct result r;
    int look;

    (void)state;
    fake_thread_waiting(&t, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    t.wait.serial_known = FALSE;
    t.wait.wait_serial = 0;
    fake_probe_expect_walk(ERROR_SUCCESS);
    for (look = 0; look < 4; look++) fake_probe_expect_inspect(1, WANT, &t);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_true(r.is_cycle);
    assert_memory_equal(&r.nodes[2], &r.nodes[0], sizeof(r.nodes[0]));
    assert_int_equal(fake_probe_inspect_count(), 4);
}

/* root joins A, A joins B, B waits on CS1 owned by C, C waits on CS2 owned by B. */
static void queue_nine_node_cycle_first_looks(struct fake_thread t[4])
{
    fake_thread_waiting(&t[0], PID, 10, WctThreadWaitType, WctStatusBlocked, "", PID, 11);
    fake_thread_waiting(&t[1], PID, 11, WctThreadWaitType, WctStatusBlocked, "", PID, 12);
    fake_thread_waiting(&t[2], PID, 12, WctCriticalSectionType, WctStatusOwned, "", PID, 13);
    fake_thread_waiting(&t[3], PID, 13, WctCriticalSectionType, WctStatusOwned, "", PID, 12);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(10, WANT, &t[0]);
    fake_probe_expect_inspect(11, WANT, &t[1]);
    fake_probe_expect_inspect(12, WANT, &t[2]);
    fake_probe_expect_inspect(13, WANT, &t[3]);
}

/* The same, and the second looks at the cycle (12 and 13) that confirm it. */
static void queue_nine_node_cycle(struct fake_thread t[4])
{
    queue_nine_node_cycle_first_looks(t);
    fake_probe_expect_inspect(12, WANT, &t[2]);
    fake_probe_expect_inspect(13, WANT, &t[3]);
}

static void test_walker_nine_node_cycle(void **state)
{
    struct fake_thread t[4];
    struct result r;

    (void)state;
    queue_nine_node_cycle(t);
    run_walk(&fake_probe_ops, 0, 10, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 9);
    assert_true(r.is_cycle);
    assert_fake_thread_node(&r.nodes[0], PID, 10, WctStatusBlocked);
    assert_object_node(&r.nodes[1], WctThreadWaitType, WctStatusBlocked, "");
    assert_fake_thread_node(&r.nodes[2], PID, 11, WctStatusBlocked);
    assert_object_node(&r.nodes[3], WctThreadWaitType, WctStatusBlocked, "");
    assert_fake_thread_node(&r.nodes[4], PID, 12, WctStatusBlocked);
    assert_object_node(&r.nodes[5], WctCriticalSectionType, WctStatusOwned, "");
    assert_fake_thread_node(&r.nodes[6], PID, 13, WctStatusBlocked);
    assert_object_node(&r.nodes[7], WctCriticalSectionType, WctStatusOwned, "");
    assert_memory_equal(&r.nodes[8], &r.nodes[4], sizeof(r.nodes[0]));
    assert_untouched(r.nodes, 9);
}

/* The nine-node chain cut at 13 (seven nodes, no cycle): 12 and its section as walked, 13 with
 * status (its last look, or as first seen). */
static void assert_nine_node_chain_ends_at_13(const struct result *r, WCT_OBJECT_STATUS status)
{
    assert_int_equal(r->error, ERROR_SUCCESS);
    assert_false(r->is_cycle);
    assert_int_equal(r->count, 7);
    assert_fake_thread_node(&r->nodes[4], PID, 12, WctStatusBlocked);
    assert_object_node(&r->nodes[5], WctCriticalSectionType, WctStatusOwned, "");
    assert_fake_thread_node(&r->nodes[6], PID, 13, status);
    assert_untouched(r->nodes, 7);
}

/* The nine-node chain with uncounted waits (no debug info), and the second of the three
 * rounds finds the cycle's second thread (13) running: no cycle, the chain ends at 13 as that
 * look saw it, and nothing is looked at after it. */
static void test_walker_nine_node_uncounted_second_pass_disagrees(void **state)
{
    struct fake_thread t[4], t13_running;
    struct result r;
    int i;

    (void)state;
    queue_nine_node_cycle_first_looks(t);
    for (i = 0; i < 4; i++)
    {
        t[i].wait.serial_known = FALSE;   /* answers are read when the walk asks */
        t[i].wait.wait_serial = 0;
    }
    fake_thread_running(&t13_running, PID, 13);
    fake_probe_expect_inspect(12, WANT, &t[2]);
    fake_probe_expect_inspect(13, WANT, &t[3]);
    fake_probe_expect_inspect(12, WANT, &t[2]);
    fake_probe_expect_inspect(13, WANT, &t13_running);
    run_walk(&fake_probe_ops, 0, 10, WCT_MAX_NODE_COUNT, &r);

    assert_nine_node_chain_ends_at_13(&r, WctStatusRunning);
    assert_int_equal(fake_probe_inspect_count(), 8);
}

/* The second look shows a thread of the cycle waiting for another thread, or on another
 * object, or gone: the chain ends at that thread, the nodes before it as walked. */
static void test_walker_cycle_not_confirmed_inside(void **state)
{
    struct fake_thread t[4], later[3];
    int variant;

    (void)state;
    for (variant = 0; variant < 3; variant++)
    {
        struct result r;

        fake_probe_setup(NULL);
        if (variant == 0)
            fake_thread_waiting(&later[0], PID, 13, WctCriticalSectionType, WctStatusOwned, "",
                                PID, 11);
        else if (variant == 1)
            fake_thread_waiting(&later[1], PID, 13, WctMutexType, WctStatusOwned, "", PID, 12);
        else fake_thread_failing(&later[2], ERROR_OBJECT_NOT_FOUND);
        queue_nine_node_cycle_first_looks(t);
        fake_probe_expect_inspect(12, WANT, &t[2]);
        fake_probe_expect_inspect(13, WANT, &later[variant]);
        run_walk(&fake_probe_ops, 0, 10, WCT_MAX_NODE_COUNT, &r);

        /* 13 as its second look saw it (blocked, the fake's values), or as first seen. */
        assert_nine_node_chain_ends_at_13(&r, WctStatusBlocked);
    }
}

/* A cycle longer than the buffer: ERROR_MORE_DATA, and IsCycle still says what the chain is. */
static void test_walker_cycle_longer_than_capacity(void **state)
{
    struct fake_thread t[4];
    struct result r;

    (void)state;
    queue_nine_node_cycle(t);
    run_walk(&fake_probe_ops, 0, 10, 5, &r);

    assert_int_equal(r.error, ERROR_MORE_DATA);
    assert_int_equal(r.count, 9);
    assert_true(r.is_cycle);
    assert_fake_thread_node(&r.nodes[4], PID, 12, WctStatusBlocked);
    assert_untouched(r.nodes, 5);
}

/* A thread that owns what it waits on (next == self): the shortest cycle, inspected once. */
static void test_walker_self_cycle(void **state)
{
    struct fake_thread t;
    struct result r;

    (void)state;
    fake_thread_waiting(&t, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &t);
    fake_probe_expect_inspect(1, WANT, &t);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_true(r.is_cycle);
    assert_memory_equal(&r.nodes[2], &r.nodes[0], sizeof(r.nodes[0]));
    assert_int_equal(fake_probe_inspect_count(), 2);
}

/* A self-cycle whose second look shows the owner released what it waited on: no cycle. */
static void test_walker_self_cycle_not_confirmed(void **state)
{
    struct fake_thread t, later;
    struct result r;

    (void)state;
    fake_thread_waiting(&t, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 1);
    fake_thread_waiting(&later, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 0);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &t);
    fake_probe_expect_inspect(1, WANT, &later);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 1);
    assert_false(r.is_cycle);
}


/* --- lengths: ERROR_MORE_DATA and ERROR_TOO_MANY_THREADS --- */

#define LONGEST_CHAIN 21

/*
 * Queues a chain of `length` nodes: threads 1, 2, 3... each joining the next, the last one
 * running (odd length) or waiting on an event nobody sets (even length). Only the threads
 * the walker must inspect are queued: those of the first 17 nodes, the one at node 16
 * without PROBE_WANT_WAIT.
 */
static void queue_chain(struct fake_thread *t, DWORD length)
{
    DWORD i, threads = (length + 1) / 2;

    fake_probe_expect_walk(ERROR_SUCCESS);
    for (i = 0; i < threads; i++)
    {
        DWORD tid = i + 1, node = 2 * i;

        if (node + 1 == length) fake_thread_running(&t[i], PID, tid);
        else if (node + 2 == length)
            fake_thread_waiting(&t[i], PID, tid, WctUnknownType, WctStatusUnknown, "ev", 0, 0);
        else fake_thread_waiting(&t[i], PID, tid, WctThreadWaitType, WctStatusBlocked, "", PID,
                                 tid + 1);
        if (node < WCT_MAX_NODE_COUNT) fake_probe_expect_inspect(tid, WANT, &t[i]);
        else if (node == WCT_MAX_NODE_COUNT) fake_probe_expect_inspect(tid, 0, &t[i]);
    }
}

static void assert_chain_nodes(const struct result *r, DWORD length, DWORD stored)
{
    DWORD i;

    for (i = 0; i < stored; i++)
    {
        DWORD tid = i / 2 + 1;

        if (i % 2 == 0)
            assert_fake_thread_node(&r->nodes[i], PID, tid,
                                    i + 1 == length ? WctStatusRunning : WctStatusBlocked);
        else if (i + 1 == length)
            assert_object_node(&r->nodes[i], WctUnknownType, WctStatusUnknown, "ev");
        else assert_object_node(&r->nodes[i], WctThreadWaitType, WctStatusBlocked, "");
    }
    assert_untouched(r->nodes, stored);
}

static void test_walker_truncation_every_capacity_and_length(void **state)
{
    struct fake_thread t[(LONGEST_CHAIN + 1) / 2];
    struct result r;
    DWORD length, capacity;

    (void)state;
    for (length = 1; length <= LONGEST_CHAIN; length++)
    {
        for (capacity = 1; capacity <= WCT_MAX_NODE_COUNT; capacity++)
        {
            DWORD found = length > WCT_MAX_NODE_COUNT ? WCT_MAX_NODE_COUNT : length;
            DWORD expected = ERROR_SUCCESS;

            if (found > capacity) expected = ERROR_MORE_DATA;
            else if (length > WCT_MAX_NODE_COUNT) expected = ERROR_TOO_MANY_THREADS;

            fake_probe_setup(NULL);
            queue_chain(t, length);
            run_walk(&fake_probe_ops, 0, 1, capacity, &r);

            assert_int_equal(r.error, expected);
            assert_int_equal(r.count, found);
            assert_false(r.is_cycle);
            assert_chain_nodes(&r, length, found < capacity ? found : capacity);
        }
    }
}

static void test_walker_too_many_threads_at_capacity_16(void **state)
{
    struct fake_thread t[9];
    struct result r;

    (void)state;
    queue_chain(t, 17);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_TOO_MANY_THREADS);
    assert_int_equal(r.count, WCT_MAX_NODE_COUNT);
    assert_false(r.is_cycle);
    assert_chain_nodes(&r, 17, WCT_MAX_NODE_COUNT);
}

/* Below 16, a chain past 16 nodes asks for 16 (retrying then gives TOO_MANY_THREADS). */
static void test_walker_more_data_asks_for_16_when_chain_passes_16(void **state)
{
    struct fake_thread t[10];
    struct result r;

    (void)state;
    queue_chain(t, 19);
    run_walk(&fake_probe_ops, 0, 1, 4, &r);

    assert_int_equal(r.error, ERROR_MORE_DATA);
    assert_int_equal(r.count, WCT_MAX_NODE_COUNT);
    assert_chain_nodes(&r, 19, 4);
}

/* The 16th node is an object whose owner has exited: no 17th node, so the chain fits. */
static void test_walker_sixteen_nodes_then_exited_owner(void **state)
{
    struct fake_thread t[8], gone;
    struct result r;

    (void)state;
    queue_chain(t, 16);
    /* Turn the last thread's event into a mutex owned by thread 99, which has exited. */
    fake_thread_waiting(&t[7], PID, 8, WctMutexType, WctStatusOwned, "ev", PID, 99);
    t[7].wait.object_type = WctUnknownType;
    t[7].wait.object_status = WctStatusUnknown;
    fake_thread_failing(&gone, ERROR_OBJECT_NOT_FOUND);
    fake_probe_expect_inspect(99, 0, &gone);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, WCT_MAX_NODE_COUNT);
    assert_chain_nodes(&r, 16, WCT_MAX_NODE_COUNT);
}

/* The 17th node would repeat a thread: the chain is too long, and no cycle is reported. */
static void test_walker_cycle_closing_at_node_17_is_too_many_threads(void **state)
{
    struct fake_thread t[8];
    struct result r;
    DWORD i;

    (void)state;
    queue_chain(t, 16);
    fake_thread_waiting(&t[7], PID, 8, WctThreadWaitType, WctStatusBlocked, "", PID, 1);
    for (i = 0; i < 8; i++) fake_probe_expect_inspect(i + 1, WANT, &t[i]);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_TOO_MANY_THREADS);
    assert_int_equal(r.count, WCT_MAX_NODE_COUNT);
    assert_false(r.is_cycle);
    assert_int_equal(fake_probe_inspect_count(), 16);
}

/* The same cycle, not confirmed (thread 5 waits no more): 9 nodes, ERROR_SUCCESS. */
static void test_walker_cycle_closing_at_node_17_not_confirmed(void **state)
{
    struct fake_thread t[8], later;
    struct result r;
    DWORD i;

    (void)state;
    queue_chain(t, 16);
    fake_thread_waiting(&t[7], PID, 8, WctThreadWaitType, WctStatusBlocked, "", PID, 1);
    fake_thread_running(&later, PID, 5);
    for (i = 0; i < 4; i++) fake_probe_expect_inspect(i + 1, WANT, &t[i]);
    fake_probe_expect_inspect(5, WANT, &later);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 9);
    assert_false(r.is_cycle);
    assert_fake_thread_node(&r.nodes[8], PID, 5, WctStatusRunning);
}


/* --- errors --- */

static void check_root_error(DWORD error)
{
    struct fake_thread root;
    struct result r;

    fake_probe_setup(NULL);
    fake_thread_failing(&root, error);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(7, WANT, &root);
    run_walk(&fake_probe_ops, 0, 7, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, error);
    assert_int_equal(r.count, 0);
    assert_false(r.is_cycle);
    assert_untouched(r.nodes, 0);
}

static void test_walker_root_not_found(void **state)
{
    (void)state;
    check_root_error(ERROR_OBJECT_NOT_FOUND);
}

static void test_walker_root_access_denied(void **state)
{
    (void)state;
    check_root_error(ERROR_ACCESS_DENIED);
}

static void test_walker_root_other_error(void **state)
{
    (void)state;
    check_root_error(ERROR_GEN_FAILURE);
    check_root_error(ERROR_NOT_ENOUGH_MEMORY);
}

static void test_walker_begin_walk_fails(void **state)
{
    struct result r;

    (void)state;
    /* Nothing is inspected, and end_walk is not called for a walk that never began. */
    fake_probe_expect_walk(ERROR_NOT_ENOUGH_MEMORY);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_NOT_ENOUGH_MEMORY);
    assert_int_equal(r.count, 0);
    assert_false(r.is_cycle);
    assert_untouched(r.nodes, 0);
    assert_int_equal(fake_probe_inspect_count(), 0);
}

static void test_walker_nonroot_no_access(void **state)
{
    struct fake_thread root, denied;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctMutexType, WctStatusOwned, "m", OTHER_PID, 2);
    fake_thread_failing(&denied, ERROR_ACCESS_DENIED);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, 0, &denied); /* another process, no flag: node facts only */
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_false(r.is_cycle);
    assert_object_node(&r.nodes[1], WctMutexType, WctStatusOwned, "m");
    assert_thread_node(&r.nodes[2], OTHER_PID, 2, WctStatusNoAccess);
    assert_int_equal(r.nodes[2].ThreadObject.WaitTime, 0);
    assert_int_equal(r.nodes[2].ThreadObject.ContextSwitches, 0);
}

/* The probe's partial answer gives the process when the object's edge does not. */
static void test_walker_nonroot_no_access_process_from_probe(void **state)
{
    struct fake_thread root, denied;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctThreadWaitType, WctStatusBlocked, "", 0, 2);
    fake_thread_failing(&denied, ERROR_ACCESS_DENIED);
    denied.thread.process_id = 300;
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &denied);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_thread_node(&r.nodes[2], 300, 2, WctStatusNoAccess);
}

/* A thread that exited between its object naming it and its inspection ends the chain at
 * that object. */
static void test_walker_nonroot_exited(void **state)
{
    struct fake_thread root, a, gone;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctThreadWaitType, WctStatusBlocked, "", PID, 2);
    fake_thread_waiting(&a, PID, 2, WctCriticalSectionType, WctStatusOwned, "", PID, 3);
    fake_thread_failing(&gone, ERROR_OBJECT_NOT_FOUND);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &a);
    fake_probe_expect_inspect(3, WANT, &gone);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 4);
    assert_false(r.is_cycle);
    assert_object_node(&r.nodes[3], WctCriticalSectionType, WctStatusOwned, "");
    assert_untouched(r.nodes, 4);
}

static void test_walker_nonroot_other_error(void **state)
{
    struct fake_thread root, broken;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_failing(&broken, ERROR_PARTIAL_COPY);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &broken);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_thread_node(&r.nodes[2], PID, 2, WctStatusError);
}

/* Bad arguments are refused before the probe is used. */
static void test_walker_invalid_parameters(void **state)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    struct probe_ops no_inspect = { NULL, NULL, NULL, NULL, NULL, NULL };
    DWORD count;
    BOOL cycle;

    (void)state;
    count = 0;
    assert_int_equal(chain_walker_get(&fake_probe_ops, 0, 1, &count, nodes, &cycle),
                     ERROR_INVALID_PARAMETER);
    count = WCT_MAX_NODE_COUNT + 1;
    assert_int_equal(chain_walker_get(&fake_probe_ops, 0, 1, &count, nodes, &cycle),
                     ERROR_INVALID_PARAMETER);
    count = 1;
    assert_int_equal(chain_walker_get(NULL, 0, 1, &count, nodes, &cycle), ERROR_INVALID_PARAMETER);
    assert_int_equal(chain_walker_get(&no_inspect, 0, 1, &count, nodes, &cycle),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(chain_walker_get(&fake_probe_ops, 0, 1, NULL, nodes, &cycle),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(chain_walker_get(&fake_probe_ops, 0, 1, &count, NULL, &cycle),
                     ERROR_INVALID_PARAMETER);
    assert_int_equal(chain_walker_get(&fake_probe_ops, 0, 1, &count, nodes, NULL),
                     ERROR_INVALID_PARAMETER);
}


/* --- other processes --- */

static void test_walker_stops_at_other_process(void **state)
{
    struct fake_thread root, foreign;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctProcessWaitType, WctStatusBlocked, "", OTHER_PID, 2);
    /* The foreign thread waits too, but without the flag its wait is not asked for. */
    fake_thread_waiting(&foreign, OTHER_PID, 2, WctMutexType, WctStatusOwned, "", OTHER_PID, 3);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, 0, &foreign);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_false(r.is_cycle);
    assert_fake_thread_node(&r.nodes[2], OTHER_PID, 2, WctStatusBlocked);
}

static void test_walker_follows_other_process_with_flag(void **state)
{
    struct fake_thread root, foreign, owner;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctThreadWaitType, WctStatusBlocked, "", OTHER_PID, 2);
    fake_thread_waiting(&foreign, OTHER_PID, 2, WctCriticalSectionType, WctStatusOwned, "",
                        OTHER_PID, 3);
    fake_thread_running(&owner, OTHER_PID, 3);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &foreign);
    fake_probe_expect_inspect(3, WANT, &owner);
    run_walk(&fake_probe_ops, WCT_OUT_OF_PROC_FLAG, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 5);
    assert_fake_thread_node(&r.nodes[2], OTHER_PID, 2, WctStatusBlocked);
    assert_object_node(&r.nodes[3], WctCriticalSectionType, WctStatusOwned, "");
    assert_fake_thread_node(&r.nodes[4], OTHER_PID, 3, WctStatusRunning);
}

/* The edge did not say the process; the probe then found the thread in another one. */
static void test_walker_stops_when_probe_reports_other_process(void **state)
{
    struct fake_thread root, foreign;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctSendMessageType, WctStatusBlocked, "", 0, 2);
    fake_thread_waiting(&foreign, OTHER_PID, 2, WctCriticalSectionType, WctStatusOwned, "",
                        OTHER_PID, 3);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    fake_probe_expect_inspect(2, WANT, &foreign);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
    assert_fake_thread_node(&r.nodes[2], OTHER_PID, 2, WctStatusBlocked);
}

/* A cross-process deadlock is a cycle with WCT_OUT_OF_PROC_FLAG. */
static void test_walker_cross_process_cycle_with_flag(void **state)
{
    struct fake_thread t1, t2;
    struct result r;

    (void)state;
    fake_thread_waiting(&t1, PID, 1, WctMutexType, WctStatusOwned, "a", OTHER_PID, 2);
    fake_thread_waiting(&t2, OTHER_PID, 2, WctMutexType, WctStatusOwned, "b", PID, 1);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &t1);
    fake_probe_expect_inspect(2, WANT, &t2);
    fake_probe_expect_inspect(1, WANT, &t1);
    fake_probe_expect_inspect(2, WANT, &t2);
    run_walk(&fake_probe_ops, WCT_OUT_OF_PROC_FLAG, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 5);
    assert_true(r.is_cycle);
    assert_memory_equal(&r.nodes[4], &r.nodes[0], sizeof(r.nodes[0]));
}


/* --- what the probe is allowed to look at --- */

static void check_want(DWORD flags, DWORD want)
{
    struct fake_thread root, a;
    struct result r;

    fake_probe_setup(NULL);
    fake_thread_waiting(&root, PID, 1, WctCriticalSectionType, WctStatusOwned, "", PID, 2);
    fake_thread_running(&a, PID, 2);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, want, &root);
    fake_probe_expect_inspect(2, want, &a);
    run_walk(&fake_probe_ops, flags, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
}

static void test_walker_want_bits_from_flags(void **state)
{
    (void)state;
    check_want(0, PROBE_WANT_WAIT);
    check_want(WCT_OUT_OF_PROC_FLAG, PROBE_WANT_WAIT);
    check_want(WCT_OUT_OF_PROC_COM_FLAG, PROBE_WANT_WAIT);
    check_want(WCT_OUT_OF_PROC_CS_FLAG, PROBE_WANT_WAIT | PROBE_WANT_FOREIGN_CS);
    check_want(WCT_NETWORK_IO_FLAG, PROBE_WANT_WAIT | PROBE_WANT_NETWORK);
    check_want(WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG |
               WCT_NETWORK_IO_FLAG, PROBE_WANT_WAIT | PROBE_WANT_FOREIGN_CS | PROBE_WANT_NETWORK);
}

/* WCT_OUT_OF_PROC_CS_FLAG alone lets the probe read CS owners elsewhere, but the chain still
 * stops at the first thread of another process. */
static void test_walker_cs_flag_without_out_of_proc_stops(void **state)
{
    struct fake_thread root, foreign;
    struct result r;

    (void)state;
    fake_thread_waiting(&root, PID, 1, WctThreadWaitType, WctStatusBlocked, "", OTHER_PID, 2);
    fake_thread_running(&foreign, OTHER_PID, 2);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, PROBE_WANT_WAIT | PROBE_WANT_FOREIGN_CS, &root);
    fake_probe_expect_inspect(2, 0, &foreign);
    run_walk(&fake_probe_ops, WCT_OUT_OF_PROC_CS_FLAG, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 3);
}


/* --- object names --- */

static void check_name(const WCHAR *source, size_t source_len, size_t expected_len)
{
    struct fake_thread root;
    struct result r;
    size_t i;

    fake_probe_setup(NULL);
    fake_thread_waiting(&root, PID, 1, WctMutexType, WctStatusNotOwned, "", 0, 0);
    memcpy(root.wait.object_name, source, source_len * sizeof(WCHAR));
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    assert_int_equal(r.count, 2);
    for (i = 0; i < expected_len; i++) assert_int_equal(r.nodes[1].LockObject.ObjectName[i], source[i]);
    for (; i < WCT_OBJNAME_LENGTH; i++) assert_int_equal(r.nodes[1].LockObject.ObjectName[i], 0);
}

static void test_walker_object_name_lengths(void **state)
{
    WCHAR name[WCT_OBJNAME_LENGTH];
    size_t i;

    (void)state;
    for (i = 0; i < WCT_OBJNAME_LENGTH; i++) name[i] = (WCHAR)(0x100 + i); /* not ASCII */
    check_name(name, 0, 0);
    check_name(name, 1, 1);
    /* 127 characters and the terminator: the longest name, kept whole. */
    check_name(name, WCT_OBJNAME_LENGTH - 1, WCT_OBJNAME_LENGTH - 1);
    /* 128 characters and no terminator (a broken probe): cut to 127 and terminated. */
    check_name(name, WCT_OBJNAME_LENGTH, WCT_OBJNAME_LENGTH - 1);
}

/* A longer name, cut by the fake to fit, arrives terminated. */
static void test_walker_object_name_longer_than_limit(void **state)
{
    char name[300];
    struct fake_thread root;
    struct result r;

    (void)state;
    memset(name, 'n', sizeof(name) - 1);
    name[sizeof(name) - 1] = 0;
    fake_thread_waiting(&root, PID, 1, WctMutexType, WctStatusAbandoned, name, 0, 0);
    fake_probe_expect_walk(ERROR_SUCCESS);
    fake_probe_expect_inspect(1, WANT, &root);
    run_walk(&fake_probe_ops, 0, 1, WCT_MAX_NODE_COUNT, &r);

    assert_int_equal(r.error, ERROR_SUCCESS);
    name[WCT_OBJNAME_LENGTH - 1] = 0;
    assert_object_node(&r.nodes[1], WctMutexType, WctStatusAbandoned, name);
}


#define WALKER_TEST(name) cmocka_unit_test_setup(name, fake_probe_setup)

int main(void)
{
    const struct CMUnitTest tests[] = {
        WALKER_TEST(test_walker_single_running_thread),
        WALKER_TEST(test_walker_blocked_thread_without_object),
        WALKER_TEST(test_walker_each_object_type),
        WALKER_TEST(test_walker_invalid_object_type_is_unknown),
        WALKER_TEST(test_walker_next_thread_continuation),
        WALKER_TEST(test_walker_without_begin_end_hooks),
        WALKER_TEST(test_walker_cs_deadlock_cycle),
        WALKER_TEST(test_walker_nine_node_cycle),
        WALKER_TEST(test_walker_cycle_longer_than_capacity),
        WALKER_TEST(test_walker_self_cycle),
        WALKER_TEST(test_walker_cycle_not_confirmed_at_root),
        WALKER_TEST(test_walker_cycle_not_confirmed_by_serial),
        WALKER_TEST(test_walker_cycle_uncounted_three_passes),
        WALKER_TEST(test_walker_cycle_uncounted_last_pass_disagrees),
        WALKER_TEST(test_walker_self_cycle_uncounted),
        WALKER_TEST(test_walker_nine_node_uncounted_second_pass_disagrees),
        WALKER_TEST(test_walker_cycle_not_confirmed_inside),
        WALKER_TEST(test_walker_self_cycle_not_confirmed),
        WALKER_TEST(test_walker_cycle_closing_at_node_17_not_confirmed),
        WALKER_TEST(test_walker_truncation_every_capacity_and_length),
        WALKER_TEST(test_walker_too_many_threads_at_capacity_16),
        WALKER_TEST(test_walker_more_data_asks_for_16_when_chain_passes_16),
        WALKER_TEST(test_walker_sixteen_nodes_then_exited_owner),
        WALKER_TEST(test_walker_cycle_closing_at_node_17_is_too_many_threads),
        WALKER_TEST(test_walker_root_not_found),
        WALKER_TEST(test_walker_root_access_denied),
        WALKER_TEST(test_walker_root_other_error),
        WALKER_TEST(test_walker_begin_walk_fails),
        WALKER_TEST(test_walker_nonroot_no_access),
        WALKER_TEST(test_walker_nonroot_no_access_process_from_probe),
        WALKER_TEST(test_walker_nonroot_exited),
        WALKER_TEST(test_walker_nonroot_other_error),
        WALKER_TEST(test_walker_invalid_parameters),
        WALKER_TEST(test_walker_stops_at_other_process),
        WALKER_TEST(test_walker_follows_other_process_with_flag),
        WALKER_TEST(test_walker_stops_when_probe_reports_other_process),
        WALKER_TEST(test_walker_cross_process_cycle_with_flag),
        WALKER_TEST(test_walker_want_bits_from_flags),
        WALKER_TEST(test_walker_cs_flag_without_out_of_proc_stops),
        WALKER_TEST(test_walker_object_name_lengths),
        WALKER_TEST(test_walker_object_name_longer_than_limit),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_wctdump_watch.c - --watch's bookkeeping (tools/wctdump/watch_track.c): what counts as
 * the same wait from one sample to the next, the time seen (a lower bound: from the end of
 * the first sample that saw it to the start of the last), and the report's filtering.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>
#include "wctdump.h"

#define PID 32

static struct wctdump_process processes[1];
static struct wctdump_chain chains[4];
static struct wctdump_scan sample;


static void set_thread(WAITCHAIN_NODE_INFO *node, DWORD tid, WCT_OBJECT_STATUS status)
{
    memset(node, 0, sizeof(*node));
    node->ObjectType = WctThreadType;
    node->ObjectStatus = status;
    node->ThreadObject.ProcessId = PID;
    node->ThreadObject.ThreadId = tid;
}


/* tid waits on a mutex named name, owned by owner (0: no owner shown). */
static void make_wait(struct wctdump_chain *chain, DWORD tid, const WCHAR *name, DWORD owner)
{
    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = tid;
    set_thread(&chain->nodes[0], tid, WctStatusBlocked);
    chain->nodes[1].ObjectType = WctMutexType;
    chain->nodes[1].ObjectStatus = WctStatusOwned;
    wcscpy(chain->nodes[1].LockObject.ObjectName, name);
    chain->count = 2;
    if (owner)
    {
        set_thread(&chain->nodes[2], owner, WctStatusBlocked);
        chain->count = 3;
    }
}


static void make_running(struct wctdump_chain *chain, DWORD tid)
{
    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = tid;
    set_thread(&chain->nodes[0], tid, WctStatusRunning);
    chain->count = 1;
}


/* One process, 4 threads: 100 and 104 wait on mutexes, 108 runs, 112 could not be read. */
static int setup_sample(void **state)
{
    (void)state;
    memset(&sample, 0, sizeof(sample));
    make_wait(&chains[0], 100, L"m1", 200);
    make_wait(&chains[1], 104, L"m2", 0);
    make_running(&chains[2], 108);
    memset(&chains[3], 0, sizeof(chains[3]));
    chains[3].pid = PID;
    chains[3].tid = 112;
    chains[3].error = ERROR_ACCESS_DENIED;
    processes[0].pid = PID;
    processes[0].count = 4;
    sample.processes = processes;
    sample.process_count = 1;
    sample.chains = chains;
    sample.chain_count = 4;
    return 0;
}


static void test_same_wait(void **state)
{
    struct wctdump_chain other;

    (void)state;
    assert_true(wctdump_same_wait(&chains[0], &chains[0]));
    make_wait(&other, 100, L"m1", 204);        /* another owner */
    assert_false(wctdump_same_wait(&chains[0], &other));
    make_wait(&other, 100, L"m9", 200);        /* another object */
    assert_false(wctdump_same_wait(&chains[0], &other));
    make_wait(&other, 100, L"m1", 0);          /* the owner no longer shown */
    assert_false(wctdump_same_wait(&chains[0], &other));
    make_wait(&other, 100, L"m1", 200);
    other.nodes[0].ThreadObject.ContextSwitches = 1; /* it woke up in between (Windows) */
    assert_false(wctdump_same_wait(&chains[0], &other));
    make_wait(&other, 100, L"m1", 200);        /* nodes past the owner do not matter */
    other.count = 4;
    other.nodes[3].ObjectType = WctThreadWaitType;
    assert_true(wctdump_same_wait(&chains[0], &other));
    assert_false(wctdump_same_wait(&chains[2], &chains[2])); /* running: not a wait */
    assert_false(wctdump_same_wait(&chains[3], &chains[3])); /* no nodes */
    assert_true(wctdump_chain_is_waiting(&chains[0]));
    assert_false(wctdump_chain_is_waiting(&chains[2]));
}


static void test_tracker_seen_times(void **state)
{
    struct wctdump_tracker tracker;

    (void)state;
    wctdump_tracker_init(&tracker);
    wctdump_tracker_update(&tracker, &sample, 1000, 1100);
    /* One sample: nothing seen for any time yet. */
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 100), 0);
    wctdump_tracker_update(&tracker, &sample, 1600, 1650);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 100), 500);
    /* 104's owner changes: its time starts again at the end of that sample. */
    make_wait(&chains[1], 104, L"m2", 300);
    wctdump_tracker_update(&tracker, &sample, 2100, 2150);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 100), 1000);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 104), 0);
    wctdump_tracker_update(&tracker, &sample, 2600, 2700);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 104), 450);
    /* 100 runs for one sample: forgotten, and a new wait later starts from zero. */
    make_running(&chains[0], 100);
    wctdump_tracker_update(&tracker, &sample, 3100, 3200);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 100), 0);
    make_wait(&chains[0], 100, L"m1", 200);
    wctdump_tracker_update(&tracker, &sample, 3600, 3700);
    wctdump_tracker_update(&tracker, &sample, 4100, 4200);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 100), 400);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 108), 0);
    assert_int_equal(wctdump_tracker_seen_ms(&tracker, 112), 0);
    assert_false(tracker.failed);
    wctdump_tracker_free(&tracker);
}


static void test_tracker_filter(void **state)
{
    struct wctdump_tracker tracker;

    (void)state;
    wctdump_tracker_init(&tracker);
    wctdump_tracker_update(&tracker, &sample, 0, 100);
    make_wait(&chains[1], 104, L"m2", 300);
    wctdump_tracker_update(&tracker, &sample, 5100, 5200);
    /* 100 was seen from 100 to 5100; 104 changed in the last sample. */
    wctdump_tracker_filter(&tracker, &sample, 5000);
    assert_int_equal(sample.chain_count, 1);
    assert_int_equal(sample.chains[0].tid, 100);
    assert_int_equal(sample.chains[0].seen_ms, 5000);
    assert_int_equal(sample.process_count, 1);
    assert_int_equal(sample.processes[0].first, 0);
    assert_int_equal(sample.processes[0].count, 1);
    wctdump_tracker_free(&tracker);
}


static void test_tracker_filter_drops_empty_processes(void **state)
{
    struct wctdump_tracker tracker;

    (void)state;
    wctdump_tracker_init(&tracker);
    wctdump_tracker_update(&tracker, &sample, 0, 100);
    wctdump_tracker_update(&tracker, &sample, 1000, 1100);
    wctdump_tracker_filter(&tracker, &sample, 5000);
    assert_int_equal(sample.chain_count, 0);
    assert_int_equal(sample.process_count, 0);
    wctdump_tracker_free(&tracker);
}


/* After Ctrl-C (min 0): every wait seen for some time, none seen by one sample only. */
static void test_tracker_filter_interrupted(void **state)
{
    struct wctdump_tracker tracker;

    (void)state;
    wctdump_tracker_init(&tracker);
    wctdump_tracker_update(&tracker, &sample, 0, 100);
    make_wait(&chains[1], 104, L"m2", 300);
    wctdump_tracker_update(&tracker, &sample, 700, 800);
    wctdump_tracker_filter(&tracker, &sample, 0);
    assert_int_equal(sample.chain_count, 1);
    assert_int_equal(sample.chains[0].tid, 100);
    assert_int_equal(sample.chains[0].seen_ms, 600);
    wctdump_tracker_free(&tracker);
}


int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_same_wait, setup_sample),
        cmocka_unit_test_setup(test_tracker_seen_times, setup_sample),
        cmocka_unit_test_setup(test_tracker_filter, setup_sample),
        cmocka_unit_test_setup(test_tracker_filter_drops_empty_processes, setup_sample),
        cmocka_unit_test_setup(test_tracker_filter_interrupted, setup_sample),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_walker_native.c - the walker's native unit tests, under ASan and UBSan: hand-made wait
 * graphs, written in the fuzzer's input format, run through the fuzz harness (probe contract,
 * invariants, oracle) and then checked against what each case must give.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: test_walker_native [--write-corpus DIR]
 *   --write-corpus  also saves every hand-made input into DIR, as the fuzzer's seed corpus.
 */

#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "native_check.h"
#include "walker_harness.h"

#define MAX_INPUT (GRAPH_HEADER_SIZE + GRAPH_MAX_THREADS * GRAPH_RECORD_SIZE)
#define FULL WCT_MAX_NODE_COUNT

/* One hand-made input. */
struct input
{
    uint8_t bytes[MAX_INPUT];
    size_t size;
};

static const char *corpus_dir;
static unsigned int inputs_run, cases_run;


/* Header for `threads` threads in `processes` processes, root = thread 0; records zeroed:
 * each thread runs, in process 0, and waits on nothing. */
static void input_start(struct input *in, DWORD flags, DWORD capacity, unsigned int threads,
                        unsigned int processes)
{
    memset(in, 0, sizeof(*in));
    in->bytes[0] = (uint8_t)flags;
    in->bytes[1] = (uint8_t)capacity;
    in->bytes[2] = GRAPH_PROBE_HOOKS;
    in->bytes[3] = (uint8_t)(threads - 1);
    in->bytes[4] = (uint8_t)(processes - 1);
    in->bytes[5] = 0;
    in->size = GRAPH_HEADER_SIZE + threads * GRAPH_RECORD_SIZE;
}

static uint8_t *record(struct input *in, unsigned int index)
{
    return &in->bytes[GRAPH_HEADER_SIZE + index * GRAPH_RECORD_SIZE];
}

/* Thread `index` is blocked on an object of `type`, owned by / targeting `next`. */
static void input_wait(struct input *in, unsigned int index, WCT_OBJECT_TYPE type,
                       WCT_OBJECT_STATUS status, uint8_t next)
{
    uint8_t *rec = record(in, index);

    rec[REC_STATUS] = 1; /* Blocked */
    rec[REC_OBJECT_TYPE] = (uint8_t)type;
    rec[REC_OBJECT_STATUS] = (uint8_t)status;
    rec[REC_NEXT] = next;
}

static void save_input(const struct input *in, const char *name)
{
    char path[4096];
    FILE *file;

    if (!corpus_dir) return;
    snprintf(path, sizeof(path), "%s/seed-%s-%u", corpus_dir, name, inputs_run);
    file = fopen(path, "wb");
    NATIVE_CHECK(file != NULL, "cannot write %s", path);
    NATIVE_CHECK(fwrite(in->bytes, 1, in->size, file) == in->size, "cannot write %s", path);
    fclose(file);
}

static void run(const struct input *in, const char *name, struct walker_outcome *out)
{
    save_input(in, name);
    walker_run_input(in->bytes, in->size, out);
    inputs_run++;
}

static void expect_result(const struct walker_outcome *out, DWORD error, DWORD count,
                          BOOL is_cycle)
{
    NATIVE_CHECK(out->error == error, "error %lu, expected %lu", (unsigned long)out->error,
                 (unsigned long)error);
    NATIVE_CHECK(out->count == count, "count %lu, expected %lu", (unsigned long)out->count,
                 (unsigned long)count);
    NATIVE_CHECK(out->is_cycle == is_cycle, "cycle %d, expected %d", out->is_cycle, is_cycle);
}

static void expect_node(const struct walker_outcome *out, DWORD index, WCT_OBJECT_TYPE type,
                        WCT_OBJECT_STATUS status)
{
    NATIVE_CHECK(index < out->stored, "node %lu not stored", (unsigned long)index);
    NATIVE_CHECK(out->nodes[index].ObjectType == type && out->nodes[index].ObjectStatus == status,
                 "node %lu: type %d status %d, expected %d %d", (unsigned long)index,
                 out->nodes[index].ObjectType, out->nodes[index].ObjectStatus, type, status);
}

static void expect_thread(const struct walker_outcome *out, DWORD index, unsigned int thread)
{
    NATIVE_CHECK(out->nodes[index].ObjectType == WctThreadType &&
                 out->nodes[index].ThreadObject.ThreadId == wait_graph_thread_id(thread),
                 "node %lu is not thread %u", (unsigned long)index, thread);
}


static void test_walker_single_running_thread(void)
{
    struct walker_outcome out;
    struct input in;

    input_start(&in, 0, FULL, 1, 1);
    run(&in, "single", &out);
    expect_result(&out, ERROR_SUCCESS, 1, FALSE);
    expect_node(&out, 0, WctThreadType, WctStatusRunning);
}

/* root joins A, A joins B, B waits on CS1 owned by C, C waits on CS2 owned by B. */
static void test_walker_nine_node_cycle(void)
{
    struct walker_outcome out;
    struct input in;
    DWORD capacity;

    for (capacity = 1; capacity <= FULL; capacity++)
    {
        input_start(&in, 0, capacity, 4, 1);
        input_wait(&in, 0, WctThreadWaitType, WctStatusBlocked, 1);
        input_wait(&in, 1, WctThreadWaitType, WctStatusBlocked, 2);
        input_wait(&in, 2, WctCriticalSectionType, WctStatusOwned, 3);
        input_wait(&in, 3, WctCriticalSectionType, WctStatusOwned, 2);
        run(&in, "nine", &out);
        expect_result(&out, capacity < 9 ? ERROR_MORE_DATA : ERROR_SUCCESS, 9, TRUE);
    }
    expect_thread(&out, 0, 0);
    expect_node(&out, 1, WctThreadWaitType, WctStatusBlocked);
    expect_thread(&out, 4, 2);
    expect_node(&out, 5, WctCriticalSectionType, WctStatusOwned);
    expect_thread(&out, 6, 3);
    expect_thread(&out, 8, 2);
}

static void test_walker_self_cycle(void)
{
    struct walker_outcome out;
    struct input in;

    input_start(&in, 0, FULL, 1, 1);
    input_wait(&in, 0, WctCriticalSectionType, WctStatusOwned, GRAPH_NEXT_SELF);
    run(&in, "self", &out);
    expect_result(&out, ERROR_SUCCESS, 3, TRUE);
    expect_thread(&out, 2, 0);
}

/* The nine-node cycle where thread 3's wait ends after its first look: no cycle, the chain
 * ends at thread 3 running (node 6). */
static void test_walker_cycle_not_confirmed(void)
{
    struct walker_outcome out;
    struct input in;

    input_start(&in, 0, FULL, 4, 1);
    input_wait(&in, 0, WctThreadWaitType, WctStatusBlocked, 1);
    input_wait(&in, 1, WctThreadWaitType, WctStatusBlocked, 2);
    input_wait(&in, 2, WctCriticalSectionType, WctStatusOwned, 3);
    input_wait(&in, 3, WctCriticalSectionType, WctStatusOwned, 2);
    record(&in, 3)[REC_VISIBILITY] |= GRAPH_MOVES;
    run(&in, "unconfirmed", &out);
    expect_result(&out, ERROR_SUCCESS, 7, FALSE);
    expect_thread(&out, 6, 3);
    expect_node(&out, 6, WctThreadType, WctStatusRunning);
}

/* Two threads each waiting for the other, where later looks show thread 1 in the same wait
 * begun anew: counted (GRAPH_COUNTED), the new serial tells it and the chain ends at thread
 * 1 with no cycle; not counted, nothing can tell it and the cycle stands (the documented
 * limit), after the walker's three rounds of looks. */
static void test_walker_cycle_restarted_wait(void)
{
    struct walker_outcome out;
    struct input in;
    int counted;

    for (counted = 0; counted < 2; counted++)
    {
        input_start(&in, 0, FULL, 2, 1);
        input_wait(&in, 0, WctCriticalSectionType, WctStatusOwned, 1);
        input_wait(&in, 1, WctCriticalSectionType, WctStatusOwned, 0);
        record(&in, 0)[REC_VISIBILITY] |= GRAPH_COUNTED;
        record(&in, 1)[REC_VISIBILITY] |= GRAPH_RESTARTS | (counted ? GRAPH_COUNTED : 0);
        run(&in, counted ? "restarted, counted" : "restarted, not counted", &out);
        if (counted)
        {
            expect_result(&out, ERROR_SUCCESS, 3, FALSE);
            expect_thread(&out, 2, 1);
        }
        else expect_result(&out, ERROR_SUCCESS, 5, TRUE);
    }
}

/* A chain of `length` nodes: threads joining the next; the last runs or waits on an event. */
static void chain_input(struct input *in, DWORD length, DWORD capacity)
{
    unsigned int threads = (length + 1) / 2, i;

    input_start(in, 0, capacity, threads, 1);
    for (i = 0; i < threads; i++)
    {
        if (2 * i + 1 == length) continue; /* last node: a running thread */
        input_wait(in, i, i + 1 < threads ? WctThreadWaitType : WctUnknownType, WctStatusBlocked,
                   i + 1 < threads ? (uint8_t)(i + 1) : GRAPH_NEXT_NONE);
    }
}

static void test_walker_truncation_every_capacity_and_length(void)
{
    struct walker_outcome out;
    struct input in;
    DWORD length, capacity;

    for (length = 1; length <= 23; length++)
    {
        for (capacity = 0; capacity < 20; capacity++)
        {
            DWORD found = length > FULL ? FULL : length;

            chain_input(&in, length, capacity);
            run(&in, "chain", &out);
            if (capacity < 1 || capacity > FULL)
                NATIVE_CHECK(out.error == ERROR_INVALID_PARAMETER, "capacity %lu accepted",
                             (unsigned long)capacity);
            else if (found > capacity) expect_result(&out, ERROR_MORE_DATA, found, FALSE);
            else if (length > FULL) expect_result(&out, ERROR_TOO_MANY_THREADS, FULL, FALSE);
            else expect_result(&out, ERROR_SUCCESS, length, FALSE);
        }
    }
}

static void test_walker_other_process(void)
{
    struct walker_outcome out;
    struct input in;
    DWORD flags;

    for (flags = 0; flags <= WCT_OUT_OF_PROC_FLAG; flags++)
    {
        input_start(&in, flags, FULL, 3, 2);
        input_wait(&in, 0, WctThreadWaitType, WctStatusBlocked, 1);
        record(&in, 1)[REC_PROCESS] = 1;
        input_wait(&in, 1, WctMutexType, WctStatusOwned, 2);
        record(&in, 2)[REC_PROCESS] = 1;
        run(&in, "process", &out);
        if (flags) expect_result(&out, ERROR_SUCCESS, 5, FALSE);
        else expect_result(&out, ERROR_SUCCESS, 3, FALSE);
        expect_thread(&out, 2, 1);

        /* The edge does not tell the process: the walker finds out from the thread. */
        record(&in, 0)[REC_NEXT_PID] = 1;
        run(&in, "process", &out);
        expect_result(&out, ERROR_SUCCESS, flags ? 5 : 3, FALSE);
    }
}

static void test_walker_nonroot_failures(void)
{
    static const struct { uint8_t error; DWORD count; WCT_OBJECT_STATUS status; } cases[] = {
        { GRAPH_DENIED, 3, WctStatusNoAccess },
        { GRAPH_FAILING, 3, WctStatusError },
        { GRAPH_EXITED, 2, 0 },
    };
    struct walker_outcome out;
    struct input in;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        input_start(&in, 0, FULL, 2, 1);
        input_wait(&in, 0, WctCriticalSectionType, WctStatusOwned, 1);
        record(&in, 1)[REC_ERROR] = cases[i].error;
        run(&in, "nonroot", &out);
        expect_result(&out, ERROR_SUCCESS, cases[i].count, FALSE);
        if (cases[i].count == 3) expect_node(&out, 2, WctThreadType, cases[i].status);
    }
    /* The owner is a thread id nobody has: it exited. */
    input_start(&in, 0, FULL, 1, 1);
    input_wait(&in, 0, WctMutexType, WctStatusOwned, GRAPH_NEXT_GONE);
    run(&in, "gone", &out);
    expect_result(&out, ERROR_SUCCESS, 2, FALSE);
}

static void test_walker_root_failures(void)
{
    static const struct { uint8_t error; DWORD expected; } cases[] = {
        { GRAPH_EXITED, ERROR_OBJECT_NOT_FOUND },
        { GRAPH_DENIED, ERROR_ACCESS_DENIED },
        { GRAPH_FAILING, ERROR_GEN_FAILURE },
    };
    struct walker_outcome out;
    struct input in;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        input_start(&in, 0, FULL, 1, 1);
        record(&in, 0)[REC_ERROR] = cases[i].error;
        run(&in, "root", &out);
        expect_result(&out, cases[i].expected, 0, FALSE);
    }
    input_start(&in, 0, FULL, 1, 1);
    in.bytes[5] = 0xf0; /* a root thread id nobody has */
    run(&in, "noroot", &out);
    expect_result(&out, ERROR_OBJECT_NOT_FOUND, 0, FALSE);
}

static void test_walker_probe_modes(void)
{
    struct walker_outcome out;
    struct input in;
    uint8_t mode;

    for (mode = 0; mode < GRAPH_PROBE_MODES; mode++)
    {
        input_start(&in, 0, FULL, 2, 1);
        in.bytes[2] = mode;
        input_wait(&in, 0, WctCriticalSectionType, WctStatusOwned, 1);
        run(&in, "mode", &out);
        if (mode == GRAPH_PROBE_BEGIN_FAILS) expect_result(&out, ERROR_NOT_ENOUGH_MEMORY, 0, FALSE);
        else expect_result(&out, ERROR_SUCCESS, 3, FALSE);
    }
}

static void test_walker_want_bits(void)
{
    static const struct { uint8_t visibility; DWORD flag; } cases[] = {
        { GRAPH_NEEDS_FOREIGN_CS, WCT_OUT_OF_PROC_CS_FLAG },
        { GRAPH_NEEDS_NETWORK, WCT_NETWORK_IO_FLAG },
    };
    struct walker_outcome out;
    struct input in;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        DWORD flags;

        for (flags = 0; flags <= cases[i].flag; flags += cases[i].flag)
        {
            input_start(&in, flags, FULL, 2, 1);
            input_wait(&in, 0, WctSocketIoType, WctStatusOwned, 1);
            record(&in, 0)[REC_VISIBILITY] = cases[i].visibility;
            run(&in, "want", &out);
            expect_result(&out, ERROR_SUCCESS, flags ? 3 : 1, FALSE);
        }
    }
}

static void test_walker_object_names(void)
{
    static const uint8_t lengths[] = { 0, 1, 126, 127, 128, 130 };
    struct walker_outcome out;
    struct input in;
    size_t i;

    for (i = 0; i < sizeof(lengths); i++)
    {
        size_t len = 0;

        input_start(&in, 0, FULL, 1, 1);
        input_wait(&in, 0, WctMutexType, WctStatusNotOwned, GRAPH_NEXT_NONE);
        record(&in, 0)[REC_NAME_LENGTH] = lengths[i];
        record(&in, 0)[REC_NAME_SEED] = (uint8_t)(i * 7);
        run(&in, "name", &out);
        expect_result(&out, ERROR_SUCCESS, 2, FALSE);
        while (len < WCT_OBJNAME_LENGTH && out.nodes[1].LockObject.ObjectName[len]) len++;
        NATIVE_CHECK(len == (lengths[i] < WCT_OBJNAME_LENGTH ? lengths[i] : WCT_OBJNAME_LENGTH - 1),
                     "name of %u characters came out with %zu", lengths[i], len);
    }
}

/* Hostile answers: object types that are no object kind are reported as WctUnknownType. */
static void test_walker_invalid_object_types(void)
{
    static const uint8_t types[] = { WctThreadType, 13, 14 };
    struct walker_outcome out;
    struct input in;
    size_t i;

    for (i = 0; i < sizeof(types); i++)
    {
        input_start(&in, 0, FULL, 2, 1);
        input_wait(&in, 0, (WCT_OBJECT_TYPE)types[i], WctStatusOwned, 1);
        run(&in, "type", &out);
        expect_result(&out, ERROR_SUCCESS, 3, FALSE);
        expect_node(&out, 1, WctUnknownType, WctStatusOwned);
    }
}


#define RUN(test) do { test(); cases_run++; printf("[ OK ] %s\n", #test); } while (0)

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--write-corpus")) corpus_dir = argv[2];
    else if (argc != 1)
    {
        fprintf(stderr, "usage: %s [--write-corpus DIR]\n", argv[0]);
        return 2;
    }
    RUN(test_walker_single_running_thread);
    RUN(test_walker_nine_node_cycle);
    RUN(test_walker_self_cycle);
    RUN(test_walker_cycle_not_confirmed);
    RUN(test_walker_cycle_restarted_wait);
    RUN(test_walker_truncation_every_capacity_and_length);
    RUN(test_walker_other_process);
    RUN(test_walker_nonroot_failures);
    RUN(test_walker_root_failures);
    RUN(test_walker_probe_modes);
    RUN(test_walker_want_bits);
    RUN(test_walker_object_names);
    RUN(test_walker_invalid_object_types);
    printf("test_walker_native: %u tests, %u inputs, all passed\n", cases_run, inputs_run);
    return 0;
}

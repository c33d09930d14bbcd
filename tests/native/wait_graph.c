/*
 * wait_graph.c - decodes fuzz bytes into a wait graph and answers probe questions from it.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The graph is deliberately hostile where the probe contract allows it and sometimes where
 * it does not (unterminated names, raw status values, invalid object types), because the
 * walker must stay safe whatever a probe says.
 */

#include <string.h>

#include "wait_graph.h"

#define GRAPH_FIRST_TID 0x100
#define GRAPH_MISSING_TID 0xdead0000u
#define GRAPH_FIRST_PID 1000


/* Reads the input byte by byte; past the end every byte is 0. */
struct byte_reader
{
    const uint8_t *data;
    size_t size;
    size_t pos;
};

static uint8_t read_byte(struct byte_reader *reader)
{
    return reader->pos < reader->size ? reader->data[reader->pos++] : 0;
}


DWORD wait_graph_thread_id(unsigned int index)
{
    return GRAPH_FIRST_TID + 4 * index;
}


DWORD wait_graph_missing_thread_id(unsigned int salt)
{
    return GRAPH_MISSING_TID + 4 * salt;
}


static DWORD process_id(unsigned int index)
{
    return GRAPH_FIRST_PID + 100 * index;
}


static DWORD decode_error(uint8_t byte)
{
    static const DWORD errors[] = {
        ERROR_OBJECT_NOT_FOUND, ERROR_ACCESS_DENIED, ERROR_GEN_FAILURE, ERROR_PARTIAL_COPY };

    return byte < 0xf0 ? ERROR_SUCCESS : errors[(byte - 0xf0) / 4];
}


static WCT_OBJECT_STATUS decode_thread_status(uint8_t byte)
{
    static const WCT_OBJECT_STATUS statuses[] = {
        WctStatusRunning, WctStatusBlocked, WctStatusUnknown };

    return byte % 4 < 3 ? statuses[byte % 4] : (WCT_OBJECT_STATUS)byte;
}


static WCT_OBJECT_TYPE decode_object_type(uint8_t byte)
{
    unsigned int value = byte % 16;

    if (value == 15) return 0;
    if (value == 14) return (WCT_OBJECT_TYPE)0x7fff;
    return (WCT_OBJECT_TYPE)value; /* 0 none, 1..12 the types, 13 WctMaxType */
}


/* A name of length characters (128 and more: the whole buffer, no terminator). */
static void decode_name(WCHAR *name, uint8_t length_byte, uint8_t seed)
{
    unsigned int length = length_byte % 131, i;

    if (length > WCT_OBJNAME_LENGTH) length = WCT_OBJNAME_LENGTH;
    for (i = 0; i < length; i++)
    {
        unsigned int k = (seed + i) % 64;

        /* Mostly printable ASCII, some characters past Latin-1, never a zero. */
        name[i] = (WCHAR)(k < 56 ? 0x21 + k : 0x3000 + k);
    }
}


/* The thread's wait: target, its process id as the edge reports it, and the object. */
static void decode_wait(struct graph_thread *t, const uint8_t *rec, unsigned int index,
                        const DWORD *pids, unsigned int threads, unsigned int processes)
{
    uint8_t next = rec[REC_NEXT];
    DWORD true_pid = 0;

    t->wait.object_type = decode_object_type(rec[REC_OBJECT_TYPE]);
    t->wait.object_status = (WCT_OBJECT_STATUS)(rec[REC_OBJECT_STATUS] % 12);
    decode_name(t->wait.object_name, rec[REC_NAME_LENGTH], rec[REC_NAME_SEED]);
    t->visibility = (enum graph_visibility)(rec[REC_VISIBILITY] % 4 == 3 ? 0 : rec[REC_VISIBILITY] % 4);
    t->moves = (rec[REC_VISIBILITY] & GRAPH_MOVES) != 0;
    t->restarts = (rec[REC_VISIBILITY] & GRAPH_RESTARTS) != 0;
    t->wait.serial_known = (rec[REC_VISIBILITY] & GRAPH_COUNTED) != 0;
    if (t->wait.serial_known) t->wait.wait_serial = 7 * wait_graph_thread_id(index);

    if (next < 0x80)
    {
        unsigned int target = next % threads;

        t->wait.next_thread_id = wait_graph_thread_id(target);
        true_pid = pids[target];
    }
    else if (next >= 0xe0)
    {
        t->wait.next_thread_id = wait_graph_thread_id(index);
        true_pid = pids[index];
    }
    else if (next >= 0xc0)
    {
        t->wait.next_thread_id = wait_graph_missing_thread_id(next - 0xc0);
        true_pid = pids[index];
    }
    switch (rec[REC_NEXT_PID] % 4)
    {
    case 1: t->wait.next_process_id = 0; break;
    case 2: /* wrong: another process of the graph, or one that does not exist */
        t->wait.next_process_id = processes > 1 && true_pid != process_id(processes - 1)
                                  ? process_id(processes - 1) : process_id(GRAPH_MAX_PROCESSES);
        break;
    default: t->wait.next_process_id = true_pid; break;
    }
    if (!t->wait.next_thread_id) t->wait.next_process_id = 0;
}


void wait_graph_decode(struct wait_graph *graph, const uint8_t *data, size_t size)
{
    struct byte_reader reader = { data, size, 0 };
    uint8_t records[GRAPH_MAX_THREADS][GRAPH_RECORD_SIZE];
    DWORD pids[GRAPH_MAX_THREADS];
    unsigned int processes, root, i, j;

    memset(graph, 0, sizeof(*graph));
    graph->flags = read_byte(&reader);
    graph->capacity = read_byte(&reader) % 20;
    graph->probe_mode = (enum graph_probe_mode)(read_byte(&reader) % GRAPH_PROBE_MODES);
    graph->thread_count = 1 + read_byte(&reader) % GRAPH_MAX_THREADS;
    processes = 1 + read_byte(&reader) % GRAPH_MAX_PROCESSES;
    root = read_byte(&reader);

    /* Read every record first: a wait needs its target's process. */
    for (i = 0; i < graph->thread_count; i++)
    {
        for (j = 0; j < GRAPH_RECORD_SIZE; j++) records[i][j] = read_byte(&reader);
        pids[i] = process_id(records[i][REC_PROCESS] % processes);
    }

    graph->root_thread_id = root < 0xf0 ? wait_graph_thread_id(root % graph->thread_count)
                                        : wait_graph_missing_thread_id(root);
    for (i = 0; i < graph->thread_count; i++)
    {
        struct graph_thread *t = &graph->threads[i];
        const uint8_t *rec = records[i];

        t->error = decode_error(rec[REC_ERROR]);
        t->thread.thread_id = wait_graph_thread_id(i);
        t->thread.process_id = pids[i];
        t->thread.status = decode_thread_status(rec[REC_STATUS]);
        t->thread.wait_time = 3 * t->thread.thread_id;
        t->thread.context_switches = 5 * t->thread.thread_id;
        if (t->error != ERROR_SUCCESS)
        {
            /* What a failing probe still knows: the id, and the process half the time. */
            if (rec[REC_STATUS] & 0x80) t->thread.process_id = 0;
            t->thread.status = 0;
            t->thread.wait_time = t->thread.context_switches = 0;
            continue;
        }
        decode_wait(t, rec, i, pids, graph->thread_count, processes);
    }
}


static const struct graph_thread *find_thread(const struct wait_graph *graph, DWORD thread_id)
{
    unsigned int i;

    for (i = 0; i < graph->thread_count; i++)
        if (graph->threads[i].thread.thread_id == thread_id) return &graph->threads[i];
    return NULL;
}


static int wait_visible(const struct graph_thread *t, DWORD want)
{
    if (!(want & PROBE_WANT_WAIT)) return 0;
    switch (t->visibility)
    {
    case GRAPH_NEEDS_FOREIGN_CS: return (want & PROBE_WANT_FOREIGN_CS) != 0;
    case GRAPH_NEEDS_NETWORK: return (want & PROBE_WANT_NETWORK) != 0;
    default: return 1;
    }
}


DWORD wait_graph_answer(const struct wait_graph *graph, DWORD thread_id, DWORD want,
                        struct probe_thread *thread, struct probe_wait *wait)
{
    const struct graph_thread *t = find_thread(graph, thread_id);

    memset(wait, 0, sizeof(*wait));
    memset(thread, 0, sizeof(*thread));
    thread->thread_id = thread_id;
    if (!t) return ERROR_OBJECT_NOT_FOUND;
    *thread = t->thread;
    if (t->error == ERROR_SUCCESS && wait_visible(t, want)) *wait = t->wait;
    return t->error;
}


DWORD wait_graph_answer_later(const struct wait_graph *graph, DWORD thread_id, DWORD want,
                              struct probe_thread *thread, struct probe_wait *wait)
{
    const struct graph_thread *t = find_thread(graph, thread_id);
    DWORD error = wait_graph_answer(graph, thread_id, want, thread, wait);

    if (!t || error != ERROR_SUCCESS) return error;
    if (t->moves)
    {
        thread->status = WctStatusRunning;
        memset(wait, 0, sizeof(*wait));
    }
    else if (t->restarts && wait->serial_known) wait->wait_serial++;
    return error;
}

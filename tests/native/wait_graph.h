/*
 * wait_graph.h - a random wait graph decoded from bytes: the world the native fake probe
 * serves to the walker (tests/native only).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Input format (every byte optional: a missing byte reads as 0):
 *   header, 6 bytes:
 *     flags     GetThreadWaitChain's Flags, all 8 bits (unknown bits included)
 *     capacity  *NodeCount on input: byte % 20 (0 and 17..19 are invalid on purpose)
 *     probe     which ops exist: byte % 5, see enum graph_probe_mode
 *     threads   1 + byte % GRAPH_MAX_THREADS
 *     processes 1 + byte % GRAPH_MAX_PROCESSES
 *     root      byte < 0xf0: thread index byte % threads; else a thread id nobody has
 *   then one GRAPH_RECORD_SIZE-byte record per thread, see struct graph_record_bytes.
 */

#ifndef WCT_NATIVE_WAIT_GRAPH_H
#define WCT_NATIVE_WAIT_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "probe.h"

#define GRAPH_MAX_THREADS 32
#define GRAPH_MAX_PROCESSES 4
#define GRAPH_HEADER_SIZE 6
#define GRAPH_RECORD_SIZE 10

/* Byte offsets inside one thread record. */
enum graph_record_bytes
{
    REC_PROCESS,     /* process index: byte % processes */
    REC_ERROR,       /* < 0xf0 ok; f0-f3 exited; f4-f7 access denied; f8-fb, fc-ff other errors */
    REC_STATUS,      /* byte % 4: Running, Blocked, Unknown, or the raw byte (hostile) */
    REC_OBJECT_TYPE, /* byte % 16: 0 none, 1..12 the types, 13 WctMaxType, 14 0x7fff, 15 none */
    REC_OBJECT_STATUS, /* byte % 12, raw */
    REC_NEXT,        /* < 0x80 thread index byte % threads; 80-bf none; c0-df gone; e0-ff self */
    REC_NEXT_PID,    /* byte % 4: 0/3 the true process, 1 zero (unknown), 2 a wrong one */
    REC_VISIBILITY,  /* byte % 4: 1 only with PROBE_WANT_FOREIGN_CS, 2 only with
                        PROBE_WANT_NETWORK, else always; bit 0x40: the wait ends after the
                        thread's first look (GRAPH_MOVES); bit 0x80: the OS counts the
                        wait (GRAPH_COUNTED); bit 0x20: later looks see an identical new
                        wait (GRAPH_RESTARTS) */
    REC_NAME_LENGTH, /* byte % 131: 128..130 fill all 128 characters, no terminator */
    REC_NAME_SEED,   /* picks the name's characters */
};

/* Values of REC_ERROR that mean one error, for hand-written inputs. */
#define GRAPH_OK 0x00
#define GRAPH_EXITED 0xf0
#define GRAPH_DENIED 0xf4
#define GRAPH_FAILING 0xf8

/* Values of REC_NEXT for hand-written inputs (a thread index is written as itself). */
#define GRAPH_NEXT_NONE 0x80
#define GRAPH_NEXT_GONE 0xc0
#define GRAPH_NEXT_SELF 0xe0

/* Bit of REC_VISIBILITY: every look after the first shows the thread running, no wait. */
#define GRAPH_MOVES 0x40
/* Bit of REC_VISIBILITY: the wait is counted (serial_known, wait_serial 7 * thread id). */
#define GRAPH_COUNTED 0x80
/* Bit of REC_VISIBILITY: every look after the first shows the same wait begun anew: with
 * the next serial when it is counted, indistinguishable when it is not. */
#define GRAPH_RESTARTS 0x20

enum graph_probe_mode
{
    GRAPH_PROBE_HOOKS,        /* begin_walk and end_walk, begin succeeds */
    GRAPH_PROBE_NO_HOOKS,     /* neither */
    GRAPH_PROBE_BEGIN_FAILS,  /* begin_walk returns ERROR_NOT_ENOUGH_MEMORY */
    GRAPH_PROBE_END_ONLY,     /* end_walk alone */
    GRAPH_PROBE_BEGIN_ONLY,   /* begin_walk alone */
    GRAPH_PROBE_MODES
};

enum graph_visibility
{
    GRAPH_VISIBLE,            /* the wait is always reported */
    GRAPH_NEEDS_FOREIGN_CS,   /* reported only with PROBE_WANT_FOREIGN_CS */
    GRAPH_NEEDS_NETWORK,      /* reported only with PROBE_WANT_NETWORK */
};

struct graph_thread
{
    DWORD error;                 /* what inspect_thread returns */
    struct probe_thread thread;  /* on failure: thread_id and a partial process_id */
    struct probe_wait wait;      /* the wait as the OS shows it (name maybe unterminated) */
    enum graph_visibility visibility;
    int moves;                   /* later looks: running, no wait */
    int restarts;                /* later looks: the same wait begun anew (GRAPH_RESTARTS) */
};

struct wait_graph
{
    DWORD flags;
    DWORD capacity;
    enum graph_probe_mode probe_mode;
    DWORD root_thread_id;
    unsigned int thread_count;
    struct graph_thread threads[GRAPH_MAX_THREADS];
};

/* Decodes any bytes into a graph (never fails). */
void wait_graph_decode(struct wait_graph *graph, const uint8_t *data, size_t size);

/* Thread id of thread index i, and an id that no thread has. */
DWORD wait_graph_thread_id(unsigned int index);
DWORD wait_graph_missing_thread_id(unsigned int salt);

/*
 * What the OS would answer about thread_id when asked for want: the contract of
 * probe_ops.inspect_thread, as a pure function of the graph. The walker's probe and the
 * oracle both use it.
 */
DWORD wait_graph_answer(const struct wait_graph *graph, DWORD thread_id, DWORD want,
                        struct probe_thread *thread, struct probe_wait *wait);
/* The same for a look after the thread's first (what a thread that moves shows then). */
DWORD wait_graph_answer_later(const struct wait_graph *graph, DWORD thread_id, DWORD want,
                              struct probe_thread *thread, struct probe_wait *wait);

#endif /* WCT_NATIVE_WAIT_GRAPH_H */

/*
 * bench_sessions.c - how fast the session engine is: open+close per second, asynchronous
 * requests completed per second with 1 and 4 pool threads, and how long Close takes with
 * N requests queued. Prints figures and ratios; never fails on speed.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * It drives the engine the exports call (session_ops.c, linked from wct_core) with the real
 * probe, so it can set the pool's size in-process (worker_pool_set_max_threads(); programs
 * using wct.dll set WCT_POOL_THREADS instead).
 *
 *   bench_sessions [--iterations N]   (default 10000; CTest's smoke run uses 200)
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session_ops.h"
#include "session_table.h"
#include "worker_pool.h"

#define SESSIONS 4 /* asynchronous sessions sharing the requests of the throughput run */
#define WAIT_LIMIT 60000

struct counter
{
    volatile LONG done;
    LONG wanted;
    HANDLE all_done;
};

/* Buffers for the requests in flight; each request has its own. */
struct buffers
{
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

static HANDLE blocker_release;

static double now_seconds(void)
{
    LARGE_INTEGER counter, frequency;

    QueryPerformanceCounter(&counter);
    QueryPerformanceFrequency(&frequency);
    return (double)counter.QuadPart / (double)frequency.QuadPart;
}

static VOID CALLBACK count_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                    LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct counter *counter = (struct counter *)context;

    (void)handle; (void)status; (void)node_count; (void)nodes; (void)is_cycle;
    if (InterlockedIncrement(&counter->done) == counter->wanted) SetEvent(counter->all_done);
}

static VOID CALLBACK blocking_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                       LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                       LPBOOL is_cycle)
{
    (void)handle; (void)status; (void)node_count; (void)nodes; (void)is_cycle;
    SetEvent((HANDLE)context);
    WaitForSingleObject(blocker_release, WAIT_LIMIT);
}

static DWORD WINAPI wait_forever(void *event)
{
    return WaitForSingleObject(event, INFINITE);
}

static HWCT open_session(DWORD flags, PWAITCHAINCALLBACK callback)
{
    HWCT session = NULL;
    DWORD error = session_open(flags, callback, &probe_win_ops, &session);

    if (error) fprintf(stderr, "session_open failed: %lu\n", (unsigned long)error);
    return session;
}

/* Opens and closes count sessions; returns pairs per second. */
static double measure_open_close(DWORD flags, int count)
{
    double start = now_seconds();
    int i;

    for (i = 0; i < count; i++) session_close(open_session(flags, count_callback));
    return count / (now_seconds() - start);
}

/* count requests for target spread over SESSIONS sessions (or one); returns completions/s. */
static double measure_async(LONG threads, int sessions, int count, DWORD target,
                            struct buffers *buffers)
{
    struct counter counter = { 0, count, CreateEventW(NULL, TRUE, FALSE, NULL) };
    HWCT handles[SESSIONS];
    double start, elapsed;
    int i;

    worker_pool_set_max_threads(threads);
    for (i = 0; i < sessions; i++) handles[i] = open_session(WCT_ASYNC_OPEN_FLAG, count_callback);
    start = now_seconds();
    for (i = 0; i < count; i++)
    {
        buffers[i].count = WCT_MAX_NODE_COUNT;
        if (session_get_chain(handles[i % sessions], (DWORD_PTR)&counter, 0, target,
                              &buffers[i].count, buffers[i].nodes, &buffers[i].is_cycle)
            != ERROR_IO_PENDING)
            InterlockedIncrement(&counter.done); /* not expected; keeps the count right */
    }
    if (WaitForSingleObject(counter.all_done, WAIT_LIMIT) != WAIT_OBJECT_0)
        fprintf(stderr, "async run: only %ld of %d callbacks came\n", (long)counter.done, count);
    elapsed = now_seconds() - start;
    for (i = 0; i < sessions; i++) session_close(handles[i]);
    CloseHandle(counter.all_done);
    return count / elapsed;
}

/* Holds the only pool thread, queues queued requests on a session, times its Close
 * (which cancels them all); returns milliseconds. */
static double measure_close(int queued, DWORD target, struct buffers *buffers)
{
    struct counter counter = { 0, queued, CreateEventW(NULL, TRUE, FALSE, NULL) };
    HANDLE blocked = CreateEventW(NULL, TRUE, FALSE, NULL);
    HWCT blocker, session;
    struct buffers blocker_buffers = { WCT_MAX_NODE_COUNT, { { 0 } }, FALSE };
    double start, elapsed;
    int i;

    worker_pool_set_max_threads(1);
    ResetEvent(blocker_release);
    blocker = open_session(WCT_ASYNC_OPEN_FLAG, blocking_callback);
    session_get_chain(blocker, (DWORD_PTR)blocked, 0, target, &blocker_buffers.count,
                      blocker_buffers.nodes, &blocker_buffers.is_cycle);
    WaitForSingleObject(blocked, WAIT_LIMIT);
    session = open_session(WCT_ASYNC_OPEN_FLAG, count_callback);
    for (i = 0; i < queued; i++)
    {
        buffers[i].count = WCT_MAX_NODE_COUNT;
        session_get_chain(session, (DWORD_PTR)&counter, 0, target, &buffers[i].count,
                          buffers[i].nodes, &buffers[i].is_cycle);
    }
    start = now_seconds();
    session_close(session);
    elapsed = now_seconds() - start;
    if (counter.done != queued) fprintf(stderr, "close: %ld of %d callbacks\n", (long)counter.done, queued);
    SetEvent(blocker_release);
    session_close(blocker);
    CloseHandle(blocked);
    CloseHandle(counter.all_done);
    return elapsed * 1000.0;
}

static int parse_iterations(int argc, char **argv)
{
    int iterations = 10000;

    if (argc > 2 && !strcmp(argv[1], "--iterations")) iterations = atoi(argv[2]);
    return iterations >= 10 ? iterations : 10;
}

int main(int argc, char **argv)
{
    int iterations = parse_iterations(argc, argv), sizes[3], i;
    struct buffers *buffers = calloc(iterations, sizeof(*buffers));
    HANDLE never = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD target;
    HANDLE waiter = CreateThread(NULL, 0, wait_forever, never, 0, &target);
    double sync_rate, async_open_rate, one, four, single_session, close_ms[3];
    SYSTEM_INFO info;

    if (!buffers || !waiter) return 1;
    blocker_release = CreateEventW(NULL, TRUE, FALSE, NULL);
    GetSystemInfo(&info);
    Sleep(50); /* let the target thread reach its wait */
    printf("wct session benchmark: %d iterations, %lu processors, target: a thread blocked "
           "in WaitForSingleObject (real probe)\n", iterations, (unsigned long)info.dwNumberOfProcessors);

    sync_rate = measure_open_close(0, iterations);
    async_open_rate = measure_open_close(WCT_ASYNC_OPEN_FLAG, iterations);
    printf("open+close, synchronous       %12.0f /s\n", sync_rate);
    printf("open+close, asynchronous      %12.0f /s\n", async_open_rate);

    measure_async(1, SESSIONS, iterations / 10 + 1, target, buffers); /* warm up */
    one = measure_async(1, SESSIONS, iterations, target, buffers);
    four = measure_async(4, SESSIONS, iterations, target, buffers);
    single_session = measure_async(4, 1, iterations, target, buffers);
    printf("async requests, 1 thread      %12.0f /s  (%d sessions)\n", one, SESSIONS);
    printf("async requests, 4 threads     %12.0f /s  (%d sessions)\n", four, SESSIONS);
    printf("async requests, 4 threads     %12.0f /s  (1 session: its requests run in order)\n",
           single_session);
    printf("  ratio 4 threads / 1 thread  %12.2f\n", four / one);

    sizes[0] = iterations / 100 + 1;
    sizes[1] = iterations / 10 + 1;
    sizes[2] = iterations;
    for (i = 0; i < 3; i++)
    {
        close_ms[i] = measure_close(sizes[i], target, buffers);
        printf("close with %6d queued       %12.3f ms  (%.2f us per cancelled request)\n",
               sizes[i], close_ms[i], close_ms[i] * 1000.0 / sizes[i]);
    }
    printf("  ratio close(%d) / close(%d) %9.1f  (queued ratio %d)\n", sizes[2], sizes[0],
           close_ms[2] / (close_ms[0] > 0 ? close_ms[0] : 1e-9), sizes[2] / sizes[0]);
    printf("sessions left open: %lu\n", (unsigned long)session_table_count());

    worker_pool_set_max_threads(0);
    SetEvent(never);
    WaitForSingleObject(waiter, WAIT_LIMIT);
    CloseHandle(waiter);
    CloseHandle(never);
    CloseHandle(blocker_release);
    free(buffers);
    return 0;
}

/*
 * bench_chains.c - what a wait chain costs, against the floor of inspecting one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Measured through the public API of wct.dll, in one run:
 *   floor   one SuspendThread + GetThreadContext + ResumeThread of a blocked thread: the
 *           unavoidable cost of looking at a thread under Wine. It is measured in short
 *           rounds interleaved with each chain's rounds, so both see the same load on a
 *           shared machine; each row reports the medians of its rounds;
 *   chains  GetThreadWaitChain latency for chains of 1, 5, 9 and 16 nodes (threads joining
 *           each other), and per thread node, as a ratio to the floor (goal: <= 1.25x), with
 *           one session, as a hang detector that asks again and again keeps one; and
 *           deadlocks of 2 and 4 threads on critical sections (cycles of 5 and 9 nodes,
 *           each confirmed by a second look at its threads);
 *   scan    every thread of 1, 10 and 50 child processes x 100 threads (100, 1,000 and 5,000
 *           threads), out of process, with a synchronous session: its first pass and its
 *           later ones (medians of 5), per thread against the floor, and the memory the
 *           session holds; and wctdump.exe (next to this program) over every process, less
 *           its run on one thread (goal: <= 1.5x the floor per thread);
 *   async   requests completed per second with 1 and 4 pool threads (child processes started
 *           with WCT_POOL_THREADS, read when the pool starts).
 * It prints a Markdown table and never fails on speed.
 *
 * Usage: bench_chains [--iterations N] [--processes P] [--threads T] [--chains-only]
 *        (internal: --child T   |   --async-child N)
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <tlhelp32.h>
#include <psapi.h>
#include <wct.h>

#define CHAIN_FLAGS (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG | WCT_OUT_OF_PROC_COM_FLAG)
#define MAX_CHAIN_THREADS 8

struct options
{
    int chains_only; /* the chain and cycle rows alone */
    int iterations;
    int processes;
    int threads_per_process;
};

/* A chain of threads, each joining the next; the last one sleeps, or waits on a mutex. */
struct join_chain
{
    HANDLE threads[MAX_CHAIN_THREADS];
    DWORD root_id;
    int count;
    HANDLE mutex; /* owned by the main thread; the last thread waits on it when set */
};

static double now_seconds(void)
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER counter;

    if (!frequency.QuadPart) QueryPerformanceFrequency(&frequency);
    QueryPerformanceCounter(&counter);
    return (double)counter.QuadPart / (double)frequency.QuadPart;
}

static DWORD WINAPI sleep_forever(void *unused)
{
    (void)unused;
    Sleep(INFINITE);
    return 0;
}

static DWORD WINAPI wait_on_handle(void *handle)
{
    return WaitForSingleObject((HANDLE)handle, INFINITE);
}

/* Creates count threads: thread i joins thread i + 1; the last sleeps or waits on mutex. */
static void join_chain_start(struct join_chain *chain, int count, HANDLE mutex)
{
    int i;

    chain->count = count;
    chain->mutex = mutex;
    for (i = count - 1; i >= 0; i--)
    {
        DWORD id;
        if (i == count - 1)
            chain->threads[i] = mutex ? CreateThread(NULL, 0, wait_on_handle, mutex, 0, &id)
                                      : CreateThread(NULL, 0, sleep_forever, NULL, 0, &id);
        else
            chain->threads[i] = CreateThread(NULL, 0, wait_on_handle, chain->threads[i + 1], 0, &id);
        if (i == 0) chain->root_id = id;
    }
    Sleep(300); /* let every thread reach its wait */
}

/* A ring of threads deadlocked on critical sections: thread i holds sections[i] and waits
 * for sections[i + 1] (the last for sections[0]). */
struct cs_ring
{
    CRITICAL_SECTION sections[MAX_CHAIN_THREADS];
    HANDLE threads[MAX_CHAIN_THREADS];
    HANDLE all_hold;                 /* set once every thread holds its section */
    volatile LONG holding;
    DWORD root_id;
    int count;
};

struct ring_member
{
    struct cs_ring *ring;
    int index;
};

static DWORD WINAPI ring_take(void *arg)
{
    struct ring_member *member = arg;
    struct cs_ring *ring = member->ring;
    int i = member->index;

    EnterCriticalSection(&ring->sections[i]);
    if (InterlockedIncrement(&ring->holding) == ring->count) SetEvent(ring->all_hold);
    WaitForSingleObject(ring->all_hold, INFINITE);
    EnterCriticalSection(&ring->sections[(i + 1) % ring->count]); /* never returns */
    return 0;
}

/* Starts the ring; its threads stay deadlocked until the process ends. */
static void cs_ring_start(struct cs_ring *ring, struct ring_member *members, int count)
{
    int i;

    memset(ring, 0, sizeof(*ring));
    ring->count = count;
    ring->all_hold = CreateEventW(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < count; i++) InitializeCriticalSection(&ring->sections[i]);
    for (i = 0; i < count; i++)
    {
        DWORD id;

        members[i].ring = ring;
        members[i].index = i;
        ring->threads[i] = CreateThread(NULL, 0, ring_take, &members[i], 0, &id);
        if (i == 0) ring->root_id = id;
    }
    Sleep(300); /* let every thread reach its wait */
}

static void join_chain_stop(struct join_chain *chain)
{
    int i;

    for (i = 0; i < chain->count; i++)
    {
        TerminateThread(chain->threads[i], 0);
        CloseHandle(chain->threads[i]);
    }
}

/* Seconds per SuspendThread + GetThreadContext + ResumeThread of the blocked thread, averaged
 * over iterations. */
static double measure_floor(HANDLE thread, int iterations)
{
    CONTEXT context;
    double start = now_seconds();
    int i;

    for (i = 0; i < iterations; i++)
    {
        SuspendThread(thread);
        context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
        GetThreadContext(thread, &context);
        ResumeThread(thread);
    }
    return (now_seconds() - start) / iterations;
}

/* Seconds per GetThreadWaitChain of thread_id, averaged over iterations; *nodes gets the
 * chain's length (0 on failure). */
static double measure_chain(HWCT session, DWORD thread_id, int iterations, DWORD *nodes)
{
    WAITCHAIN_NODE_INFO info[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
    double start = now_seconds();
    int i;

    *nodes = 0;
    for (i = 0; i < iterations; i++)
    {
        DWORD count = WCT_MAX_NODE_COUNT;
        if (!GetThreadWaitChain(session, 0, CHAIN_FLAGS, thread_id, &count, info, &is_cycle) &&
            GetLastError() != ERROR_TOO_MANY_THREADS)
        {
            fprintf(stderr, "bench_chains: GetThreadWaitChain(%lu) failed: %lu\n", thread_id, GetLastError());
            return 0.0;
        }
        *nodes = count;
    }
    return (now_seconds() - start) / iterations;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double median(double *values, int count)
{
    qsort(values, count, sizeof(*values), compare_doubles);
    return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Rounds of ROUND_ITERATIONS floor iterations followed by as many chain iterations: both see
 * the same load (the machine may be shared), and the medians of the rounds drop the rounds a
 * preemption spoilt. */
#define ROUND_ITERATIONS 10
#define MAX_ROUNDS 1000

struct row
{
    double floor;                    /* median seconds per floor iteration */
    double chain;                    /* median seconds per chain */
    DWORD nodes;
};

static void measure_row(HWCT session, HANDLE floor_thread, DWORD root_id, int iterations,
                        struct row *row)
{
    static double floors[MAX_ROUNDS], chains[MAX_ROUNDS];
    int rounds = iterations / ROUND_ITERATIONS, i;

    if (rounds < 1) rounds = 1;
    if (rounds > MAX_ROUNDS) rounds = MAX_ROUNDS;
    for (i = 0; i < rounds; i++)
    {
        floors[i] = measure_floor(floor_thread, ROUND_ITERATIONS);
        chains[i] = measure_chain(session, root_id, ROUND_ITERATIONS, &row->nodes);
    }
    row->floor = median(floors, rounds);
    row->chain = median(chains, rounds);
}

/* The chain rows. */
static void bench_chains(const struct options *options)
{
    static const int thread_counts[] = { 1, 3, 5, 8 }; /* 1, 5, 9 and 16 nodes */
    static const int ring_sizes[] = { 2, 4 };           /* cycles of 5 and 9 nodes */
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    HANDLE mutex = CreateMutexW(NULL, TRUE, NULL);
    HANDLE floor_thread = CreateThread(NULL, 0, sleep_forever, NULL, 0, NULL);
    size_t i;

    printf("| chain | thread nodes | floor (us) | latency (us) | per thread node (us) | per thread node / floor |\n");
    printf("|---|---|---|---|---|---|\n");
    for (i = 0; i < ARRAYSIZE(thread_counts); i++)
    {
        struct join_chain chain;
        struct row row;
        int thread_nodes = thread_counts[i];

        join_chain_start(&chain, thread_nodes, thread_nodes == MAX_CHAIN_THREADS ? mutex : NULL);
        measure_row(session, floor_thread, chain.root_id, options->iterations, &row);
        printf("| %lu nodes | %d | %.1f | %.1f | %.1f | %.2f |\n", row.nodes, thread_nodes,
               row.floor * 1e6, row.chain * 1e6, row.chain * 1e6 / thread_nodes,
               row.chain / thread_nodes / row.floor);
        join_chain_stop(&chain);
    }
    for (i = 0; i < ARRAYSIZE(ring_sizes); i++)
    {
        /* static: the deadlocked threads use them until the process ends */
        static struct cs_ring rings[2];
        static struct ring_member members[2][MAX_CHAIN_THREADS];
        struct row row;

        cs_ring_start(&rings[i], members[i], ring_sizes[i]);
        measure_row(session, floor_thread, rings[i].root_id, options->iterations, &row);
        printf("| %lu nodes, cycle | %d | %.1f | %.1f | %.1f | %.2f |\n", row.nodes, ring_sizes[i],
               row.floor * 1e6, row.chain * 1e6, row.chain * 1e6 / ring_sizes[i],
               row.chain / ring_sizes[i] / row.floor);
    }
    TerminateThread(floor_thread, 0);
    CloseHandle(floor_thread);
    CloseThreadWaitChainSession(session);
    CloseHandle(mutex);
}

/* Starts this program again with arguments; returns the process handle (or NULL). */
static HANDLE start_self(const char *arguments, HANDLE *stdout_read)
{
    char path[MAX_PATH], command[MAX_PATH + 64];
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    PROCESS_INFORMATION info;
    HANDLE write_end = NULL;

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, path, MAX_PATH);
    snprintf(command, sizeof(command), "\"%s\" %s", path, arguments);
    if (stdout_read)
    {
        CreatePipe(stdout_read, &write_end, &inherit, 0);
        SetHandleInformation(*stdout_read, HANDLE_FLAG_INHERIT, 0);
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdOutput = write_end;
        startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    }
    if (!CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info))
        return NULL;
    if (write_end) CloseHandle(write_end);
    CloseHandle(info.hThread);
    return info.hProcess;
}

/* Reads the child's whole standard output into buffer (zero-terminated). */
static void read_all(HANDLE pipe, char *buffer, DWORD size)
{
    DWORD used = 0, got;

    while (used + 1 < size && ReadFile(pipe, buffer + used, size - 1 - used, &got, NULL) && got)
        used += got;
    buffer[used] = 0;
}

/* Child: T sleeping threads, "ready" on stdout, then waits to be terminated. */
static int run_child(int threads)
{
    int i;

    for (i = 0; i < threads; i++) CloseHandle(CreateThread(NULL, 0, sleep_forever, NULL, 0, NULL));
    Sleep(300);
    printf("ready\n");
    fflush(stdout);
    Sleep(INFINITE);
    return 0;
}

/* One pass over every thread of the given processes, out of process: seconds, threads
 * scanned and nodes found. */
static double scan_pass(HWCT session, const DWORD *pids, int processes, DWORD *scanned,
                        DWORD *nodes)
{
    THREADENTRY32 entry;
    HANDLE snapshot;
    double start = now_seconds();
    int j;

    *scanned = *nodes = 0;
    entry.dwSize = sizeof(entry);
    snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    for (BOOL more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
    {
        WAITCHAIN_NODE_INFO info[WCT_MAX_NODE_COUNT];
        DWORD count = WCT_MAX_NODE_COUNT;
        BOOL is_cycle;
        for (j = 0; j < processes && entry.th32OwnerProcessID != pids[j]; j++) {}
        if (j == processes) continue;
        if (GetThreadWaitChain(session, 0, CHAIN_FLAGS, entry.th32ThreadID, &count, info, &is_cycle))
            *nodes += count;
        (*scanned)++;
    }
    CloseHandle(snapshot);
    return now_seconds() - start;
}

/* Passes of the scan, each after a floor round, medians of both (as for the chains). */
#define SCAN_PASSES 5
#define MAX_CHILDREN 64

/* The bench's committed private memory in bytes (PagefileUsage: Wine leaves PrivateUsage
 * 0); what a session's cache adds shows here. */
static double private_bytes(void)
{
    PROCESS_MEMORY_COUNTERS_EX counters;

    memset(&counters, 0, sizeof(counters));
    counters.cb = sizeof(counters);
    K32GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters,
                            sizeof(counters));
    return (double)counters.PagefileUsage;
}

/* Every thread of the given processes, opened for the floor (at most max): the scan's floor
 * is that of the very threads it scans, each looked at once per pass, as the scan does (a
 * thread of another process, cold, costs more than one looked at again and again). */
static DWORD open_scanned_threads(const DWORD *pids, int processes, HANDLE *threads, DWORD max)
{
    THREADENTRY32 entry;
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    DWORD count = 0;
    int j;

    entry.dwSize = sizeof(entry);
    for (BOOL more = Thread32First(snapshot, &entry); more && count < max;
         more = Thread32Next(snapshot, &entry))
    {
        for (j = 0; j < processes && entry.th32OwnerProcessID != pids[j]; j++) {}
        if (j < processes
            && (threads[count] = OpenThread(THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT, FALSE,
                                            entry.th32ThreadID)))
            count++;
    }
    CloseHandle(snapshot);
    return count;
}

/* Seconds per floor (SuspendThread + GetThreadContext + ResumeThread), each thread once. */
static double floor_pass(const HANDLE *threads, DWORD count)
{
    CONTEXT context;
    double start = now_seconds();
    DWORD i;

    for (i = 0; i < count; i++)
    {
        SuspendThread(threads[i]);
        context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
        GetThreadContext(threads[i], &context);
        ResumeThread(threads[i]);
    }
    return (now_seconds() - start) / (count ? count : 1);
}

static void close_all(HANDLE *threads, DWORD count)
{
    while (count) CloseHandle(threads[--count]);
}

#define MAX_SCANNED (MAX_CHILDREN * 100 + MAX_CHILDREN)
static HANDLE scanned_threads[MAX_SCANNED];

/* One scan row: a new synchronous session's first pass over every thread of the processes
 * (nothing cached yet, as for a program that scans once) and its later passes (the session
 * keeps its threads: a hang detector that scans again and again), both per thread and
 * against the floor measured between the passes; and the memory the session holds. */
static void scan_row(const DWORD *pids, int processes)
{
    DWORD opened = open_scanned_threads(pids, processes, scanned_threads, MAX_SCANNED);
    double passes[SCAN_PASSES], floors[SCAN_PASSES + 1], first, warm, floor, memory;
    DWORD scanned = 0, nodes = 0;
    HWCT session;
    int i;

    memory = private_bytes();
    session = OpenThreadWaitChainSession(0, NULL);
    floors[SCAN_PASSES] = floor_pass(scanned_threads, opened);
    first = scan_pass(session, pids, processes, &scanned, &nodes);
    for (i = 0; i < SCAN_PASSES; i++)
    {
        floors[i] = floor_pass(scanned_threads, opened);
        passes[i] = scan_pass(session, pids, processes, &scanned, &nodes);
    }
    memory = private_bytes() - memory;
    CloseThreadWaitChainSession(session);
    close_all(scanned_threads, opened);
    warm = median(passes, SCAN_PASSES) / (scanned ? scanned : 1);
    floor = median(floors, SCAN_PASSES + 1);
    first /= scanned ? scanned : 1;
    printf("| scan, synchronous session: %lu threads in %d processes | %.1f us (%.2f x) | %.1f us (%.2f x) | %.1f us | %.0f KiB |\n",
           scanned, processes, first * 1e6, first / floor, warm * 1e6, warm / floor, floor * 1e6,
           memory / 1024);
}

/* Seconds wctdump.exe (next to this program) takes with arguments, its output discarded. */
static double time_wctdump(const char *arguments)
{
    char path[MAX_PATH], command[MAX_PATH + 64], *slash;
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    PROCESS_INFORMATION info;
    HANDLE null;
    double start;

    GetModuleFileNameA(NULL, path, MAX_PATH);
    if ((slash = strrchr(path, '\\'))) slash[1] = 0;
    snprintf(command, sizeof(command), "\"%swctdump.exe\" %s", path, arguments);
    null = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_WRITE, &inherit, OPEN_EXISTING, 0, NULL);
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = startup.hStdError = null;
    start = now_seconds();
    if (!CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info))
    {
        CloseHandle(null);
        return -1.0;
    }
    WaitForSingleObject(info.hProcess, 600000);
    start = now_seconds() - start;
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
    CloseHandle(null);
    return start;
}

/* Threads in the whole system (what wctdump scans without a selection). */
static DWORD system_threads(void)
{
    THREADENTRY32 entry;
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    DWORD count = 0;

    entry.dwSize = sizeof(entry);
    for (BOOL more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
        count++;
    CloseHandle(snapshot);
    return count;
}

/* wctdump over every process, per thread: its time less that of a run on one thread (the
 * start of a Wine process), median of three each, against the floor of the children's
 * threads. */
static void wctdump_row(HANDLE floor_thread, const DWORD *pids, int processes)
{
    DWORD opened = open_scanned_threads(pids, processes, scanned_threads, MAX_SCANNED);
    double all[3], one[3], floors[3], per_thread, floor;
    char arguments[32];
    DWORD threads = system_threads();
    int i;

    snprintf(arguments, sizeof(arguments), "-t %lu", GetThreadId(floor_thread));
    for (i = 0; i < 3; i++)
    {
        floors[i] = floor_pass(scanned_threads, opened);
        one[i] = time_wctdump(arguments);
        all[i] = time_wctdump("");
    }
    if (median(one, 3) < 0 || median(all, 3) < 0)
    {
        printf("| wctdump: not found next to bench_chains.exe | | | | |\n");
        return;
    }
    close_all(scanned_threads, opened);
    per_thread = (median(all, 3) - median(one, 3)) / (threads > 1 ? threads - 1 : 1);
    floor = median(floors, 3);
    printf("| wctdump, every process: %lu threads | %.3f s (one thread: %.3f s) | %.1f us per thread (%.2f x) | %.1f us | |\n",
           threads, median(all, 3), median(one, 3), per_thread * 1e6, per_thread / floor,
           floor * 1e6);
}

/* Children of T threads each, started up to count (those already running are kept). */
static int start_children(HANDLE *children, HANDLE *pipes, DWORD *pids, int running, int count,
                          int threads)
{
    char arguments[32], line[64];

    snprintf(arguments, sizeof(arguments), "--child %d", threads);
    for (; running < count; running++)
    {
        DWORD got;

        if (!(children[running] = start_self(arguments, &pipes[running]))) break;
        pids[running] = GetProcessId(children[running]);
        ReadFile(pipes[running], line, sizeof(line), &got, NULL); /* "ready" */
    }
    return running;
}

/* Scans of every thread of 1, P and 5P children (100, 1,000 and 5,000 threads with the
 * defaults), out of process; wctdump at P. */
static void bench_scan(const struct options *options)
{
    HANDLE children[MAX_CHILDREN], pipes[MAX_CHILDREN];
    HANDLE floor_thread = CreateThread(NULL, 0, sleep_forever, NULL, 0, NULL);
    int sizes[3] = { 1, options->processes, options->processes * 5 }, running = 0, i;
    DWORD pids[MAX_CHILDREN];

    printf("| scan | first pass, per thread (x floor) | later passes, per thread (x floor) | floor | session memory |\n");
    printf("|---|---|---|---|---|\n");
    for (i = 0; i < 3; i++)
    {
        if (sizes[i] > MAX_CHILDREN) sizes[i] = MAX_CHILDREN;
        if (i && sizes[i] <= sizes[i - 1]) continue;
        running = start_children(children, pipes, pids, running, sizes[i],
                                 options->threads_per_process);
        Sleep(100); /* the floor thread is asleep */
        scan_row(pids, running);
        if (i == 1) wctdump_row(floor_thread, pids, running);
    }
    for (i = 0; i < running; i++)
    {
        TerminateProcess(children[i], 0);
        WaitForSingleObject(children[i], 5000);
        CloseHandle(children[i]);
        CloseHandle(pipes[i]);
    }
    TerminateThread(floor_thread, 0);
    CloseHandle(floor_thread);
}

struct async_counter
{
    volatile LONG completed;
    LONG expected;
    HANDLE done;
};

static VOID CALLBACK count_callback(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                    PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct async_counter *counter = (struct async_counter *)context;

    (void)session; (void)status; (void)count; (void)nodes; (void)is_cycle;
    if (InterlockedIncrement(&counter->completed) == counter->expected) SetEvent(counter->done);
}

/* Child: N requests spread over 8 asynchronous sessions on a 5-node chain; prints req/s. */
static int run_async_child(int requests)
{
    enum { SESSIONS = 8 };
    static WAITCHAIN_NODE_INFO nodes[SESSIONS][WCT_MAX_NODE_COUNT];
    static DWORD counts[SESSIONS];
    static BOOL cycles[SESSIONS];
    struct async_counter counter = { 0, requests, CreateEventW(NULL, TRUE, FALSE, NULL) };
    HWCT sessions[SESSIONS];
    struct join_chain chain;
    double start;
    int i;

    join_chain_start(&chain, 3, NULL);
    for (i = 0; i < SESSIONS; i++) sessions[i] = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, count_callback);
    start = now_seconds();
    for (i = 0; i < requests; i++)
    {
        /* each session's requests run one at a time; its buffers are reused on purpose */
        counts[i % SESSIONS] = WCT_MAX_NODE_COUNT;
        GetThreadWaitChain(sessions[i % SESSIONS], (DWORD_PTR)&counter, CHAIN_FLAGS, chain.root_id,
                           &counts[i % SESSIONS], nodes[i % SESSIONS], &cycles[i % SESSIONS]);
    }
    if (WaitForSingleObject(counter.done, 120000) != WAIT_OBJECT_0)
        fprintf(stderr, "bench_chains: only %ld of %d callbacks\n", counter.completed, requests);
    start = now_seconds() - start;
    for (i = 0; i < SESSIONS; i++) CloseThreadWaitChainSession(sessions[i]);
    printf("%.0f\n", requests / start);
    fflush(stdout);
    join_chain_stop(&chain);
    return 0;
}

static void bench_async(const struct options *options)
{
    static const int pool_sizes[] = { 1, 4 };
    double rates[2];
    size_t i;

    for (i = 0; i < ARRAYSIZE(pool_sizes); i++)
    {
        char arguments[32], output[64], value[8];
        HANDLE pipe, child;

        snprintf(value, sizeof(value), "%d", pool_sizes[i]);
        SetEnvironmentVariableA("WCT_POOL_THREADS", value);
        snprintf(arguments, sizeof(arguments), "--async-child %d", options->iterations * 4);
        child = start_self(arguments, &pipe);
        read_all(pipe, output, sizeof(output));
        WaitForSingleObject(child, 120000);
        CloseHandle(child);
        CloseHandle(pipe);
        rates[i] = atof(output);
        printf("| async, %d pool thread(s), 8 sessions, 5-node chains | %.0f requests/s |\n",
               pool_sizes[i], rates[i]);
    }
    SetEnvironmentVariableA("WCT_POOL_THREADS", NULL);
    printf("| async speed-up 4 threads / 1 thread | %.2f |\n", rates[0] > 0 ? rates[1] / rates[0] : 0.0);
}

static void parse_options(int argc, char **argv, struct options *options)
{
    int i;

    options->chains_only = 0;
    options->iterations = 2000;
    options->processes = 10;
    options->threads_per_process = 100;
    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--chains-only")) options->chains_only = 1;
        else if (i + 1 == argc) break;
        else if (!strcmp(argv[i], "--iterations")) options->iterations = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--processes")) options->processes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads")) options->threads_per_process = atoi(argv[++i]);
    }
    if (options->iterations < 1) options->iterations = 1;
    if (options->processes < 1) options->processes = 1;
    if (options->processes > 64) options->processes = 64;
    if (options->threads_per_process < 1) options->threads_per_process = 1;
}

int main(int argc, char **argv)
{
    struct options options;

    if (argc == 3 && !strcmp(argv[1], "--child")) return run_child(atoi(argv[2]));
    if (argc == 3 && !strcmp(argv[1], "--async-child")) return run_async_child(atoi(argv[2]));
    parse_options(argc, argv, &options);

    printf("Floor: one SuspendThread + GetThreadContext + ResumeThread of a blocked thread, measured\n"
           "in rounds of %d interleaved with the chain's; medians of %d rounds per row.\n\n",
           ROUND_ITERATIONS, options.iterations / ROUND_ITERATIONS > 0 ? options.iterations / ROUND_ITERATIONS : 1);
    bench_chains(&options);
    if (options.chains_only) return 0;
    printf("\n");
    bench_scan(&options);
    printf("\n| measurement | figure |\n|---|---|\n");
    bench_async(&options);
    return 0;
}

/*
 * query.c - the wait chain of every thread of a scan: through one synchronous session, in
 * order; through threads of wctdump's own, each with its own synchronous session, taking the
 * next thread to ask for from a shared counter (a large scan, where that is faster); or
 * through an asynchronous session (every request posted at once, then one bounded wait for
 * them all). Each answer goes to the chain's own slot of the scan, so the report is the same
 * whichever way it was asked.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include "wctdump.h"

/* How long --async waits for all its callbacks: a base plus a little per thread. */
#define ASYNC_WAIT_BASE_MS       10000
#define ASYNC_WAIT_PER_THREAD_MS 20

/* How often the thread that waits for a scan looks at its progress. */
#define PROGRESS_POLL_MS 100

/* The requests of one asynchronous scan. */
struct async_batch
{
    LONG pending;  /* callbacks still to come, plus one while requests are being posted */
    LONG answered; /* requests that ended */
    HANDLE done;   /* set when pending reaches zero */
};

/* What the threads of a parallel scan share. */
struct parallel_scan
{
    struct wctdump_scan *scan;
    LONG next;        /* index of the next chain to ask for */
    LONG answered;    /* chains done */
    LONG stopped;     /* set once, by the first fatal error */
    DWORD status;     /* that error, read once every thread has ended */
    const char *what; /* the call that failed */
};

/* One request: the callback's Context. */
struct async_request
{
    struct async_batch *batch;
    struct wctdump_chain *chain;
};


/* Errors that say the session or the arguments are wrong, not that one thread is: the scan
 * stops there. */
static BOOL is_fatal(DWORD error)
{
    return error == ERROR_INVALID_HANDLE || error == ERROR_INVALID_PARAMETER
        || error == ERROR_NOT_SUPPORTED || error == ERROR_NOT_ENOUGH_MEMORY;
}


static void describe_error(char *text, size_t size, const char *what, DWORD error)
{
    const char *name = wctdump_error_name(error);

    if (name) snprintf(text, size, "%s failed: %s (%lu)", what, name, error);
    else snprintf(text, size, "%s failed: error %lu", what, error);
}


/* Records how a request ended; *NodeCount can only be trusted for the two results that fill
 * the array. */
static void chain_finish(struct wctdump_chain *chain, DWORD error)
{
    chain->error = error;
    if (!wctdump_chain_has_nodes(chain)) chain->count = 0;
    if (chain->count > WCT_MAX_NODE_COUNT) chain->count = WCT_MAX_NODE_COUNT;
    if (!chain->count) chain->is_cycle = FALSE;
}


/* Gives wct ole32's COM call state functions, as Microsoft's sample does, when ole32 has
 * them; without them WCT_OUT_OF_PROC_COM_FLAG has less to go on. */
static void register_com_callbacks(void)
{
    HMODULE ole32 = LoadLibraryW(L"ole32.dll");
    FARPROC call_state, activation_state;

    if (!ole32) return;
    call_state = GetProcAddress(ole32, "CoGetCallState");
    activation_state = GetProcAddress(ole32, "CoGetActivationState");
    if (call_state && activation_state)
        RegisterWaitChainCOMCallback((PCOGETCALLSTATE)(void (*)(void))call_state,
                                     (PCOGETACTIVATIONSTATE)(void (*)(void))activation_state);
}


/* Asks for one chain through a synchronous session; returns its error. */
static DWORD query_one(HWCT session, DWORD flags, struct wctdump_chain *chain)
{
    chain->count = WCT_MAX_NODE_COUNT;
    if (GetThreadWaitChain(session, 0, flags, chain->tid, &chain->count, chain->nodes,
                           &chain->is_cycle))
        chain_finish(chain, ERROR_SUCCESS);
    else
        chain_finish(chain, GetLastError());
    return chain->error;
}


static DWORD query_sync(struct wctdump_scan *scan, char *error, size_t error_size)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    struct wctdump_progress progress;
    DWORD status = ERROR_SUCCESS;
    size_t i;

    if (!session)
    {
        status = GetLastError();
        describe_error(error, error_size, "OpenThreadWaitChainSession", status);
        return status;
    }
    wctdump_progress_start(&progress, scan->chain_count);
    for (i = 0; i < scan->chain_count && !status; i++)
    {
        if (is_fatal(query_one(session, scan->flags, &scan->chains[i])))
        {
            status = scan->chains[i].error;
            describe_error(error, error_size, "GetThreadWaitChain", status);
        }
        wctdump_progress_update(&progress, i + 1);
    }
    wctdump_progress_end(&progress);
    CloseThreadWaitChainSession(session);
    return status;
}


/* Stops a parallel scan at its first fatal error (later ones are not kept). */
static void parallel_fail(struct parallel_scan *shared, DWORD status, const char *what)
{
    if (InterlockedCompareExchange(&shared->stopped, 1, 0)) return;
    shared->status = status;
    shared->what = what;
}


/***********************************************************************
 *           parallel_worker   (internal)
 *
 * One thread of a parallel scan: its own synchronous session (the library keeps a cache of
 * handles per session, so a session is not shared between threads), then the next chain
 * nobody has taken, until none is left or the scan stops.
 */
static DWORD WINAPI parallel_worker(void *param)
{
    struct parallel_scan *shared = param;
    struct wctdump_scan *scan = shared->scan;
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    LONG index;

    if (!session)
    {
        parallel_fail(shared, GetLastError(), "OpenThreadWaitChainSession");
        return 0;
    }
    while (!shared->stopped
           && (index = InterlockedIncrement(&shared->next) - 1) < (LONG)scan->chain_count)
    {
        if (is_fatal(query_one(session, scan->flags, &scan->chains[index])))
            parallel_fail(shared, scan->chains[index].error, "GetThreadWaitChain");
        InterlockedIncrement(&shared->answered);
    }
    CloseThreadWaitChainSession(session);
    return 0;
}


/* Waits for every thread of a parallel scan, showing its progress. */
static void parallel_wait(struct parallel_scan *shared, HANDLE *threads, DWORD count)
{
    struct wctdump_progress progress;

    wctdump_progress_start(&progress, shared->scan->chain_count);
    while (WaitForMultipleObjects(count, threads, TRUE, PROGRESS_POLL_MS) == WAIT_TIMEOUT)
        wctdump_progress_update(&progress, (size_t)shared->answered);
    wctdump_progress_end(&progress);
}


/***********************************************************************
 *           query_parallel   (internal)
 *
 * The scan on thread_count threads of its own. With fewer threads than asked for (out of
 * resources) it goes on with those it has; with none, in order on this thread.
 */
static DWORD query_parallel(struct wctdump_scan *scan, DWORD thread_count, char *error,
                            size_t error_size)
{
    HANDLE threads[WCTDUMP_SCAN_THREADS_MAX];
    struct parallel_scan shared;
    DWORD started, i;

    memset(&shared, 0, sizeof(shared));
    shared.scan = scan;
    for (started = 0; started < thread_count; started++)
        if (!(threads[started] = CreateThread(NULL, 0, parallel_worker, &shared, 0, NULL)))
            break;
    if (!started) return query_sync(scan, error, error_size);
    parallel_wait(&shared, threads, started);
    for (i = 0; i < started; i++) CloseHandle(threads[i]);
    if (shared.stopped) describe_error(error, error_size, shared.what, shared.status);
    return shared.stopped ? shared.status : ERROR_SUCCESS;
}


/***********************************************************************
 *           wctdump_scan_threads
 */
DWORD wctdump_scan_threads(size_t count)
{
    char value[16], *end;
    DWORD length = GetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", value, sizeof(value));
    SYSTEM_INFO info;
    long threads;

    if (length > 0 && length < sizeof(value))
    {
        threads = strtol(value, &end, 10);
        if (!*end && threads >= 1 && threads <= WCTDUMP_SCAN_THREADS_MAX) return (DWORD)threads;
    }
    if (count < WCTDUMP_PARALLEL_MIN_CHAINS) return 1;
    GetSystemInfo(&info);
    threads = (long)info.dwNumberOfProcessors;
    if (threads > WCTDUMP_SCAN_THREADS_DEFAULT) threads = WCTDUMP_SCAN_THREADS_DEFAULT;
    return threads < 1 ? 1 : (DWORD)threads;
}


static void async_request_done(struct async_request *request, DWORD error)
{
    chain_finish(request->chain, error);
    InterlockedIncrement(&request->batch->answered);
    if (!InterlockedDecrement(&request->batch->pending)) SetEvent(request->batch->done);
}


static VOID CALLBACK async_callback(HWCT session, DWORD_PTR context, DWORD status,
                                   LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    /* node_count, nodes and is_cycle point into the request's own chain, already filled. */
    (void)session;
    (void)node_count;
    (void)nodes;
    (void)is_cycle;
    async_request_done((struct async_request *)context, status);
}


/* Posts every request; stops at the first fatal error. Returns ERROR_SUCCESS or that error. */
static DWORD async_post_all(HWCT session, struct wctdump_scan *scan,
                            struct async_request *requests, char *error, size_t error_size)
{
    size_t i;

    for (i = 0; i < scan->chain_count; i++)
    {
        struct wctdump_chain *chain = &scan->chains[i];
        DWORD status;

        chain->count = WCT_MAX_NODE_COUNT;
        InterlockedIncrement(&requests[i].batch->pending);
        if (GetThreadWaitChain(session, (DWORD_PTR)&requests[i], scan->flags, chain->tid,
                               &chain->count, chain->nodes, &chain->is_cycle))
            status = ERROR_SUCCESS; /* answered at once after all */
        else if ((status = GetLastError()) == ERROR_IO_PENDING)
            continue;
        async_request_done(&requests[i], status);
        if (is_fatal(status))
        {
            describe_error(error, error_size, "GetThreadWaitChain (asynchronous)", status);
            return status;
        }
    }
    return ERROR_SUCCESS;
}


/* Waits, bounded, for every callback, showing the progress. */
static DWORD async_wait_all(struct async_batch *batch, size_t count, char *error, size_t error_size)
{
    DWORD timeout = ASYNC_WAIT_BASE_MS + (DWORD)count * ASYNC_WAIT_PER_THREAD_MS;
    ULONGLONG start = GetTickCount64(), waited;
    struct wctdump_progress progress;
    DWORD result = WAIT_TIMEOUT;

    if (!InterlockedDecrement(&batch->pending)) SetEvent(batch->done);
    wctdump_progress_start(&progress, count);
    while ((waited = GetTickCount64() - start) < timeout
           && (result = WaitForSingleObject(batch->done, min(PROGRESS_POLL_MS, timeout - (DWORD)waited)))
              == WAIT_TIMEOUT)
        wctdump_progress_update(&progress, (size_t)batch->answered);
    wctdump_progress_end(&progress);
    if (result == WAIT_OBJECT_0) return ERROR_SUCCESS;
    snprintf(error, error_size, "asynchronous session: %ld of %u wait chains still missing "
             "after %lu ms", batch->pending, (unsigned int)count, timeout);
    return ERROR_TIMEOUT;
}


static DWORD query_async(struct wctdump_scan *scan, char *error, size_t error_size)
{
    struct async_batch batch = { 1, 0, NULL };
    struct async_request *requests;
    DWORD status = ERROR_NOT_ENOUGH_MEMORY;
    HWCT session;
    size_t i;

    requests = calloc(scan->chain_count ? scan->chain_count : 1, sizeof(*requests));
    if (!requests || !(batch.done = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        free(requests);
        snprintf(error, error_size, "out of memory");
        return status;
    }
    for (i = 0; i < scan->chain_count; i++)
    {
        requests[i].batch = &batch;
        requests[i].chain = &scan->chains[i];
    }
    if (!(session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, async_callback)))
    {
        status = GetLastError();
        describe_error(error, error_size, "OpenThreadWaitChainSession (asynchronous)", status);
    }
    else
    {
        status = async_post_all(session, scan, requests, error, error_size);
        if (!status) status = async_wait_all(&batch, scan->chain_count, error, error_size);
        /* Cancels what has not run and returns once no callback runs: requests may go. */
        CloseThreadWaitChainSession(session);
    }
    CloseHandle(batch.done);
    free(requests);
    return status;
}


/*
 * wctdump_query: fills every chain of scan. A thread that cannot be inspected keeps its
 * error in its chain and the scan goes on; only session-wide failures stop it.
 */
DWORD wctdump_query(struct wctdump_scan *scan, char *error, size_t error_size)
{
    DWORD threads;

    if (scan->flags & WCT_OUT_OF_PROC_COM_FLAG) register_com_callbacks();
    if (scan->async) return query_async(scan, error, error_size);
    if ((threads = wctdump_scan_threads(scan->chain_count)) > 1)
        return query_parallel(scan, threads, error, error_size);
    return query_sync(scan, error, error_size);
}

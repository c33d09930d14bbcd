/*
 * query.c - the wait chain of every thread of a scan, through a synchronous session or an
 * asynchronous one (every request posted at once, then one bounded wait for them all).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include "wctdump.h"

/* How long --async waits for all its callbacks: a base plus a little per thread. */
#define ASYNC_WAIT_BASE_MS       10000
#define ASYNC_WAIT_PER_THREAD_MS 20

/* The requests of one asynchronous scan. */
struct async_batch
{
    LONG pending; /* callbacks still to come, plus one while requests are being posted */
    HANDLE done;  /* set when pending reaches zero */
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


static DWORD query_sync(struct wctdump_scan *scan, char *error, size_t error_size)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    DWORD status = ERROR_SUCCESS;
    size_t i;

    if (!session)
    {
        status = GetLastError();
        describe_error(error, error_size, "OpenThreadWaitChainSession", status);
        return status;
    }
    for (i = 0; i < scan->chain_count && !status; i++)
    {
        struct wctdump_chain *chain = &scan->chains[i];

        chain->count = WCT_MAX_NODE_COUNT;
        if (GetThreadWaitChain(session, 0, scan->flags, chain->tid, &chain->count, chain->nodes,
                               &chain->is_cycle))
            chain_finish(chain, ERROR_SUCCESS);
        else
            chain_finish(chain, GetLastError());
        if (is_fatal(chain->error))
        {
            status = chain->error;
            describe_error(error, error_size, "GetThreadWaitChain", status);
        }
    }
    CloseThreadWaitChainSession(session);
    return status;
}


static void async_request_done(struct async_request *request, DWORD error)
{
    chain_finish(request->chain, error);
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


/* Waits, bounded, for every callback. */
static DWORD async_wait_all(struct async_batch *batch, size_t count, char *error, size_t error_size)
{
    DWORD timeout = ASYNC_WAIT_BASE_MS + (DWORD)count * ASYNC_WAIT_PER_THREAD_MS;

    if (!InterlockedDecrement(&batch->pending)) SetEvent(batch->done);
    if (WaitForSingleObject(batch->done, timeout) == WAIT_OBJECT_0) return ERROR_SUCCESS;
    snprintf(error, error_size, "asynchronous session: %ld of %u wait chains still missing "
             "after %lu ms", batch->pending, (unsigned int)count, timeout);
    return ERROR_TIMEOUT;
}


static DWORD query_async(struct wctdump_scan *scan, char *error, size_t error_size)
{
    struct async_batch batch = { 1, NULL };
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
    if (scan->flags & WCT_OUT_OF_PROC_COM_FLAG) register_com_callbacks();
    if (scan->async) return query_async(scan, error, error_size);
    return query_sync(scan, error, error_size);
}

/*
 * session_ops.c - opening, closing and querying sessions; asynchronous requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session's life: session_open() enters it in the table (one reference, the table's).
 * Each call looks it up with session_from_handle() (+1 for the call), each queued request
 * holds one more until its callback has returned. session_close() is session_detach()
 * (the handle is dead at once) + session_shutdown() (cancel, wait) + session_release().
 */

#include <stddef.h>

#include "wct_private.h"
#include <winternl.h> /* RtlDllShutdownInProgress */

#include "chain_walker.h"
#include "session_ops.h"
#include "session_table.h"
#include "user_buffer.h"
#include "wct_alloc.h"

/* One asynchronous GetThreadWaitChain call. */
struct chain_request
{
    struct pool_item item;       /* first: the pool hands back &request->item */
    struct wct_session *session; /* a reference, dropped in request_release() */
    DWORD_PTR context;
    DWORD flags;
    DWORD thread_id;
    DWORD *node_count;           /* the caller's own pointers */
    WAITCHAIN_NODE_INFO *nodes;
    BOOL *is_cycle;
};

static struct chain_request *request_from_item(struct pool_item *item)
{
    return (struct chain_request *)((char *)item - offsetof(struct chain_request, item));
}

/* Walks the chain (status ERROR_SUCCESS) or not (ERROR_CANCELLED: the caller's buffers are
 * left alone), then calls the session's callback. No lock is held. */
static void request_run(struct pool_item *item, DWORD status)
{
    struct chain_request *request = request_from_item(item);
    struct wct_session *session = request->session;

    if (status == ERROR_SUCCESS)
        status = chain_walker_get_cached(session->probe, &session->probe_cache, request->flags,
                                         request->thread_id, request->node_count,
                                         request->nodes, request->is_cycle);
    worker_pool_callback_begins(item);
    session->callback(session->handle, request->context, status, request->node_count,
                      request->nodes, request->is_cycle);
    worker_pool_callback_ends(item);
}

static void request_release(struct pool_item *item)
{
    struct chain_request *request = request_from_item(item);

    session_release(request->session); /* may free the session: the pool is done with it */
    wct_free(request);
}

/* Queues a request; ERROR_IO_PENDING when the callback will report it. */
static DWORD request_submit(struct wct_session *session, DWORD_PTR context, DWORD flags,
                            DWORD thread_id, DWORD *node_count, WAITCHAIN_NODE_INFO *nodes,
                            BOOL *is_cycle)
{
    struct chain_request *request = wct_alloc(sizeof(*request));
    DWORD error;

    if (!request) return ERROR_NOT_ENOUGH_MEMORY;
    request->item.run = request_run;
    request->item.release = request_release;
    request->session = session;
    request->context = context;
    request->flags = flags;
    request->thread_id = thread_id;
    request->node_count = node_count;
    request->nodes = nodes;
    request->is_cycle = is_cycle;

    InterlockedIncrement(&session->refs); /* the request's; the caller holds one already */
    if (!(error = worker_pool_submit(&session->queue, &request->item))) return ERROR_IO_PENDING;
    session_release(session); /* never the last: the caller's reference remains */
    wct_free(request);
    return error; /* closed meanwhile: ERROR_INVALID_HANDLE */
}

/* GetThreadWaitChain's argument checks: NULL pointers, *NodeCount out of range and unknown
 * flags are ERROR_INVALID_PARAMETER; output buffers that cannot be written (read-only, guard
 * or unmapped pages) are ERROR_NOACCESS, found now rather than by a crash later, on a pool
 * thread. node_count is checked before it is read. */
static DWORD check_chain_arguments(DWORD flags, DWORD *node_count, WAITCHAIN_NODE_INFO *nodes,
                                   BOOL *is_cycle)
{
    if (!node_count || !nodes || !is_cycle) return ERROR_INVALID_PARAMETER;
    if (!user_buffer_writable(node_count, sizeof(*node_count))) return ERROR_NOACCESS;
    if (*node_count < 1 || *node_count > WCT_MAX_NODE_COUNT) return ERROR_INVALID_PARAMETER;
    if (flags & ~WCT_VALID_CHAIN_FLAGS) return ERROR_INVALID_PARAMETER;
    if (!user_buffer_writable(nodes, *node_count * sizeof(*nodes))
        || !user_buffer_writable(is_cycle, sizeof(*is_cycle)))
        return ERROR_NOACCESS;
    return ERROR_SUCCESS;
}

DWORD session_open(DWORD flags, PWAITCHAINCALLBACK callback, const struct probe_ops *probe,
                   HWCT *handle)
{
    struct wct_session *session;
    DWORD error;

    if (flags & ~WCT_VALID_OPEN_FLAGS) return ERROR_INVALID_PARAMETER;
    if ((flags & WCT_ASYNC_OPEN_FLAG) && !callback) return ERROR_INVALID_PARAMETER;
    if (!(flags & WCT_ASYNC_OPEN_FLAG)) callback = NULL; /* never used */
    if (probe->prepare) probe->prepare();
    if ((error = session_create(flags, callback, probe, &session))) return error;
    *handle = session->handle;
    return ERROR_SUCCESS;
}

/* Cancels what has not started and waits for what runs (not for the caller's own
 * callback); afterwards no callback of the session runs. */
static void session_shutdown(struct wct_session *session)
{
    worker_pool_close_queue(&session->queue);
}

void session_close(HWCT handle)
{
    struct wct_session *session;

    /* At process exit (a DLL_PROCESS_DETACH that closes its session) every other thread is
     * gone, maybe while holding the table's or the pool's lock, and a running request's
     * worker will never finish: Close returns at once, touching nothing. No callback can
     * come after it, as no thread is left to run one. */
    if (RtlDllShutdownInProgress()) return;
    if (!(session = session_detach(handle))) return; /* junk, stale, or closed already */
    session_shutdown(session);
    session_release(session);
}

/*
 * Check order: Microsoft documents none, so the handle comes first (ERROR_INVALID_HANDLE
 * wins over bad arguments). That is the safe choice: for a handle that is not open nothing
 * the caller passed is read, not even *NodeCount, and an asynchronous caller learns at
 * once that no callback will come. The argument checks follow, before any work.
 */
DWORD session_get_chain(HWCT handle, DWORD_PTR context, DWORD flags, DWORD thread_id,
                        DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    struct wct_session *session = session_from_handle(handle);
    DWORD status;

    if (!session) return ERROR_INVALID_HANDLE;
    status = check_chain_arguments(flags, node_count, nodes, is_cycle);
    if (status == ERROR_SUCCESS)
    {
        if (session->flags & WCT_ASYNC_OPEN_FLAG)
            status = request_submit(session, context, flags, thread_id, node_count, nodes,
                                    is_cycle);
        else
            status = chain_walker_get_cached(session->probe, &session->probe_cache, flags,
                                             thread_id, node_count, nodes, is_cycle);
    }
    session_release(session);
    return status;
}

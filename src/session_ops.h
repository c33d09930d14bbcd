/*
 * session_ops.h - what the four exports do, minus SetLastError (wct_api.c calls these).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every function returns a Win32 error code instead of setting the last error, so the
 * tests and the benchmark can drive the engine directly and with a probe of their own.
 */

#ifndef WCT_SESSION_OPS_H
#define WCT_SESSION_OPS_H

#include "probe.h"

/*
 * OpenThreadWaitChainSession: flags 0 or WCT_ASYNC_OPEN_FLAG (which needs callback);
 * the session's chains are walked with probe. Returns ERROR_SUCCESS and *handle,
 * ERROR_INVALID_PARAMETER or ERROR_NOT_ENOUGH_MEMORY.
 */
DWORD session_open(DWORD flags, PWAITCHAINCALLBACK callback, const struct probe_ops *probe,
                   HWCT *handle);

/* CloseThreadWaitChainSession: see worker_pool_close_queue() for what happens to requests.
 * Does nothing when handle is not open. */
void session_close(HWCT handle);

/*
 * GetThreadWaitChain. Checks, in this order: the handle (ERROR_INVALID_HANDLE), then the
 * arguments (ERROR_INVALID_PARAMETER). A synchronous session returns the walker's result;
 * an asynchronous one returns ERROR_IO_PENDING once the request is queued, and the
 * callback gets the result later (or ERROR_CANCELLED).
 */
DWORD session_get_chain(HWCT handle, DWORD_PTR context, DWORD flags, DWORD thread_id,
                        DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle);

#endif /* WCT_SESSION_OPS_H */

/*
 * wct_contract.h - what include/wct.h and issue 3 promise about results, as checks the
 * reliability tests share: the documented errors of each call, and the consistency of the
 * outputs (node count within the buffer, node 0 is the thread asked, nothing written past
 * the buffer's capacity).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_TESTS_WCT_CONTRACT_H
#define WCT_TESTS_WCT_CONTRACT_H

#include <windows.h>
#include <wct.h>

/* mingw-w64's winerror.h lacks it (Wine's and the SDK's have it). */
#ifndef ERROR_TOO_MANY_THREADS
#define ERROR_TOO_MANY_THREADS 565L
#endif

/* Nodes after the largest capacity, to catch writes past the buffer. */
#define CONTRACT_GUARD_NODES 2
#define CONTRACT_BUFFER_NODES (WCT_MAX_NODE_COUNT + CONTRACT_GUARD_NODES)

/* GetThreadWaitChain's inputs in one place. */
struct chain_call
{
    DWORD flags;
    DWORD thread_id;
    DWORD capacity;  /* *NodeCount on input (any value, valid or not) */
    BOOL null_count; /* pass NodeCount = NULL */
    BOOL null_nodes; /* pass NodeInfoArray = NULL */
    BOOL null_cycle; /* pass IsCycle = NULL */
};

/* GetThreadWaitChain's outputs, with room for the guard nodes. */
struct chain_result
{
    DWORD node_count;
    BOOL is_cycle;
    WAITCHAIN_NODE_INFO nodes[CONTRACT_BUFFER_NODES];
};

/* TRUE when the parameters are valid (the handle aside). */
BOOL contract_params_valid(const struct chain_call *call);

/* Documented failures: OpenThreadWaitChainSession, GetThreadWaitChain, callbacks. */
BOOL contract_open_error_documented(DWORD error);
BOOL contract_get_error_documented(DWORD error);
BOOL contract_callback_status_documented(DWORD status);

/* Fills result with the guard pattern and *NodeCount with the call's capacity. */
void contract_prepare(const struct chain_call *call, struct chain_result *result);

/* Calls GetThreadWaitChain with call's inputs and result's buffers (or NULLs). */
BOOL contract_get(HWCT handle, DWORD_PTR context, const struct chain_call *call,
                  struct chain_result *result);

/*
 * Checks the outputs that status (ERROR_SUCCESS or a failure) leaves for the caller.
 * Returns NULL when they are consistent, else what is wrong.
 */
const char *contract_check_result(const struct chain_call *call, DWORD status,
                                  const struct chain_result *result);

#endif /* WCT_TESTS_WCT_CONTRACT_H */

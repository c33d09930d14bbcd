/*
 * wct_contract.c - the documented errors and the output checks of the reliability tests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "wct_contract.h"

#define GUARD_BYTE 0xa5
#define VALID_CHAIN_FLAGS \
    (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG | WCT_NETWORK_IO_FLAG)

BOOL contract_params_valid(const struct chain_call *call)
{
    return !call->null_count && !call->null_nodes && !call->null_cycle &&
           call->capacity >= 1 && call->capacity <= WCT_MAX_NODE_COUNT &&
           !(call->flags & ~VALID_CHAIN_FLAGS);
}


BOOL contract_open_error_documented(DWORD error)
{
    return error == ERROR_INVALID_PARAMETER || error == ERROR_NOT_ENOUGH_MEMORY;
}


/* The failures a walk itself can end with, synchronously or in a callback. */
static BOOL walk_error(DWORD error)
{
    switch (error)
    {
    case ERROR_MORE_DATA:
    case ERROR_TOO_MANY_THREADS:
    case ERROR_OBJECT_NOT_FOUND:
    case ERROR_ACCESS_DENIED:
    case ERROR_NOT_ENOUGH_MEMORY:
        return TRUE;
    default:
        return FALSE;
    }
}


BOOL contract_get_error_documented(DWORD error)
{
    return walk_error(error) || error == ERROR_INVALID_HANDLE ||
           error == ERROR_INVALID_PARAMETER || error == ERROR_IO_PENDING;
}


BOOL contract_callback_status_documented(DWORD status)
{
    return status == ERROR_SUCCESS || status == ERROR_CANCELLED || walk_error(status);
}


void contract_prepare(const struct chain_call *call, struct chain_result *result)
{
    memset(result, GUARD_BYTE, sizeof(*result));
    result->node_count = call->capacity;
}


BOOL contract_get(HWCT handle, DWORD_PTR context, const struct chain_call *call,
                  struct chain_result *result)
{
    return GetThreadWaitChain(handle, context, call->flags, call->thread_id,
                              call->null_count ? NULL : &result->node_count,
                              call->null_nodes ? NULL : result->nodes,
                              call->null_cycle ? NULL : &result->is_cycle);
}


/* TRUE when no byte of the nodes from index `from` on was written. */
static BOOL guard_intact(const struct chain_result *result, DWORD from)
{
    const BYTE *byte = (const BYTE *)&result->nodes[from];
    const BYTE *end = (const BYTE *)&result->nodes[CONTRACT_BUFFER_NODES];

    for (; byte < end; byte++)
        if (*byte != GUARD_BYTE) return FALSE;
    return TRUE;
}


/* Node 0 stands for the thread asked; every node has a documented type and status. */
static const char *check_nodes(const struct chain_call *call, const struct chain_result *result,
                               DWORD count)
{
    const WAITCHAIN_NODE_INFO *node = result->nodes;
    DWORD i;

    if (node->ObjectType != WctThreadType) return "node 0 is not a thread node";
    /* Thread ids are multiples of 4 and the OS ignores the low two bits when it looks one
     * up (OpenThread(id | 1) opens thread id), so node 0 may name either form. */
    if ((node->ThreadObject.ThreadId & ~3u) != (call->thread_id & ~3u))
        return "node 0 is another thread";
    for (i = 0; i < count; i++, node++)
    {
        if (node->ObjectType < WctCriticalSectionType || node->ObjectType >= WctMaxType)
            return "a node has an undocumented type";
        if (node->ObjectStatus < WctStatusNoAccess || node->ObjectStatus >= WctStatusMax)
            return "a node has an undocumented status";
    }
    return NULL;
}


static const char *check_chain(const struct chain_call *call, DWORD status,
                               const struct chain_result *result)
{
    DWORD count = result->node_count;

    if (status == ERROR_SUCCESS)
    {
        if (count < 1 || count > call->capacity) return "*NodeCount outside 1..capacity";
        if (result->is_cycle != TRUE && result->is_cycle != FALSE) return "*IsCycle not a BOOL";
        return check_nodes(call, result, count);
    }
    if (status == ERROR_MORE_DATA)
    {
        if (count <= call->capacity || count > WCT_MAX_NODE_COUNT)
            return "ERROR_MORE_DATA with *NodeCount not in capacity+1..WCT_MAX_NODE_COUNT";
        return check_nodes(call, result, call->capacity);
    }
    if (status == ERROR_TOO_MANY_THREADS) return check_nodes(call, result, call->capacity);
    return NULL;
}


const char *contract_check_result(const struct chain_call *call, DWORD status,
                                  const struct chain_result *result)
{
    DWORD capacity = call->capacity <= WCT_MAX_NODE_COUNT ? call->capacity : WCT_MAX_NODE_COUNT;

    if (!guard_intact(result, capacity)) return "a node past the buffer's capacity was written";
    if (!contract_params_valid(call)) return NULL;
    return check_chain(call, status, result);
}

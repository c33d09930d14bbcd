/*
 * request_ledger.c - the table of asynchronous requests and the callback that checks them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Slot life: take (new generation, counters reset) -> refused (generation changes again at
 * once, so any callback for it is stray) or accepted -> its session closed (callbacks
 * checked, `closed` set and left set while the slot is free, so a late callback for it is
 * seen as late) -> taken again (new generation: a later callback for the old request is
 * stray).
 */

#include <stdlib.h>

#include "request_ledger.h"

/* A Context is (slot index << GENERATION_BITS) | (generation & GENERATION_MASK); the same
 * split on 32 and 64 bits. A slot would have to be reused 65,536 times between a request
 * and a stray callback for it to go unnoticed. */
#define GENERATION_BITS 16
#define GENERATION_MASK ((DWORD_PTR)0xffff)

static struct request *table;
static DWORD table_size;
static struct ledger_block *blocks;
static DWORD block_count;
static struct ledger_counts counts;

BOOL ledger_init(DWORD count, DWORD per_block)
{
    DWORD b, i;

    table_size = count * per_block;
    table = calloc(table_size, sizeof(*table));
    blocks = calloc(count, sizeof(*blocks));
    if (!table || !blocks) return FALSE;
    block_count = count;
    for (b = 0; b < count; b++)
    {
        blocks[b].first = b * per_block;
        blocks[b].count = per_block;
        blocks[b].free = calloc(per_block, sizeof(DWORD));
        if (!blocks[b].free) return FALSE;
        for (i = 0; i < per_block; i++) blocks[b].free[i] = blocks[b].first + per_block - 1 - i;
        blocks[b].free_count = per_block;
    }
    return TRUE;
}


void ledger_free(void)
{
    DWORD b;

    for (b = 0; blocks && b < block_count; b++) free(blocks[b].free);
    free(blocks);
    free(table);
    blocks = NULL;
    table = NULL;
    block_count = table_size = 0;
}


struct ledger_block *ledger_block(DWORD index)
{
    return index < block_count ? &blocks[index] : NULL;
}


struct ledger_counts *ledger_counts(void)
{
    return &counts;
}


struct request *ledger_take(struct ledger_block *block, HWCT session,
                            const struct chain_call *call)
{
    struct request *request;

    if (!block->free_count) return NULL;
    request = &table[block->free[--block->free_count]];
    InterlockedIncrement(&request->generation);
    InterlockedExchange(&request->callbacks, 0);
    InterlockedExchange(&request->close_in_callback, 0);
    InterlockedExchange(&request->closed, 0);
    request->in_use = TRUE;
    request->accepted = FALSE;
    request->session = session;
    request->call = *call;
    contract_prepare(call, &request->result);
    return request;
}


DWORD_PTR ledger_context(const struct request *request)
{
    return ((DWORD_PTR)(request - table) << GENERATION_BITS) |
           ((DWORD_PTR)request->generation & GENERATION_MASK);
}


void ledger_arm_close_in_callback(struct request *request)
{
    InterlockedExchange(&request->close_in_callback, 1);
}


static void release(struct ledger_block *block, struct request *request)
{
    request->in_use = FALSE;
    block->free[block->free_count++] = (DWORD)(request - table);
}


void ledger_refused(struct ledger_block *block, struct request *request)
{
    if (InterlockedCompareExchange(&request->callbacks, 0, 0)) InterlockedIncrement(&counts.stray);
    InterlockedIncrement(&request->generation);
    release(block, request);
}


void ledger_accepted(struct request *request)
{
    request->accepted = TRUE;
    InterlockedIncrement(&counts.accepted);
}


/* The live request a Context names, or NULL (not one of ours, or an old generation). */
static struct request *request_from_context(DWORD_PTR context)
{
    DWORD_PTR index = context >> GENERATION_BITS;
    LONG generation;

    if (index >= table_size) return NULL;
    generation = InterlockedCompareExchange(&table[index].generation, 0, 0);
    if (((DWORD_PTR)generation & GENERATION_MASK) != (context & GENERATION_MASK)) return NULL;
    return &table[index];
}


static void count_status(DWORD status)
{
    if (status == ERROR_SUCCESS) InterlockedIncrement(&counts.success);
    else if (status == ERROR_CANCELLED) InterlockedIncrement(&counts.cancelled);
    else InterlockedIncrement(&counts.failed);
    if (!contract_callback_status_documented(status)) InterlockedIncrement(&counts.undocumented);
}


/* The callback must get the session and the caller's own pointers; then the outputs. */
static void check_callback(const struct request *request, const void *handle, DWORD status,
                           const DWORD *node_count, const WAITCHAIN_NODE_INFO *nodes,
                           const BOOL *is_cycle)
{
    if (handle != request->session || node_count != &request->result.node_count ||
        nodes != request->result.nodes || is_cycle != &request->result.is_cycle)
    {
        InterlockedIncrement(&counts.wrong_arguments);
        return;
    }
    if (contract_check_result(&request->call, status, &request->result))
        InterlockedIncrement(&counts.bad_output);
}


VOID CALLBACK ledger_callback(HWCT handle, DWORD_PTR context, DWORD status,
                              LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct request *request = request_from_context(context);

    InterlockedIncrement(&counts.callbacks);
    count_status(status);
    if (!request)
    {
        InterlockedIncrement(&counts.stray);
        return;
    }
    if (InterlockedCompareExchange(&request->closed, 0, 0)) InterlockedIncrement(&counts.late);
    if (InterlockedIncrement(&request->callbacks) > 1) InterlockedIncrement(&counts.duplicate);
    check_callback(request, handle, status, node_count, nodes, is_cycle);
    if (InterlockedCompareExchange(&request->close_in_callback, 0, 0) == 1)
    {
        CloseThreadWaitChainSession(handle);
        InterlockedIncrement(&counts.closed_in_callback);
        InterlockedExchange(&request->close_in_callback, 2);
    }
}


DWORD ledger_session_closed(struct ledger_block *block, HWCT session)
{
    DWORD i, finished = 0;
    struct request *request;

    for (i = block->first; i < block->first + block->count; i++)
    {
        request = &table[i];
        if (!request->in_use || request->session != session) continue;
        if (request->accepted && !InterlockedCompareExchange(&request->callbacks, 0, 0))
            InterlockedIncrement(&counts.lost);
        InterlockedExchange(&request->closed, 1);
        release(block, request);
        finished++;
    }
    return finished;
}


DWORD ledger_session_requests(const struct ledger_block *block, HWCT session)
{
    DWORD i, found = 0;

    for (i = block->first; i < block->first + block->count; i++)
        if (table[i].in_use && table[i].session == session) found++;
    return found;
}


BOOL ledger_session_settled(const struct ledger_block *block, HWCT session)
{
    DWORD i;

    for (i = block->first; i < block->first + block->count; i++)
        if (table[i].in_use && table[i].session == session && table[i].accepted &&
            !InterlockedCompareExchange(&table[i].callbacks, 0, 0))
            return FALSE;
    return TRUE;
}


BOOL ledger_session_self_closed(const struct ledger_block *block, HWCT session)
{
    DWORD i;

    for (i = block->first; i < block->first + block->count; i++)
        if (table[i].in_use && table[i].session == session &&
            InterlockedCompareExchange(&table[i].close_in_callback, 0, 0) == 1)
            return FALSE;
    return TRUE;
}


LONG ledger_violations(void)
{
    return counts.stray + counts.late + counts.duplicate + counts.lost + counts.undocumented +
           counts.wrong_arguments + counts.bad_output;
}

/*
 * request_ledger.h - a table of asynchronous requests, to prove that every accepted
 * request gets exactly one callback, with the caller's own arguments, and none after its
 * session's Close returned.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each request has a slot; its id (the Context passed to GetThreadWaitChain) is the slot's
 * index and the slot's generation, which changes every time the slot is reused, so a
 * callback for a finished request is told apart from one for the slot's next request.
 * The slot holds the request's NodeCount, NodeInfoArray and IsCycle, which must stay valid
 * until the callback. Slots are handed out in blocks: one block per issuing thread, which
 * alone takes and returns its slots; callbacks touch slots only through Interlocked calls.
 * Callbacks never assert (CMocka cannot fail from another thread): they count, and the
 * test thread asserts the counts.
 */

#ifndef WCT_TESTS_REQUEST_LEDGER_H
#define WCT_TESTS_REQUEST_LEDGER_H

#include "wct_contract.h"

struct request
{
    volatile LONG generation; /* changes when the slot is reused */
    volatile LONG callbacks;  /* callbacks for this generation */
    volatile LONG closed;     /* its session's Close has returned */
    volatile LONG close_in_callback; /* 1: the callback closes the session; 2: it did */
    /* Owner-only (the issuing thread): */
    BOOL in_use;
    BOOL accepted;
    HWCT session;
    struct chain_call call;
    struct chain_result result;
};

/* Counters, updated with Interlocked calls; read them once all sessions are closed. */
struct ledger_counts
{
    volatile LONG accepted;        /* requests that returned ERROR_IO_PENDING */
    volatile LONG callbacks;       /* callbacks received, of any kind */
    volatile LONG success;         /* callbacks with ERROR_SUCCESS */
    volatile LONG cancelled;       /* callbacks with ERROR_CANCELLED */
    volatile LONG failed;          /* callbacks with another documented error */
    volatile LONG closed_in_callback; /* Close called from inside a callback */
    /* Violations: all must stay 0. */
    volatile LONG stray;           /* callback for no live request (sync session, refused) */
    volatile LONG late;            /* callback after its session's Close returned */
    volatile LONG duplicate;       /* second callback for one request */
    volatile LONG lost;            /* no callback by the time Close returned */
    volatile LONG undocumented;    /* CallbackStatus not a documented one */
    volatile LONG wrong_arguments; /* WctHandle or pointers not the caller's */
    volatile LONG bad_output;      /* inconsistent NodeCount / nodes / guard */
};

/* A block of slots, owned by one issuing thread. */
struct ledger_block
{
    DWORD first;     /* index of its first slot */
    DWORD count;
    DWORD *free;     /* stack of free slot indexes */
    DWORD free_count;
};

/* Makes the table: blocks * per_block slots. FALSE when out of memory. */
BOOL ledger_init(DWORD blocks, DWORD per_block);
void ledger_free(void);

/* The block number `index`, for one issuing thread. */
struct ledger_block *ledger_block(DWORD index);

/* The counters (the whole table's). */
struct ledger_counts *ledger_counts(void);

/* Takes a free slot for a request on session, or NULL when the block is full. */
struct request *ledger_take(struct ledger_block *block, HWCT session,
                            const struct chain_call *call);

/* The Context to pass for a request, and the callback to open sessions with. */
DWORD_PTR ledger_context(const struct request *request);
VOID CALLBACK ledger_callback(HWCT handle, DWORD_PTR context, DWORD status,
                              LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle);

/* Before the call: the request's callback is to close its own session. */
void ledger_arm_close_in_callback(struct request *request);

/* The request was refused (not ERROR_IO_PENDING): it must never get a callback. */
void ledger_refused(struct ledger_block *block, struct request *request);

/* ERROR_IO_PENDING: the request must get exactly one callback. */
void ledger_accepted(struct request *request);

/*
 * session's Close has returned: checks that each of its accepted requests got exactly one
 * callback (else counts lost/duplicate), marks them closed and frees their slots.
 * Returns how many requests it finished.
 */
DWORD ledger_session_closed(struct ledger_block *block, HWCT session);

/* How many of the block's slots belong to session (accepted, awaiting its Close). */
DWORD ledger_session_requests(const struct ledger_block *block, HWCT session);

/* TRUE once every accepted request of session has had its callback. */
BOOL ledger_session_settled(const struct ledger_block *block, HWCT session);

/* TRUE once the close_in_callback request of session has closed it (or it has none). */
BOOL ledger_session_self_closed(const struct ledger_block *block, HWCT session);

/* Sum of the violation counters. */
LONG ledger_violations(void);

#endif /* WCT_TESTS_REQUEST_LEDGER_H */

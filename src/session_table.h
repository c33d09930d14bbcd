/*
 * session_table.h - HWCT <-> struct wct_session: a locked, growable table with generations.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An HWCT is a number, not a pointer: (generation, slot index, tag) packed into a
 * pointer-sized value. Any value at all may be looked up; only the handle of an open
 * session is found.
 *
 *   bit  0..1                    tag, always binary 10: never NULL, never a multiple of 4
 *                                (kernel handles, pointers), never INVALID_HANDLE_VALUE
 *   bits 2..2+INDEX_BITS-1       slot index (x86_64: 24 bits, i686: 16 bits)
 *   the remaining high bits      generation of the slot (x86_64: 38 bits, i686: 14 bits)
 *
 * A slot's generation moves on every time a session in it is closed, and freed slots are
 * reused oldest-first, so a closed handle stays invalid after its slot is reused. The
 * generation runs 1..SESSION_GENERATION_MASK and then wraps back to 1 (0 is never used).
 * On x86_64 (2^38 - 1 generations per slot) that never happens in practice. On i686 a slot
 * comes back to a generation after 16,383 reuses, so a handle closed that long ago could be
 * taken for the new session in its slot; with oldest-first reuse that takes at least
 * 16,383 x (the number of free slots) closes in between.
 */

#ifndef WCT_SESSION_TABLE_H
#define WCT_SESSION_TABLE_H

#include "probe.h"
#include "worker_pool.h"

#define SESSION_TAG_BITS   2
#define SESSION_TAG        ((ULONG_PTR)2)
#define SESSION_TAG_MASK   (((ULONG_PTR)1 << SESSION_TAG_BITS) - 1)
#ifdef _WIN64
#define SESSION_INDEX_BITS 24
#else
#define SESSION_INDEX_BITS 16
#endif
#define SESSION_GENERATION_SHIFT (SESSION_TAG_BITS + SESSION_INDEX_BITS)
#define SESSION_GENERATION_BITS  (sizeof(ULONG_PTR) * 8 - SESSION_GENERATION_SHIFT)
#define SESSION_GENERATION_MASK  (~(ULONG_PTR)0 >> SESSION_GENERATION_SHIFT)
/* The most sessions open at once (slot indexes are 0..SESSION_MAX_SLOTS - 1). */
#define SESSION_MAX_SLOTS        ((ULONG_PTR)1 << SESSION_INDEX_BITS)

struct wct_session
{
    /* read-only once session_create() returns */
    HWCT handle;
    DWORD flags;                   /* OpenThreadWaitChainSession's Flags */
    PWAITCHAINCALLBACK callback;   /* asynchronous sessions only */
    const struct probe_ops *probe; /* what GetThreadWaitChain walks with */
    /* the probe's cache between walks (probe_ops.begin_cached_walk), freed with the session */
    void *volatile probe_cache;
    /* interlocked: one for the table until closed, one per caller in session_from_handle(),
     * one per request queued or running */
    LONG refs;
    /* asynchronous requests, locked via pool_lock (worker_pool.c) */
    struct pool_queue queue;
};

/* Packing and unpacking, exposed for tests. decode returns FALSE for a value that is
 * not shaped like a session handle (wrong tag, generation 0). */
HWCT session_handle_encode(ULONG_PTR index, ULONG_PTR generation);
BOOL session_handle_decode(HWCT handle, ULONG_PTR *index, ULONG_PTR *generation);
/* The generation after generation: wraps from SESSION_GENERATION_MASK to 1. */
ULONG_PTR session_generation_next(ULONG_PTR generation);

/*
 * Allocates a session and enters it in the table, which grows when full. On success
 * *session holds it, with one reference owned by the table and (*session)->handle set.
 * Returns ERROR_SUCCESS or ERROR_NOT_ENOUGH_MEMORY (no memory, or SESSION_MAX_SLOTS open).
 */
DWORD session_create(DWORD flags, PWAITCHAINCALLBACK callback, const struct probe_ops *probe,
                     struct wct_session **session);

/* The open session handle names, with a reference the caller must release, or NULL when
 * handle is not the handle of an open session (any value is safe). */
struct wct_session *session_from_handle(HWCT handle);

/*
 * Takes the session handle names out of the table: from now on session_from_handle() does
 * not find it and its slot may be reused. Returns the session with the table's reference,
 * now the caller's, or NULL when handle is not open (so of two threads closing the same
 * handle, exactly one gets the session).
 */
struct wct_session *session_detach(HWCT handle);

/* Drops one reference; frees the session with the last. TRUE when it was freed. */
BOOL session_release(struct wct_session *session);

/* How many sessions are open, and how many slots the table has (tests, benchmark). */
ULONG_PTR session_table_count(void);
ULONG_PTR session_table_capacity(void);

#endif /* WCT_SESSION_TABLE_H */

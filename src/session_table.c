/*
 * session_table.c - HWCT <-> struct wct_session: a locked, growable table with generations.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The handle layout and how generations wrap are described in session_table.h.
 *
 * Locking: table_lock (an SRW lock) guards `table` and every slot. It is taken before
 * worker_pool.c's pool_lock, never after it (today no path holds both), and it is never
 * held while user code runs. A session's reference count is interlocked; it is raised only
 * under table_lock while the session is in the table (so a lookup never revives a session
 * that is being freed), and the session is freed with no lock held.
 */

#include <assert.h>

#include "session_table.h"
#include "wct_alloc.h"

#define SESSION_FIRST_CAPACITY 64
#define SESSION_NO_SLOT        (~(ULONG_PTR)0)

struct session_slot
{
    struct wct_session *session; /* NULL when the slot is free */
    ULONG_PTR generation;        /* of the session in the slot, or of the next one */
    ULONG_PTR next_free;         /* when free: the next free slot, or SESSION_NO_SLOT */
};

/* locked via table_lock */
static struct
{
    struct session_slot *slots;
    ULONG_PTR capacity;
    ULONG_PTR count;                /* open sessions */
    ULONG_PTR free_head, free_tail; /* free slots, reused oldest first */
} table = { NULL, 0, 0, SESSION_NO_SLOT, SESSION_NO_SLOT };

static SRWLOCK table_lock = SRWLOCK_INIT;

/***********************************************************************
 *           Handles
 */

HWCT session_handle_encode(ULONG_PTR index, ULONG_PTR generation)
{
    return (HWCT)((generation << SESSION_GENERATION_SHIFT) | (index << SESSION_TAG_BITS)
                  | SESSION_TAG);
}

BOOL session_handle_decode(HWCT handle, ULONG_PTR *index, ULONG_PTR *generation)
{
    ULONG_PTR value = (ULONG_PTR)handle;

    *index = (value >> SESSION_TAG_BITS) & (SESSION_MAX_SLOTS - 1);
    *generation = value >> SESSION_GENERATION_SHIFT;
    return (value & SESSION_TAG_MASK) == SESSION_TAG && *generation != 0;
}

ULONG_PTR session_generation_next(ULONG_PTR generation)
{
    generation = (generation + 1) & SESSION_GENERATION_MASK;
    return generation ? generation : 1;
}

/***********************************************************************
 *           Slots (all locked via table_lock)
 */

static void free_list_append(ULONG_PTR index)
{
    table.slots[index].next_free = SESSION_NO_SLOT;
    if (table.free_tail == SESSION_NO_SLOT) table.free_head = index;
    else table.slots[table.free_tail].next_free = index;
    table.free_tail = index;
}

static ULONG_PTR free_list_take(void)
{
    ULONG_PTR index = table.free_head;

    table.free_head = table.slots[index].next_free;
    if (table.free_head == SESSION_NO_SLOT) table.free_tail = SESSION_NO_SLOT;
    return index;
}

/* Doubles the table (up to SESSION_MAX_SLOTS); the new slots join the free list. */
static DWORD table_grow(void)
{
    ULONG_PTR capacity = table.capacity ? table.capacity * 2 : SESSION_FIRST_CAPACITY;
    struct session_slot *slots;
    ULONG_PTR index;

    if (capacity > SESSION_MAX_SLOTS) capacity = SESSION_MAX_SLOTS;
    if (capacity <= table.capacity) return ERROR_NOT_ENOUGH_MEMORY; /* every slot is open */
    slots = wct_realloc(table.slots, capacity * sizeof(*slots));
    if (!slots) return ERROR_NOT_ENOUGH_MEMORY;
    table.slots = slots;
    for (index = table.capacity; index < capacity; index++)
    {
        table.slots[index].generation = 1;
        free_list_append(index);
    }
    table.capacity = capacity;
    return ERROR_SUCCESS;
}

/* Puts session in a free slot and gives it its handle. */
static DWORD table_insert(struct wct_session *session)
{
    ULONG_PTR index;
    DWORD error;

    if (table.free_head == SESSION_NO_SLOT && (error = table_grow())) return error;
    index = free_list_take();
    table.slots[index].session = session;
    session->handle = session_handle_encode(index, table.slots[index].generation);
    table.count++;
    return ERROR_SUCCESS;
}

/* The slot holding the open session named handle, or NULL. */
static struct session_slot *table_find(HWCT handle)
{
    ULONG_PTR index, generation;
    struct session_slot *slot;

    if (!session_handle_decode(handle, &index, &generation)) return NULL;
    if (index >= table.capacity) return NULL;
    slot = &table.slots[index];
    if (!slot->session || slot->generation != generation) return NULL;
    return slot;
}

/***********************************************************************
 *           Sessions
 */

DWORD session_create(DWORD flags, PWAITCHAINCALLBACK callback, const struct probe_ops *probe,
                     struct wct_session **session)
{
    struct wct_session *created = wct_alloc(sizeof(*created));
    DWORD error;

    if (!created) return ERROR_NOT_ENOUGH_MEMORY;
    created->flags = flags;
    created->callback = callback;
    created->probe = probe;
    created->probe_cache = NULL;
    created->refs = 1; /* the table's */
    worker_pool_queue_init(&created->queue);

    AcquireSRWLockExclusive(&table_lock);
    error = table_insert(created);
    ReleaseSRWLockExclusive(&table_lock);

    if (error) wct_free(created);
    else *session = created;
    return error;
}

struct wct_session *session_from_handle(HWCT handle)
{
    struct session_slot *slot;
    struct wct_session *session = NULL;

    AcquireSRWLockShared(&table_lock);
    if ((slot = table_find(handle)))
    {
        session = slot->session;
        InterlockedIncrement(&session->refs); /* safe: the table's reference keeps it >= 1 */
    }
    ReleaseSRWLockShared(&table_lock);
    return session;
}

struct wct_session *session_detach(HWCT handle)
{
    struct session_slot *slot;
    struct wct_session *session = NULL;

    AcquireSRWLockExclusive(&table_lock);
    if ((slot = table_find(handle)))
    {
        session = slot->session;
        slot->session = NULL;
        slot->generation = session_generation_next(slot->generation); /* handle now stale */
        free_list_append(slot - table.slots);
        table.count--;
    }
    ReleaseSRWLockExclusive(&table_lock);
    return session;
}

BOOL session_release(struct wct_session *session)
{
    if (InterlockedDecrement(&session->refs)) return FALSE;
    /* The last reference: out of the table, and no request left queued or running. */
    assert(!session->queue.head && !session->queue.running_thread);
    if (session->probe_cache && session->probe->free_cache)
        session->probe->free_cache(session->probe_cache);
    wct_free(session);
    return TRUE;
}

ULONG_PTR session_table_count(void)
{
    ULONG_PTR count;

    AcquireSRWLockShared(&table_lock);
    count = table.count;
    ReleaseSRWLockShared(&table_lock);
    return count;
}

ULONG_PTR session_table_capacity(void)
{
    ULONG_PTR capacity;

    AcquireSRWLockShared(&table_lock);
    capacity = table.capacity;
    ReleaseSRWLockShared(&table_lock);
    return capacity;
}

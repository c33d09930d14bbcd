/*
 * probe_cache.c - a session's threads, kept between its walks, with their last look.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Hang detectors ask about the same threads again and again. A session's walk keeps each
 * thread it opened (its handle, which keeps the thread object and so its id from being
 * reused: the id names that very thread while it is cached) and what the last look found
 * (the hint, probe_win.c). A thread found exited is dropped. The table is bounded: an id
 * falls on one entry, and a newcomer takes it over. Everything is closed when the session
 * is (probe_walk_free). Nothing here allocates: the table comes with the session's walk.
 */

#include <string.h>

#include "probe_internal.h"

/* Thread ids are multiples of 4 on Windows and Wine. */
static struct probe_cached_thread *cache_entry(struct probe_walk *walk, DWORD thread_id)
{
    return &walk->threads[(thread_id >> 2) % PROBE_CACHE_THREADS];
}

struct probe_cached_thread *probe_cache_find(struct probe_walk *walk, DWORD thread_id)
{
    struct probe_cached_thread *entry;

    if (!walk || !walk->threads || !thread_id) return NULL;
    entry = cache_entry(walk, thread_id);
    return entry->thread_id == thread_id ? entry : NULL;
}

void probe_cache_forget_hint(struct probe_hint *hint)
{
    if (hint->object.handle) CloseHandle(hint->object.handle);
    memset(hint, 0, sizeof(*hint));
}

void probe_cache_drop(struct probe_cached_thread *entry)
{
    probe_cache_forget_hint(&entry->hint);
    if (entry->handle) CloseHandle(entry->handle);
    memset(entry, 0, sizeof(*entry));
}

struct probe_cached_thread *probe_cache_store(struct probe_walk *walk, DWORD thread_id,
                                              DWORD process_id, HANDLE handle)
{
    struct probe_cached_thread *entry;

    if (!walk || !walk->threads || !thread_id) return NULL;
    entry = cache_entry(walk, thread_id);
    if (entry->thread_id) probe_cache_drop(entry);
    entry->thread_id = thread_id;
    entry->process_id = process_id;
    entry->handle = handle;
    return entry;
}

void probe_cache_empty(struct probe_walk *walk)
{
    unsigned int i;

    if (!walk->threads) return;
    for (i = 0; i < PROBE_CACHE_THREADS; i++)
        if (walk->threads[i].thread_id) probe_cache_drop(&walk->threads[i]);
}

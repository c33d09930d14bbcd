/*
 * probe_process.c - the walk: what one wait chain's inspections share.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A walk keeps the process handles its inspections opened (keyed by pid, so no process is
 * opened twice in one chain, nor in one session: a session's walk is kept between its
 * walks, probe_walk_begin_cached) and whether each is a 32-bit process (probe_wow64.c), the
 * Windows snapshot of thread states, and the last thread edge it confirmed. The inspections
 * of probe_win.c and the analysers use it through the functions below; of the rest of the
 * probe it uses only the thread cache (probe_cache.c), which it frees.
 */

#include <string.h>

#include "probe_internal.h"
#include "wct_alloc.h"

DWORD probe_walk_begin(struct probe_walk **walk)
{
    *walk = HeapAlloc(wct_heap(), HEAP_ZERO_MEMORY, sizeof(**walk));
    return *walk ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

DWORD probe_walk_begin_cached(void *volatile *slot, struct probe_walk **walk)
{
    DWORD error;

    if ((*walk = InterlockedExchangePointer(slot, NULL))) return ERROR_SUCCESS;
    if ((error = probe_walk_begin(walk))) return error;
    (*walk)->threads = HeapAlloc(wct_heap(), HEAP_ZERO_MEMORY,
                                 PROBE_CACHE_THREADS * sizeof(*(*walk)->threads));
    if (!(*walk)->threads)
    {
        probe_walk_free(*walk);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    (*walk)->slot = slot;
    return ERROR_SUCCESS;
}

/***********************************************************************
 *      walk_end_own   (internal)
 *
 * Closes and frees what belongs to one walk only: the edge not used, the snapshot, and what
 * it remembered of processes it could not open.
 */
static void walk_end_own(struct probe_walk *walk)
{
    unsigned int i, kept = 0;

    /* A process that could not be opened is not asked twice in one walk; nothing holds its
     * pid, so the next walk asks again (the pid may name another process by then). */
    for (i = 0; i < walk->process_count; i++)
        if (walk->process[i].handle) walk->process[kept++] = walk->process[i];
    walk->process_count = kept;
    if (walk->edge.handle) CloseHandle(walk->edge.handle);
    memset(&walk->edge, 0, sizeof(walk->edge));
    HeapFree(GetProcessHeap(), 0, walk->snapshot); /* probe_thread.c took it */
    walk->snapshot = NULL;
    walk->snapshot_tried = FALSE;
}

void probe_walk_end(struct probe_walk *walk)
{
    if (!walk) return;
    walk_end_own(walk);
    /* A session's walk goes back to its slot, unless another walk of the session put its
     * own there meanwhile. */
    if (walk->slot && !InterlockedCompareExchangePointer(walk->slot, walk, NULL)) return;
    probe_walk_free(walk);
}

void probe_walk_free(struct probe_walk *walk)
{
    unsigned int i;

    if (!walk) return;
    walk_end_own(walk);
    probe_cache_empty(walk);
    for (i = 0; i < walk->process_count; i++)
        if (walk->process[i].handle) CloseHandle(walk->process[i].handle);
    HeapFree(wct_heap(), 0, walk->threads);
    HeapFree(wct_heap(), 0, walk);
}

void probe_process_open(struct probe_process *target)
{
    if (target->known) return;
    target->handle = OpenProcess(PROBE_PROCESS_ACCESS, FALSE, target->pid);
    target->known = target->opened = TRUE;
}

void probe_walk_find_process(const struct probe_walk *walk, DWORD pid,
                             struct probe_process *target)
{
    unsigned int i;

    memset(target, 0, sizeof(*target));
    target->pid = pid;
    if (!walk) return;
    for (i = 0; i < walk->process_count; i++)
        if (walk->process[i].pid == pid)
        {
            target->handle = walk->process[i].handle;
            target->known = TRUE;
            target->wow64_known = walk->process[i].wow64_known;
            target->wow64 = walk->process[i].wow64;
            return;
        }
}

void probe_walk_keep_process(struct probe_walk *walk, struct probe_process *target)
{
    /* A process that cannot be opened is remembered too: it is not asked twice. */
    if (!target->opened) return;
    if (walk && walk->process_count < PROBE_PROCESS_CACHE)
    {
        walk->process[walk->process_count].pid = target->pid;
        walk->process[walk->process_count].handle = target->handle;
        walk->process[walk->process_count].wow64_known = target->wow64_known;
        walk->process[walk->process_count].wow64 = target->wow64;
        walk->process_count++;
    }
    else if (target->handle) CloseHandle(target->handle);
    memset(target, 0, sizeof(*target));
}

void probe_walk_keep_edge(struct probe_walk *walk, const struct probe_thread_info *info,
                          HANDLE handle)
{
    if (walk->edge.handle) CloseHandle(walk->edge.handle);
    walk->edge.info = *info;
    walk->edge.handle = handle;
}

const struct probe_edge *probe_walk_take_edge(struct probe_walk *walk, DWORD thread_id,
                                              struct probe_edge *edge)
{
    if (!walk || !walk->edge.handle) return NULL;
    *edge = walk->edge;
    memset(&walk->edge, 0, sizeof(walk->edge));
    if (edge->info.thread_id == thread_id) return edge;
    CloseHandle(edge->handle);
    return NULL;
}

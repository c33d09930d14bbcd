/*
 * watch_track.c - --watch's memory: for each waiting thread, the wait it was last seen in and
 * since when. A wait is the same from one sample to the next when the thread, the object it
 * waits on and that object's owner are the same (and, where the system counts them, the
 * thread made no context switch in between). The time is what wctdump saw: a lower bound of
 * the real wait, which Wine does not report.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <string.h>
#include "wctdump.h"

static BOOL same_node(const WAITCHAIN_NODE_INFO *a, const WAITCHAIN_NODE_INFO *b)
{
    if (a->ObjectType != b->ObjectType || a->ObjectStatus != b->ObjectStatus) return FALSE;
    if (a->ObjectType == WctThreadType)
        return a->ThreadObject.ProcessId == b->ThreadObject.ProcessId
            && a->ThreadObject.ThreadId == b->ThreadObject.ThreadId;
    return !wcsncmp(a->LockObject.ObjectName, b->LockObject.ObjectName, WCT_OBJNAME_LENGTH);
}


/* A chain that starts with its thread, blocked. */
static BOOL chain_is_blocked(const struct wctdump_chain *chain)
{
    return wctdump_chain_has_nodes(chain) && chain->count
        && chain->nodes[0].ObjectType == WctThreadType
        && chain->nodes[0].ObjectStatus == WctStatusBlocked;
}


BOOL wctdump_chain_is_waiting(const struct wctdump_chain *chain)
{
    return chain_is_blocked(chain) && chain->count >= 2;
}


/* Whether two chains of one thread show the same wait (a thread blocked on nothing the
 * chain shows, as in Sleep, is the same while it stays so). */
BOOL wctdump_same_wait(const struct wctdump_chain *a, const struct wctdump_chain *b)
{
    DWORD i, count;

    if (a->tid != b->tid || !chain_is_blocked(a) || !chain_is_blocked(b)) return FALSE;
    /* Windows counts context switches: a thread that woke up in between is not the same wait. */
    if (a->nodes[0].ThreadObject.ContextSwitches != b->nodes[0].ThreadObject.ContextSwitches)
        return FALSE;
    /* The thread, the object, the owner (when there is one). */
    count = a->count < 3 ? a->count : 3;
    if ((b->count < 3 ? b->count : 3) != count) return FALSE;
    for (i = 0; i < count; i++)
        if (!same_node(&a->nodes[i], &b->nodes[i])) return FALSE;
    return TRUE;
}


void wctdump_tracker_init(struct wctdump_tracker *tracker)
{
    memset(tracker, 0, sizeof(*tracker));
}


void wctdump_tracker_free(struct wctdump_tracker *tracker)
{
    free(tracker->entries);
    wctdump_tracker_init(tracker);
}


static struct wctdump_watch_entry *tracker_find(const struct wctdump_tracker *tracker, DWORD tid)
{
    size_t i;

    for (i = 0; i < tracker->count; i++)
        if (tracker->entries[i].tid == tid) return &tracker->entries[i];
    return NULL;
}


static struct wctdump_watch_entry *tracker_add(struct wctdump_tracker *tracker)
{
    struct wctdump_watch_entry *bigger;
    size_t capacity;

    if (tracker->count == tracker->capacity)
    {
        capacity = tracker->capacity ? tracker->capacity * 2 : 64;
        if (!(bigger = realloc(tracker->entries, capacity * sizeof(*bigger))))
        {
            tracker->failed = TRUE;
            return NULL;
        }
        tracker->entries = bigger;
        tracker->capacity = capacity;
    }
    return &tracker->entries[tracker->count++];
}


void wctdump_tracker_update(struct wctdump_tracker *tracker, const struct wctdump_scan *sample,
                            ULONGLONG started_ms, ULONGLONG ended_ms)
{
    struct wctdump_watch_entry *entry;
    size_t i, kept;

    for (i = 0; i < sample->chain_count; i++)
    {
        const struct wctdump_chain *chain = &sample->chains[i];

        if (!wctdump_chain_is_waiting(chain)) continue;
        if ((entry = tracker_find(tracker, chain->tid))
            && entry->pid == chain->pid && wctdump_same_wait(&entry->chain, chain))
        {
            entry->last_ms = started_ms;
            entry->sample = tracker->samples;
            continue;
        }
        if (!entry && !(entry = tracker_add(tracker))) return;
        entry->pid = chain->pid;
        entry->tid = chain->tid;
        entry->chain = *chain;
        entry->chain.stack = NULL;
        /* Somewhere inside [started_ms, ended_ms]: the end is the safe side. */
        entry->first_ms = entry->last_ms = ended_ms;
        entry->sample = tracker->samples;
    }
    /* A thread this sample did not see waiting is forgotten: its wait ended. */
    for (i = kept = 0; i < tracker->count; i++)
        if (tracker->entries[i].sample == tracker->samples)
            tracker->entries[kept++] = tracker->entries[i];
    tracker->count = kept;
    tracker->samples++;
}


DWORD wctdump_tracker_seen_ms(const struct wctdump_tracker *tracker, DWORD tid)
{
    const struct wctdump_watch_entry *entry = tracker_find(tracker, tid);
    ULONGLONG seen;

    if (!entry || entry->last_ms <= entry->first_ms) return 0;
    seen = entry->last_ms - entry->first_ms;
    return seen > 0xffffffffull ? 0xffffffff : (DWORD)seen;
}


void wctdump_tracker_filter(const struct wctdump_tracker *tracker, struct wctdump_scan *scan,
                            DWORD min_ms)
{
    size_t i, j, kept = 0, processes = 0;

    for (i = 0; i < scan->process_count; i++)
    {
        struct wctdump_process process = scan->processes[i];
        size_t first = kept;

        for (j = 0; j < process.count; j++)
        {
            struct wctdump_chain *chain = &scan->chains[process.first + j];
            DWORD seen = wctdump_tracker_seen_ms(tracker, chain->tid);

            if (!wctdump_chain_is_waiting(chain) || !tracker_find(tracker, chain->tid)
                || tracker_find(tracker, chain->tid)->pid != chain->pid || seen < min_ms
                || (!min_ms && !seen))
            {
                free(chain->stack);
                chain->stack = NULL;
                continue;
            }
            chain->seen_ms = seen;
            if (kept != process.first + j) scan->chains[kept] = *chain;
            kept++;
        }
        if (kept == first) continue;
        process.first = first;
        process.count = kept - first;
        scan->processes[processes++] = process;
    }
    scan->process_count = processes;
    scan->chain_count = kept;
}

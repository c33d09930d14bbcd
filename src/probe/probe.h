/*
 * probe.h - what the OS reveals about a thread and what it waits on.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The chain walker (chain_walker.c) asks the probe about one thread at a time through
 * struct probe_ops; probe_win.c is the real implementation, tests substitute fakes.
 * The probe reports only what it has verified: an edge to a next thread is given only when
 * the OS (or validated memory) says who that thread is.
 *
 * This header uses nothing but <windows.h> and <wct.h> types, so the walker and its tests
 * also build natively on Linux against Wine's headers.
 */

#ifndef WCT_PROBE_H
#define WCT_PROBE_H

#include "wct_private.h"

/* What the probe may look at for one thread (bits of probe_ops.inspect_thread's want). */
#define PROBE_WANT_WAIT       0x1 /* find out what the thread waits on (fills *wait) */
#define PROBE_WANT_FOREIGN_CS 0x2 /* critical sections may also be read in processes other than
                                    the caller's (WCT_OUT_OF_PROC_CS_FLAG); the caller's own
                                    process is always read */
#define PROBE_WANT_NETWORK    0x4 /* report socket/SMB waits (WCT_NETWORK_IO_FLAG) */

/* Entries of a session's thread cache (probe_cache.c): a bounded table, each id in one entry
 * (a newcomer takes the place of the entry its id falls on). */
#define PROBE_CACHE_THREADS 256

/* One thread, as the probe found it. */
struct probe_thread
{
    DWORD process_id;
    DWORD thread_id;
    WCT_OBJECT_STATUS status; /* WctStatusRunning, WctStatusBlocked or WctStatusUnknown */
    DWORD wait_time;          /* 0 where the OS does not tell */
    DWORD context_switches;   /* 0 where the OS does not tell */
};

/*
 * What a blocked thread waits on. object_type 0 means no object node: the thread runs, or
 * its wait is one that WCT does not report as an object (e.g. Sleep).
 * next_thread_id 0 means the chain ends at this object: it has no owner, or the OS does not
 * reveal it (a mutex under Wine), or it is a process.
 */
struct probe_wait
{
    WCT_OBJECT_TYPE object_type;
    WCT_OBJECT_STATUS object_status;
    WCHAR object_name[WCT_OBJNAME_LENGTH]; /* always zero-terminated; empty when unnamed */
    DWORD next_thread_id;                  /* the owner / target thread, or 0 */
    DWORD next_process_id;                 /* its process (valid when next_thread_id != 0) */
    /* Where the OS counts the waits on this object as they end (a critical section's
     * DebugInfo->ContentionCount), the count at this look: two looks at one thread that
     * read the same count saw one wait, not a wait that ended and an identical one that
     * began (the walker's cycle confirmation). serial_known FALSE: no such count. */
    BOOL serial_known;
    DWORD wait_serial;
};

struct probe_ops
{
    /*
     * Optional (may be NULL): called once before a walk. What it stores in *context is
     * passed to every inspect_thread of that walk and then to end_walk, so the probe can
     * keep handles (e.g. the last process opened) for the length of one walk.
     * Returns ERROR_SUCCESS or ERROR_NOT_ENOUGH_MEMORY.
     */
    DWORD (*begin_walk)(void **context);
    /* Optional (may be NULL): releases what begin_walk made. */
    void (*end_walk)(void *context);

    /*
     * Looks at one thread. Fills *thread always on success, and *wait when want has
     * PROBE_WANT_WAIT and the thread is blocked (otherwise *wait is zeroed).
     * Returns ERROR_SUCCESS, ERROR_OBJECT_NOT_FOUND (no such thread, or it has exited) or
     * ERROR_ACCESS_DENIED (it exists but cannot be opened); *thread then holds what is
     * known (thread_id, process_id where known).
     * Never suspends any thread (probe_thread.c says why).
     */
    DWORD (*inspect_thread)(void *context, DWORD thread_id, DWORD want,
                            struct probe_thread *thread, struct probe_wait *wait);

    /*
     * Optional (may be NULL): called when a session opens, so the probe can get ready what
     * it may need later, when that is possible without waiting (never on the inspection
     * path, which must not wait for the loader lock).
     */
    void (*prepare)(void);

    /*
     * Optional (may be NULL): begin_walk for a session that keeps a cache between its
     * walks. *cache is the session's slot (NULL at first): the walk takes what it holds, and
     * end_walk puts it back (a walk that finds the slot empty, because another walk of the
     * session has it, starts a cache of its own). Same results as begin_walk.
     */
    DWORD (*begin_cached_walk)(void *volatile *cache, void **context);
    /* Optional (may be NULL): frees a session's cache (the session is closed: no walk). */
    void (*free_cache)(void *cache);
};

/* The real probe (probe_win.c). */
extern const struct probe_ops probe_win_ops;

#endif /* WCT_PROBE_H */

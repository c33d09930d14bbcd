/*
 * wct_alloc.h - memory for sessions, the handle table and requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One place that allocates, so tests can make allocations fail (ERROR_NOT_ENOUGH_MEMORY
 * paths) without a special build.
 */

#ifndef WCT_ALLOC_H
#define WCT_ALLOC_H

#include "wct_private.h"

/*
 * wct's own heap (HeapCreate), made by DllMain (or on first use where wct is linked in):
 * the process heap's lock is the program's. A thread the process kills at exit in the
 * middle of an allocation (ExitProcess ends every other thread wherever it is) leaves its
 * heap locked, and the DLLs' DLL_PROCESS_DETACH that free memory then wait for good (seen
 * under Wine 8: threads churning the process heap, main returning, 1 exit in 40 hung). With
 * its own heap, a thread inside wct can only leave wct's heap locked, which nothing needs
 * at exit: once the loader shuts the process down (RtlDllShutdownInProgress) wct frees
 * nothing and allocates from the process heap. The process heap when HeapCreate failed.
 */
HANDLE wct_heap(void);

/* Zero-filled memory from wct's heap, or NULL. */
void *wct_alloc(SIZE_T size);

/* Grows (or shrinks) memory from wct_alloc; the new part is zero-filled. NULL on failure
 * (always once the process shuts down), and then memory is unchanged. */
void *wct_realloc(void *memory, SIZE_T size);

/* Frees memory from wct_alloc or wct_realloc; NULL is ignored, and so is everything once the
 * process shuts down (the memory goes with it). */
void wct_free(void *memory);

/* Tests only: after the next `skip` allocations (wct_alloc and wct_realloc) succeed, the
 * `count` following ones fail. wct_alloc_fail(0, 0) turns it off. */
void wct_alloc_fail(LONG skip, LONG count);

#endif /* WCT_ALLOC_H */

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

/* Zero-filled memory from the process heap, or NULL. */
void *wct_alloc(SIZE_T size);

/* Grows (or shrinks) memory from wct_alloc; the new part is zero-filled. NULL on failure,
 * and then memory is unchanged. */
void *wct_realloc(void *memory, SIZE_T size);

/* Frees memory from wct_alloc or wct_realloc; NULL is ignored. */
void wct_free(void *memory);

/* Tests only: after the next `skip` allocations (wct_alloc and wct_realloc) succeed, the
 * `count` following ones fail. wct_alloc_fail(0, 0) turns it off. */
void wct_alloc_fail(LONG skip, LONG count);

#endif /* WCT_ALLOC_H */

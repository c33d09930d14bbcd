/*
 * wct_alloc.c - memory for sessions, the handle table and requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wct_alloc.h"

/* Failure injection for tests, locked via alloc_lock; both 0 in normal use. */
static LONG allocations_to_skip, failures_wanted;
static SRWLOCK alloc_lock = SRWLOCK_INIT;

/* TRUE when this allocation was asked to fail by wct_alloc_fail(). */
static BOOL take_injected_failure(void)
{
    BOOL fail = FALSE;

    if (!*(volatile LONG *)&failures_wanted) return FALSE; /* normal use: no lock taken */
    AcquireSRWLockExclusive(&alloc_lock);
    if (allocations_to_skip) allocations_to_skip--;
    else if (failures_wanted)
    {
        failures_wanted--;
        fail = TRUE;
    }
    ReleaseSRWLockExclusive(&alloc_lock);
    return fail;
}

void *wct_alloc(SIZE_T size)
{
    if (take_injected_failure()) return NULL;
    return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
}

void *wct_realloc(void *memory, SIZE_T size)
{
    if (!memory) return wct_alloc(size);
    if (take_injected_failure()) return NULL;
    return HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, memory, size);
}

void wct_free(void *memory)
{
    if (memory) HeapFree(GetProcessHeap(), 0, memory);
}

void wct_alloc_fail(LONG skip, LONG count)
{
    AcquireSRWLockExclusive(&alloc_lock);
    allocations_to_skip = skip;
    failures_wanted = count;
    ReleaseSRWLockExclusive(&alloc_lock);
}

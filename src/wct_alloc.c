/*
 * wct_alloc.c - memory for sessions, the handle table and requests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "wct_alloc.h"

/* ntdll (Windows and Wine): TRUE once the loader shuts the process down. */
NTSYSAPI BOOLEAN WINAPI RtlDllShutdownInProgress(void);

static INIT_ONCE heap_once = INIT_ONCE_STATIC_INIT;
static HANDLE private_heap; /* never destroyed: the DLL is pinned */

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

static BOOL CALLBACK heap_create(INIT_ONCE *once, void *param, void **context)
{
    (void)once; (void)param; (void)context;
    private_heap = HeapCreate(0, 0, 0);
    return TRUE;
}

HANDLE wct_heap(void)
{
    InitOnceExecuteOnce(&heap_once, heap_create, NULL, NULL);
    return private_heap ? private_heap : GetProcessHeap();
}

void *wct_alloc(SIZE_T size)
{
    if (take_injected_failure()) return NULL;
    /* At shutdown wct's heap may be held by a thread that was ended inside it. */
    if (RtlDllShutdownInProgress()) return HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, size);
    return HeapAlloc(wct_heap(), HEAP_ZERO_MEMORY, size);
}

void *wct_realloc(void *memory, SIZE_T size)
{
    if (!memory) return wct_alloc(size);
    if (take_injected_failure() || RtlDllShutdownInProgress()) return NULL;
    return HeapReAlloc(wct_heap(), HEAP_ZERO_MEMORY, memory, size);
}

void wct_free(void *memory)
{
    if (memory && !RtlDllShutdownInProgress()) HeapFree(wct_heap(), 0, memory);
}

void wct_alloc_fail(LONG skip, LONG count)
{
    AcquireSRWLockExclusive(&alloc_lock);
    allocations_to_skip = skip;
    failures_wanted = count;
    ReleaseSRWLockExclusive(&alloc_lock);
}

/*
 * user_buffer.c - whether the caller's output buffers can be written.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GetThreadWaitChain writes its results into the caller's memory, and an asynchronous
 * request does so later, on a pool thread: a bad pointer found only then would crash the
 * program far from its cause. So the buffers are checked when the call is made:
 * committed pages, writable, no guard page (VirtualQuery: one system call per region, no
 * user-mode lock). Memory the caller releases after the call is the caller's contract, as
 * for any asynchronous Win32 call.
 */

#include "user_buffer.h"

#define WRITABLE_PROTECT \
    (PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)

BOOL user_buffer_writable(const void *buffer, SIZE_T size)
{
    ULONG_PTR start = (ULONG_PTR)buffer, at = start, end = start + size;
    MEMORY_BASIC_INFORMATION info;

    if (!buffer || end < start) return FALSE;
    while (at < end)
    {
        ULONG_PTR region_end;

        if (!VirtualQuery((const void *)at, &info, sizeof(info))) return FALSE;
        if (info.State != MEM_COMMIT || !(info.Protect & WRITABLE_PROTECT)
            || (info.Protect & (PAGE_GUARD | PAGE_NOACCESS)))
            return FALSE;
        region_end = (ULONG_PTR)info.BaseAddress + info.RegionSize;
        if (region_end <= at) return FALSE;
        at = region_end;
    }
    return TRUE;
}

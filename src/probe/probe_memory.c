/*
 * probe_memory.c - reading a target's memory.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe never stops the threads it looks at, so whatever it reads may be released by
 * them at any moment: a thread's stack when it exits, a handle array or a critical section
 * when they are freed. Every read therefore goes through ReadProcessMemory, in the caller's
 * own process too, which fails cleanly where a plain copy would fault. What it returns may
 * already be stale; the probe confirms each edge after it has been resolved (probe_win.c).
 */

#include "probe_internal.h"

BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    SIZE_T done = 0;

    if (!process) return FALSE;
    return ReadProcessMemory(process, (const void *)address, buffer, size, &done) && done == size;
}

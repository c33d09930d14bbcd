/*
 * probe_memory.c - reading a target's memory: in the caller's own process directly, in
 * another process through ReadProcessMemory.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Wine sends every ReadProcessMemory to wineserver, even for the caller's own process (a
 * round trip that costs about as much as three simple queries, docs/probe.md), while the
 * memory is right there. So the caller's own memory is copied directly, but only where two
 * things hold:
 *   - the range is committed and readable, which VirtualQuery says (on Wine it is answered
 *     inside the process, without wineserver: under a microsecond);
 *   - the range cannot be released between that check and the copy. That is true of a
 *     suspended thread's stack and TEB while it stays suspended (a thread's stack is only
 *     released when it exits), and that is where direct reads are used: in the suspended
 *     window. Memory named by a value found in a register or on a stack (a handle array
 *     elsewhere, a critical section candidate) may be freed at any moment by a running
 *     thread of the process, so it is read with ReadProcessMemory, which fails cleanly
 *     where a copy would fault.
 * Nothing is copied directly after the window: the waiter runs again, and its stack may be
 * released at any moment (see finding_word_unchanged in probe_win.c).
 */

#include <string.h>

#include "probe_internal.h"

/* Protections under which a committed page can be read (PAGE_GUARD and PAGE_NOACCESS not). */
#define PROBE_READABLE_PROTECT \
    (PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ \
     | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY)

BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    SIZE_T done = 0;

    /* A plain system call (no user-mode lock, no allocation): usable in the suspended
     * window too. */
    if (!process) return FALSE;
    return ReadProcessMemory(process, (const void *)address, buffer, size, &done) && done == size;
}

SIZE_T probe_memory_own_readable(ULONG_PTR address, SIZE_T size)
{
    MEMORY_BASIC_INFORMATION info;
    SIZE_T readable = 0;

    /* VirtualQuery is one system call (NtQueryVirtualMemory) and takes no user-mode lock,
     * so it is allowed while another thread of the process is suspended: on Windows the
     * address space lock is the kernel's; on Wine the virtual memory lock is the Unix
     * side's, taken with the suspend signal blocked, so a suspended thread never holds it.
     * A range may span regions (pages of different protections): each must be readable. */
    while (readable < size)
    {
        ULONG_PTR at = address + readable, end;

        if (at < address) break; /* wrapped */
        if (!VirtualQuery((const void *)at, &info, sizeof(info))) break;
        if (info.State != MEM_COMMIT || !(info.Protect & PROBE_READABLE_PROTECT)
            || (info.Protect & PAGE_GUARD))
            break;
        end = (ULONG_PTR)info.BaseAddress + info.RegionSize;
        if (end <= at) break;
        readable += end - at;
    }
    return readable < size ? readable : size;
}

BOOL probe_memory_copy_own(ULONG_PTR address, void *buffer, SIZE_T size)
{
    if (probe_memory_own_readable(address, size) != size) return FALSE;
    /* A plain copy: no lock, no allocation (see the file's comment for when it is used). */
    memcpy(buffer, (const void *)address, size);
    return TRUE;
}

/*
 * probe_memory.c - reading a target's memory.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe never stops the threads it looks at, so whatever it reads may be released or
 * protected by them at any moment: a thread's stack when it exits, a handle array or a
 * critical section when they are freed or their page's protection changes. A read must fail
 * cleanly where a plain copy would fault, and no fault may be raised at all: a program's own
 * vectored handlers (a crash reporter's, added first in line) see every exception raised in
 * the process before any handler of wct's could take it (issue 21).
 *
 * So every read, of the caller's own memory too, is a ReadProcessMemory: the system copies
 * and answers with an error where the memory is not readable. On Wine that is a wineserver
 * round trip even for the caller's own process (docs/probe.md gives the cost against the
 * in-place copy it replaces, which a program's handler could see fault).
 * What is read may already be stale; the probe confirms each edge after it has been
 * resolved (probe_win.c).
 */

#include "probe_internal.h"

BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    SIZE_T done = 0;

    if (!process) return FALSE;
    return ReadProcessMemory(process, (const void *)address, buffer, size, &done) && done == size;
}

/*
 * probe_wow64.c - threads of 32-bit (WoW64) processes, seen from a 64-bit caller.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A 64-bit probe knows 64-bit registers, 64-bit ntdll's system call stubs, 64-bit stacks and
 * the 64-bit CRITICAL_SECTION. A thread of a 32-bit process runs none of those: its waits go
 * through the 32-bit ntdll of its own process (under Wine's WoW64 a separate 32-bit ntdll
 * whose stubs are not the caller's), its handle arrays hold 32-bit values and its sections
 * have the 32-bit layout. Read with the 64-bit logic it could only give a wrong status or a
 * wrong edge, so such a thread is never analysed: its node is reported with the system's own
 * state where there is one (Windows), else Unknown, and the chain ends there (docs/probe.md,
 * "32-bit processes from a 64-bit caller").
 *
 * Whether a process is 32-bit is asked once per process and walk (IsWow64Process on the
 * walk's process handle, kept in the walk's cache with it).
 */

#include "probe_internal.h"

#if defined(_WIN64)
/***********************************************************************
 *      process_is_wow64   (internal)
 *
 * IsWow64Process on handle, or on a handle opened with the least access when the walk's
 * could not be had; FALSE when neither says so.
 */
static BOOL process_is_wow64(HANDLE handle, DWORD pid)
{
    HANDLE limited = NULL;
    BOOL wow64 = FALSE;

    if (!handle && !(handle = limited = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)))
        return FALSE;
    if (!IsWow64Process(handle, &wow64)) wow64 = FALSE;
    if (limited) CloseHandle(limited);
    return wow64;
}
#endif

BOOL probe_wow64_target(struct probe_process *target)
{
#if defined(_WIN64)
    if (!target->wow64_known)
    {
        probe_process_open(target);
        target->wow64 = process_is_wow64(target->handle, target->pid);
        target->wow64_known = TRUE;
    }
    return target->wow64;
#else
    /* A 32-bit caller and a 32-bit target share the probe's logic; a 64-bit target seen
     * from a 32-bit caller is another matter (not handled here). */
    (void)target;
    return FALSE;
#endif
}

void probe_wow64_thread(BOOL have_state, BOOL waiting, struct probe_thread *thread)
{
    if (!have_state) thread->status = WctStatusUnknown;
    else thread->status = waiting ? WctStatusBlocked : WctStatusRunning;
}

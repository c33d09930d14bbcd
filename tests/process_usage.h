/*
 * process_usage.h - the process's handle count and private memory, as the soak measures
 * them before and after.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Wine 8 answers GetProcessHandleCount with 0 and leaves
 * PROCESS_MEMORY_COUNTERS_EX.PrivateUsage unset; where that happens the handles are counted
 * from NtQuerySystemInformation(SystemHandleInformation) and the private memory is
 * PagefileUsage (the commit charge, which is what PrivateUsage reports on Windows).
 */

#ifndef WCT_TESTS_PROCESS_USAGE_H
#define WCT_TESTS_PROCESS_USAGE_H

#include <windows.h>

struct process_usage
{
    DWORD handles;
    SIZE_T private_bytes;
    DWORD threads;               /* for the report only */
    const char *handles_source;  /* which API gave the handle count */
    const char *private_source;  /* which field gave the private memory */
};

/* Reads the current process's figures. FALSE when they cannot be read. */
BOOL process_usage_read(struct process_usage *usage);

#endif /* WCT_TESTS_PROCESS_USAGE_H */

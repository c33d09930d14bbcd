/*
 * process_usage.c - handle count, private memory and thread count of this process.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>
#include <windows.h>
#include <psapi.h>
#include <tlhelp32.h>

#include "process_usage.h"

#define SYSTEM_HANDLE_INFORMATION_CLASS 16
#define STATUS_INFO_LENGTH_MISMATCH_VALUE ((LONG)0xc0000004)

/* SystemHandleInformation's entries (the layout is the same on Windows and Wine). */
struct handle_entry
{
    ULONG process_id;
    BYTE object_type;
    BYTE flags;
    USHORT handle;
    void *object;
    ACCESS_MASK access;
};

struct handle_table
{
    ULONG count;
    struct handle_entry entries[1];
};

typedef LONG (WINAPI *query_system_information_fn)(int, void *, ULONG, ULONG *);


/* Fetches the whole system's handle table; the caller frees it. NULL on failure. */
static struct handle_table *system_handles(void)
{
    query_system_information_fn query = (query_system_information_fn)(void (*)(void))
        GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQuerySystemInformation");
    ULONG size = 1 << 16, needed;
    struct handle_table *table;
    LONG status;

    if (!query) return NULL;
    for (;;)
    {
        if (!(table = malloc(size))) return NULL;
        status = query(SYSTEM_HANDLE_INFORMATION_CLASS, table, size, &needed);
        if (status != STATUS_INFO_LENGTH_MISMATCH_VALUE) break;
        free(table);
        size *= 2;
    }
    if (status >= 0) return table;
    free(table);
    return NULL;
}


static BOOL count_handles(struct process_usage *usage)
{
    DWORD pid = GetCurrentProcessId(), count = 0, i;
    struct handle_table *table;

    if (GetProcessHandleCount(GetCurrentProcess(), &count) && count)
    {
        usage->handles = count;
        usage->handles_source = "GetProcessHandleCount";
        return TRUE;
    }
    if (!(table = system_handles())) return FALSE;
    for (i = 0; i < table->count; i++)
        if (table->entries[i].process_id == pid) count++;
    free(table);
    usage->handles = count;
    usage->handles_source = "NtQuerySystemInformation(SystemHandleInformation)";
    return TRUE;
}


static BOOL read_private_bytes(struct process_usage *usage)
{
    PROCESS_MEMORY_COUNTERS_EX counters;

    ZeroMemory(&counters, sizeof(counters));
    counters.PrivateUsage = (SIZE_T)-1; /* stays so where the OS does not fill it */
    if (!GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters,
                              sizeof(counters)))
        return FALSE;
    if (counters.PrivateUsage != (SIZE_T)-1 && counters.PrivateUsage)
    {
        usage->private_bytes = counters.PrivateUsage;
        usage->private_source = "PrivateUsage";
    }
    else
    {
        usage->private_bytes = counters.PagefileUsage;
        usage->private_source = "PagefileUsage";
    }
    return TRUE;
}


static DWORD count_threads(void)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 entry;
    DWORD pid = GetCurrentProcessId(), count = 0;

    if (snapshot == INVALID_HANDLE_VALUE) return 0;
    entry.dwSize = sizeof(entry);
    if (Thread32First(snapshot, &entry))
        do if (entry.th32OwnerProcessID == pid) count++;
        while (Thread32Next(snapshot, &entry));
    CloseHandle(snapshot);
    return count;
}


BOOL process_usage_read(struct process_usage *usage)
{
    usage->threads = count_threads();
    return count_handles(usage) && read_private_bytes(usage);
}

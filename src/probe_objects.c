/*
 * probe_objects.c - what a waited handle is: a thread, a process, a mutex, or something WCT
 * does not report.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The handle value comes from the waiter's stack or registers and means something only in
 * the waiter's process, so it is duplicated out of that process first; a value that is not
 * a valid handle there fails the duplication and gives no finding. Everything here runs
 * after the waiter has been resumed (it may allocate and query freely).
 */

#include <string.h>

#include "probe_internal.h"

/* The kinds of object the probe tells apart, by their NT type name. */
enum object_kind
{
    OBJECT_OTHER,
    OBJECT_THREAD,
    OBJECT_PROCESS,
    OBJECT_MUTANT,
};

/* NtQueryMutant's owner class (Windows: the owner's CLIENT_ID; Wine refuses it). Wine's
 * MUTANT_INFORMATION_CLASS names only MutantBasicInformation. */
#define PROBE_MUTANT_OWNER_INFORMATION ((MUTANT_INFORMATION_CLASS)1)

/***********************************************************************
 *      object_duplicate   (internal)
 *
 * A handle in the caller's process to the object that value names in process.
 */
static HANDLE object_duplicate(HANDLE process, HANDLE value)
{
    HANDLE copy = NULL;

    if (!DuplicateHandle(process, value, GetCurrentProcess(), &copy, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return NULL;
    return copy;
}

/***********************************************************************
 *      object_kind_of   (internal)
 */
static enum object_kind object_kind_of(const struct probe_nt *nt, HANDLE object)
{
    /* OBJECT_TYPE_INFORMATION followed by the type name: a short name, so a small buffer
     * (ULONG_PTR-aligned, as NtQueryObject requires). */
    ULONG_PTR buffer[(sizeof(OBJECT_TYPE_INFORMATION) + 64 * sizeof(WCHAR)) / sizeof(ULONG_PTR) + 1];
    const OBJECT_TYPE_INFORMATION *info = (const OBJECT_TYPE_INFORMATION *)buffer;
#define KIND(name, kind) { name, sizeof(name) - sizeof(WCHAR), kind }
    static const struct { const WCHAR *name; USHORT bytes; enum object_kind kind; } kinds[] =
    {
        KIND(L"Thread", OBJECT_THREAD),
        KIND(L"Process", OBJECT_PROCESS),
        KIND(L"Mutant", OBJECT_MUTANT),
    };
#undef KIND
    size_t i;

    if (nt->pNtQueryObject(object, ObjectTypeInformation, buffer, sizeof(buffer), NULL))
        return OBJECT_OTHER;
    for (i = 0; i < ARRAYSIZE(kinds); i++)
        if (info->TypeName.Length == kinds[i].bytes
            && !memcmp(info->TypeName.Buffer, kinds[i].name, kinds[i].bytes))
            return kinds[i].kind;
    return OBJECT_OTHER;
}

/***********************************************************************
 *      object_signalled   (internal)
 *
 * A dispatcher object's state, without waiting: WCT reports unsignalled objects as Owned.
 */
static BOOL object_signalled(HANDLE object)
{
    return WaitForSingleObject(object, 0) == WAIT_OBJECT_0;
}

void probe_objects_name(const struct probe_nt *nt, HANDLE object, WCHAR *name, size_t size)
{
    ULONG_PTR small[(sizeof(OBJECT_NAME_INFORMATION) + 260 * sizeof(WCHAR)) / sizeof(ULONG_PTR)];
    OBJECT_NAME_INFORMATION *info = (OBJECT_NAME_INFORMATION *)small;
    ULONG needed = 0;
    NTSTATUS status;
    size_t length;

    name[0] = 0;
    status = nt->pNtQueryObject(object, ObjectNameInformation, small, sizeof(small), &needed);
    if (status && needed > sizeof(small))
    {
        /* A longer name than usual (up to 64 KiB): ask again with room for it. */
        if (!(info = HeapAlloc(GetProcessHeap(), 0, needed))) return;
        status = nt->pNtQueryObject(object, ObjectNameInformation, info, needed, NULL);
    }
    if (!status && info->Name.Buffer)
    {
        /* The object manager's full name (\Sessions\1\BaseNamedObjects\Name), cut to what
         * fits and always terminated. */
        length = info->Name.Length / sizeof(WCHAR);
        if (length > size - 1) length = size - 1;
        memcpy(name, info->Name.Buffer, length * sizeof(WCHAR));
        name[length] = 0;
    }
    if (info != (OBJECT_NAME_INFORMATION *)small) HeapFree(GetProcessHeap(), 0, info);
}

/***********************************************************************
 *      mutant_queryable   (internal)
 *
 * A handle to the mutex that may query its state: the waiter's own handle often has only
 * SYNCHRONIZE, so a second duplicate asks for MUTANT_QUERY_STATE (granted by the mutex's
 * security, as an OpenMutex would be). NULL: the waiter's handle is all there is.
 */
static HANDLE mutant_queryable(HANDLE process, HANDLE value)
{
    HANDLE copy = NULL;

    if (!DuplicateHandle(process, value, GetCurrentProcess(), &copy,
                         MUTANT_QUERY_STATE | SYNCHRONIZE, FALSE, 0))
        return NULL;
    return copy;
}

/***********************************************************************
 *      mutant_wait   (internal)
 *
 * A mutex: Owned, NotOwned or Abandoned, its name, and its owner where the OS says
 * (NtQueryMutant's owner class; Windows only, Wine answers STATUS_INVALID_INFO_CLASS and
 * the chain ends at the mutex).
 */
static void mutant_wait(const struct probe_nt *nt, HANDLE process, HANDLE value, HANDLE copy,
                        DWORD waiter_tid, struct probe_wait *wait)
{
    MUTANT_BASIC_INFORMATION basic;
    CLIENT_ID owner;
    HANDLE mutant = mutant_queryable(process, value);

    if (!mutant) mutant = copy;
    wait->object_type = WctMutexType;
    wait->object_status = WctStatusUnknown;
    probe_objects_name(nt, copy, wait->object_name, ARRAYSIZE(wait->object_name));
    if (!nt->pNtQueryMutant(mutant, MutantBasicInformation, &basic, sizeof(basic), NULL))
    {
        /* CurrentCount is 1 when free, 0 or less (minus the recursion) when owned. */
        if (basic.AbandonedState) wait->object_status = WctStatusAbandoned;
        else wait->object_status = basic.CurrentCount <= 0 ? WctStatusOwned : WctStatusNotOwned;
    }

    memset(&owner, 0, sizeof(owner));
    if (wait->object_status == WctStatusOwned
        && !nt->pNtQueryMutant(mutant, PROBE_MUTANT_OWNER_INFORMATION, &owner, sizeof(owner), NULL)
        /* A thread never waits on a mutex it owns (it would acquire it again at once). */
        && owner.UniqueThread && (DWORD)(ULONG_PTR)owner.UniqueThread != waiter_tid)
    {
        wait->next_thread_id = (DWORD)(ULONG_PTR)owner.UniqueThread;
        wait->next_process_id = (DWORD)(ULONG_PTR)owner.UniqueProcess;
    }
    if (mutant != copy) CloseHandle(mutant);
}

BOOL probe_objects_handle_wait(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               DWORD waiter_tid, struct probe_wait *wait)
{
    HANDLE object;

    memset(wait, 0, sizeof(*wait));
    if (!value || !process || !(object = object_duplicate(process, value))) return FALSE;

    switch (object_kind_of(nt, object))
    {
    case OBJECT_THREAD:
        /* Joining a thread: the chain goes on at that thread, unless it has just ended
         * (then the wait is over and there is nothing to follow). */
        wait->object_type = WctThreadWaitType;
        if (object_signalled(object)) wait->object_status = WctStatusNotOwned;
        else
        {
            wait->object_status = WctStatusOwned;
            wait->next_thread_id = GetThreadId(object);
            wait->next_process_id = GetProcessIdOfThread(object);
            if (wait->next_thread_id == waiter_tid) wait->next_thread_id = 0;
            if (!wait->next_thread_id) wait->next_process_id = 0;
        }
        break;
    case OBJECT_PROCESS:
        /* A process has no owning thread: the chain ends at this node (docs/probe.md). */
        wait->object_type = WctProcessWaitType;
        wait->object_status = object_signalled(object) ? WctStatusNotOwned : WctStatusOwned;
        break;
    case OBJECT_MUTANT:
        mutant_wait(nt, process, value, object, waiter_tid, wait);
        break;
    case OBJECT_OTHER:
        /* Events, semaphores, timers, files...: no owner, and not among the primitives WCT
         * supports, so the blocked thread is reported alone (docs/probe.md). */
        break;
    }
    CloseHandle(object);
    return TRUE;
}

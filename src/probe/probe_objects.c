/*
 * probe_objects.c - what a waited handle is: a thread, a process, a mutex, or something WCT
 * does not report.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The handle value comes from the waiter's stack or registers and means something only in
 * the waiter's process, where it may be closed and reused at any moment. It is duplicated
 * out of that process first (the caller's own too), and only the duplicate is queried (pure
 * queries: NtQueryInformationThread, GetExitCodeProcess, NtQueryMutant, NtQueryObject; never
 * a wait, which could consume a signal): whatever the application does with the value, the
 * duplicate names one object, and holding it keeps that object, and a thread's id, from
 * going away until probe_win.c has confirmed the waiter still waits on the same value. A
 * value that is not a valid handle there fails the duplication and gives no finding.
 *
 * The object's state is the last thing asked (a thread's exit state comes with its id; a
 * process's exit code after its type; a mutex's state after its name), so what is reported
 * is the state after the capture.
 */

#include <string.h>
#include <wchar.h>

#include "probe_internal.h"
#include "wct_alloc.h"

/* NtQueryMutant's owner class (Windows: the owner's CLIENT_ID; Wine refuses it). Wine's
 * MUTANT_INFORMATION_CLASS names only MutantBasicInformation. */
#define PROBE_MUTANT_OWNER_INFORMATION ((MUTANT_INFORMATION_CLASS)1)

/* Pseudo-handles (GetCurrentProcess() is -1, GetCurrentThread() -2, the token ones go down
 * to -6) name the caller's own process or thread wherever they are queried or duplicated,
 * not the waiter's: a waiter's pseudo-handle is not resolved. */
#define PROBE_LOWEST_PSEUDO_HANDLE ((ULONG_PTR)-6)

/***********************************************************************
 *      object_attach   (internal)
 *
 * The probe's own handle, in the caller's process, to the object value names in the
 * waiter's process.
 */
static BOOL object_attach(HANDLE process, HANDLE value, struct probe_object *object)
{
    memset(object, 0, sizeof(*object));
    if ((ULONG_PTR)value >= PROBE_LOWEST_PSEUDO_HANDLE) return FALSE;
    return DuplicateHandle(process, value, GetCurrentProcess(), &object->handle, 0, FALSE,
                           DUPLICATE_SAME_ACCESS);
}

/***********************************************************************
 *      object_reopen   (internal)
 *
 * The handle lacks the access a query needs (waiters often hold only SYNCHRONIZE): a
 * duplicate asking for it (granted by the object's security, as an Open* call would be)
 * takes its place.
 */
static BOOL object_reopen(struct probe_object *object, ACCESS_MASK access)
{
    HANDLE copy = NULL;

    if (!DuplicateHandle(GetCurrentProcess(), object->handle, GetCurrentProcess(), &copy,
                         access, FALSE, 0))
        return FALSE;
    CloseHandle(object->handle);
    object->handle = copy;
    return TRUE;
}

BOOL probe_objects_still_named(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               HANDLE object)
{
    HANDLE again;
    BOOL same;

    if (!nt->pNtCompareObjects) return TRUE;
    if (!DuplicateHandle(process, value, GetCurrentProcess(), &again, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return FALSE;
    same = nt->pNtCompareObjects(again, object) == 0; /* STATUS_SUCCESS: the same object */
    CloseHandle(again);
    return same;
}

void probe_objects_release(struct probe_object *object)
{
    if (object->handle) CloseHandle(object->handle);
    memset(object, 0, sizeof(*object));
}

/***********************************************************************
 *      object_kind_of   (internal)
 *
 * The object's kind, from its NT type name; FALSE when the handle says nothing (not a
 * handle).
 */
static BOOL object_kind_of(const struct probe_nt *nt, HANDLE object, enum probe_object_kind *kind)
{
    /* OBJECT_TYPE_INFORMATION followed by the type name: a short name, so a small buffer
     * (ULONG_PTR-aligned, as NtQueryObject requires). */
    ULONG_PTR buffer[(sizeof(OBJECT_TYPE_INFORMATION) + 64 * sizeof(WCHAR)) / sizeof(ULONG_PTR) + 1];
    const OBJECT_TYPE_INFORMATION *info = (const OBJECT_TYPE_INFORMATION *)buffer;
#define KIND(name, kind) { name, sizeof(name) - sizeof(WCHAR), kind }
    static const struct { const WCHAR *name; USHORT bytes; enum probe_object_kind kind; } kinds[] =
    {
        KIND(L"Thread", PROBE_OBJECT_THREAD),
        KIND(L"Process", PROBE_OBJECT_PROCESS),
        KIND(L"Mutant", PROBE_OBJECT_MUTANT),
    };
#undef KIND
    size_t i;

    *kind = PROBE_OBJECT_OTHER;
    if (nt->pNtQueryObject(object, ObjectTypeInformation, buffer, sizeof(buffer), NULL))
        return FALSE;
    for (i = 0; i < ARRAYSIZE(kinds); i++)
        if (info->TypeName.Length == kinds[i].bytes
            && !memcmp(info->TypeName.Buffer, kinds[i].name, kinds[i].bytes))
            *kind = kinds[i].kind;
    return TRUE;
}

BOOL probe_objects_is_type(const struct probe_nt *nt, HANDLE handle, const WCHAR *type_name)
{
    ULONG_PTR buffer[(sizeof(OBJECT_TYPE_INFORMATION) + 64 * sizeof(WCHAR)) / sizeof(ULONG_PTR) + 1];
    const OBJECT_TYPE_INFORMATION *info = (const OBJECT_TYPE_INFORMATION *)buffer;
    size_t bytes = wcslen(type_name) * sizeof(WCHAR);

    if (nt->pNtQueryObject(handle, ObjectTypeInformation, buffer, sizeof(buffer), NULL))
        return FALSE;
    return info->TypeName.Length == bytes && !memcmp(info->TypeName.Buffer, type_name, bytes);
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
        if (!(info = HeapAlloc(wct_heap(), 0, needed))) return;
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
    if (info != (OBJECT_NAME_INFORMATION *)small) HeapFree(wct_heap(), 0, info);
}

/* ---- threads ------------------------------------------------------------------------ */

/***********************************************************************
 *      thread_query   (internal)
 *
 * The thread's id, process and exit state, reopening the handle for query access if the
 * waiter's lacks it.
 */
static BOOL thread_query(const struct probe_nt *nt, struct probe_object *object,
                         struct probe_thread_info *info)
{
    if (!probe_thread_query(nt, object->handle, info)) return TRUE;
    return object_reopen(object, THREAD_QUERY_LIMITED_INFORMATION)
           && !probe_thread_query(nt, object->handle, info);
}

/***********************************************************************
 *      thread_wait   (internal)
 *
 * Joining a thread: the chain goes on at that thread, unless it has ended (the wait is
 * over: NotOwned, nothing to follow). A thread that joins itself names itself: the walker
 * makes that the shortest cycle, which it is (it can never end).
 */
static void thread_wait(const struct probe_thread_info *info, struct probe_wait *wait)
{
    wait->object_type = WctThreadWaitType;
    wait->object_status = info->exited ? WctStatusNotOwned : WctStatusOwned;
    if (info->exited || !info->thread_id) return;
    wait->next_thread_id = info->thread_id;
    wait->next_process_id = info->process_id;
}

/* ---- processes ---------------------------------------------------------------------- */

/***********************************************************************
 *      process_query   (internal)
 *
 * A waited process: Owned while it runs, NotOwned once it has exited (a dispatcher object
 * is unsignalled while it runs). GetExitCodeProcess is a pure query
 * (ProcessBasicInformation); FALSE when the handle does not allow it.
 */
static BOOL process_query(HANDLE process, WCT_OBJECT_STATUS *status)
{
    DWORD code;

    if (!GetExitCodeProcess(process, &code)) return FALSE;
    *status = code == STILL_ACTIVE ? WctStatusOwned : WctStatusNotOwned;
    return TRUE;
}

/***********************************************************************
 *      process_status   (internal)
 *
 * process_query, reopening the handle for query access if the waiter's lacks it; Unknown
 * when the process cannot be queried.
 */
static WCT_OBJECT_STATUS process_status(struct probe_object *object)
{
    WCT_OBJECT_STATUS status = WctStatusUnknown;

    if (!process_query(object->handle, &status)
        && object_reopen(object, PROCESS_QUERY_LIMITED_INFORMATION))
        process_query(object->handle, &status);
    return status;
}

/* ---- mutexes ------------------------------------------------------------------------ */

/***********************************************************************
 *      mutant_query   (internal)
 *
 * Owned, NotOwned or Abandoned, and the owner where the OS says (NtQueryMutant's owner
 * class; Windows only, Wine answers STATUS_INVALID_INFO_CLASS: *owner is then 0). FALSE
 * when the handle does not allow the query.
 */
static BOOL mutant_query(const struct probe_nt *nt, HANDLE mutant, WCT_OBJECT_STATUS *status,
                         CLIENT_ID *owner)
{
    MUTANT_BASIC_INFORMATION basic;

    memset(owner, 0, sizeof(*owner));
    if (nt->pNtQueryMutant(mutant, MutantBasicInformation, &basic, sizeof(basic), NULL))
        return FALSE;
    /* CurrentCount is 1 when free, 0 or less (minus the recursion) when owned. */
    if (basic.AbandonedState) *status = WctStatusAbandoned;
    else *status = basic.CurrentCount <= 0 ? WctStatusOwned : WctStatusNotOwned;
    if (*status != WctStatusOwned
        || nt->pNtQueryMutant(mutant, PROBE_MUTANT_OWNER_INFORMATION, owner, sizeof(*owner),
                              NULL))
        memset(owner, 0, sizeof(*owner));
    return TRUE;
}

/***********************************************************************
 *      mutant_state   (internal)
 *
 * mutant_query, reopening the handle with MUTANT_QUERY_STATE if the waiter's lacks it;
 * Unknown when the mutex cannot be queried.
 */
static WCT_OBJECT_STATUS mutant_state(const struct probe_nt *nt, struct probe_object *object,
                                      CLIENT_ID *owner)
{
    WCT_OBJECT_STATUS status = WctStatusUnknown;

    if (!mutant_query(nt, object->handle, &status, owner)
        && object_reopen(object, MUTANT_QUERY_STATE | SYNCHRONIZE))
        mutant_query(nt, object->handle, &status, owner);
    return status;
}

/***********************************************************************
 *      mutant_owner   (internal)
 *
 * A mutex node's state, and its owner where the OS reveals it.
 */
static void mutant_owner(const struct probe_nt *nt, struct probe_object *object,
                         DWORD waiter_tid, struct probe_wait *wait)
{
    CLIENT_ID owner;

    wait->next_thread_id = wait->next_process_id = 0;
    wait->object_status = mutant_state(nt, object, &owner);
    /* A thread never waits on a mutex it owns (it would acquire it again at once). */
    if (owner.UniqueThread && (DWORD)(ULONG_PTR)owner.UniqueThread != waiter_tid)
    {
        wait->next_thread_id = (DWORD)(ULONG_PTR)owner.UniqueThread;
        wait->next_process_id = (DWORD)(ULONG_PTR)owner.UniqueProcess;
    }
}

/***********************************************************************
 *      mutant_wait   (internal)
 *
 * A mutex node: its name, state and owner (the chain ends at the mutex on Wine).
 */
static void mutant_wait(const struct probe_nt *nt, struct probe_object *object,
                        DWORD waiter_tid, struct probe_wait *wait)
{
    wait->object_type = WctMutexType;
    probe_objects_name(nt, object->handle, wait->object_name, ARRAYSIZE(wait->object_name));
    mutant_owner(nt, object, waiter_tid, wait);
}

/* ---- the entry points --------------------------------------------------------------- */

/***********************************************************************
 *      object_classify   (internal)
 *
 * What the handle is. A thread is asked first, as it is what chains are made of: one
 * NtQueryInformationThread says it is a thread (other objects fail it with
 * STATUS_OBJECT_TYPE_MISMATCH) and gives its id, process and exit state at once; anything
 * else is told by its type name.
 */
static BOOL object_classify(const struct probe_nt *nt, struct probe_object *object,
                            struct probe_thread_info *info)
{
    if (!probe_thread_query(nt, object->handle, info))
    {
        object->kind = PROBE_OBJECT_THREAD;
        return TRUE;
    }
    if (!object_kind_of(nt, object->handle, &object->kind)) return FALSE;
    return object->kind != PROBE_OBJECT_THREAD || thread_query(nt, object, info);
}

BOOL probe_objects_handle_wait(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               DWORD waiter_tid, struct probe_wait *wait,
                               struct probe_object *object)
{
    memset(wait, 0, sizeof(*wait));
    if (!value || !process || !object_attach(process, value, object)) return FALSE;
    if (!object_classify(nt, object, &object->thread))
    {
        probe_objects_release(object);
        return FALSE;
    }

    switch (object->kind)
    {
    case PROBE_OBJECT_THREAD:
        thread_wait(&object->thread, wait);
        break;
    case PROBE_OBJECT_PROCESS:
        /* A process has no owning thread: the chain ends at this node (docs/probe.md). */
        wait->object_type = WctProcessWaitType;
        wait->object_status = process_status(object);
        break;
    case PROBE_OBJECT_MUTANT:
        mutant_wait(nt, object, waiter_tid, wait);
        break;
    case PROBE_OBJECT_OTHER:
        /* Events, semaphores, timers, files...: no owner, and not among the primitives WCT
         * supports, so the blocked thread is reported alone (docs/probe.md). */
        break;
    }
    return TRUE;
}

BOOL probe_objects_recheck(const struct probe_nt *nt, HANDLE value, struct probe_object *object,
                           DWORD waiter_tid, struct probe_wait *wait)
{
    struct probe_thread_info info;

    /* A thread: one query of the value gives the id (no other thread object has it while
     * the probe holds this one) and the exit state. A handle without query access is
     * compared instead. */
    if (object->kind == PROBE_OBJECT_THREAD && !probe_thread_query(nt, value, &info))
    {
        if (info.thread_id != object->thread.thread_id) return FALSE;
        object->thread = info;
        if (wait) thread_wait(&info, wait);
        return TRUE;
    }
    if (!nt->pNtCompareObjects || nt->pNtCompareObjects(value, object->handle)) return FALSE;
    if (!wait) return TRUE;
    switch (object->kind)
    {
    case PROBE_OBJECT_THREAD:
        if (!thread_query(nt, object, &info)) return FALSE;
        object->thread = info;
        thread_wait(&info, wait);
        return TRUE;
    case PROBE_OBJECT_PROCESS:
        wait->object_status = process_status(object);
        return TRUE;
    case PROBE_OBJECT_MUTANT:
        mutant_owner(nt, object, waiter_tid, wait);
        return TRUE;
    default:
        return FALSE;
    }
}

/*
 * probe_critsec.c - the critical section a thread waits to enter, and its owner.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * EnterCriticalSection contention ends in NtWaitForAlertByThreadId (Wine, Windows 8+; via
 * RtlWaitOnAddress on &section->LockSemaphore on Wine) or NtWaitForKeyedEvent (older
 * Windows). The same system call serves SRW locks, condition variables and WaitOnAddress,
 * and the section's address is no argument that survives, so it is looked for among the
 * waiter's saved registers and stack, and a candidate is believed only when the memory
 * there is a critical section, held by another live thread of the same process, with
 * waiters:
 *   - DebugInfo->CriticalSection points back to the section (where DebugInfo exists;
 *     Windows 8+ often leaves it (void *)-1);
 *   - OwningThread is a thread of the waiter's process, not the waiter;
 *   - RecursionCount >= 1 and LockCount says it is held with waiters.
 * Two different sections passing these checks make the finding ambiguous: nothing is
 * reported then. Wine keeps a waiter record { list links, address, thread id } on the
 * waiter's stack; when it is there it names the exact address waited on, and only that
 * address is tried.
 */

#include <stddef.h>
#include <string.h>

#include "probe_internal.h"

/* Where a waited address may sit relative to the section it belongs to. */
static const size_t section_offsets[] =
{
    offsetof(RTL_CRITICAL_SECTION, LockSemaphore), /* Wine: RtlWaitOnAddress(&LockSemaphore) */
    0,                                             /* the section itself */
    offsetof(RTL_CRITICAL_SECTION, LockCount),
};

struct critsec_search
{
    const struct probe_nt *nt;
    HANDLE process;                  /* readable handle of the waiter's process */
    DWORD process_id;
    DWORD waiter_tid;
    ULONG_PTR found;                 /* the one section validated so far, or 0 */
    DWORD owner;
    BOOL ambiguous;
};

/***********************************************************************
 *      critsec_owner_alive   (internal)
 *
 * OwningThread must be a live thread of the waiter's process (one query gives both).
 */
static BOOL critsec_owner_alive(const struct probe_nt *nt, DWORD owner, DWORD process_id)
{
    HANDLE thread = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, owner);
    struct probe_thread_info info;
    BOOL alive;

    if (!thread) return FALSE;
    alive = !probe_thread_query(nt, thread, &info) && !info.exited
            && info.process_id == process_id;
    CloseHandle(thread);
    return alive;
}

/***********************************************************************
 *      critsec_contended   (internal)
 *
 * LockCount says "held, with waiters". Wine keeps the pre-Vista encoding (-1 free, 0 held,
 * n > 0 held with n waiters); Windows since Vista stores an inverted lock bit (bit 0 clear:
 * held) and the waiter count in the bits above bit 1, inverted.
 */
static BOOL critsec_contended(const struct probe_nt *nt, LONG lock_count)
{
    if (nt->is_wine) return lock_count > 0;
    return !(lock_count & 1) && ((~(ULONG)lock_count) >> 2) > 0;
}

/***********************************************************************
 *      critsec_validate   (internal)
 *
 * The owner's thread id if a critical section with waiters, held by another live thread of
 * the process, sits at address; else 0.
 */
static DWORD critsec_validate(const struct critsec_search *search, ULONG_PTR address)
{
    RTL_CRITICAL_SECTION section;
    RTL_CRITICAL_SECTION_DEBUG debug;
    DWORD owner;

    if (!address || address % sizeof(ULONG_PTR)) return 0;
    if (!probe_read_memory(search->process, address, &section, sizeof(section))) return 0;
    owner = (DWORD)(ULONG_PTR)section.OwningThread;
    if (!owner || owner == search->waiter_tid || section.RecursionCount < 1) return 0;
    if (!critsec_contended(search->nt, section.LockCount)) return 0;

    if (section.DebugInfo != (RTL_CRITICAL_SECTION_DEBUG *)-1 || search->nt->is_wine)
    {
        /* The back-pointer: the strongest sign that this memory is the section. Wine always
         * has debug info; Windows 8+ leaves it -1 for most sections. */
        if (!section.DebugInfo
            || !probe_read_memory(search->process, (ULONG_PTR)section.DebugInfo, &debug,
                                  sizeof(debug))
            || (ULONG_PTR)debug.CriticalSection != address)
            return 0;
    }
    return critsec_owner_alive(search->nt, owner, search->process_id) ? owner : 0;
}

/***********************************************************************
 *      critsec_try   (internal)
 *
 * Tries value as an address waited on in (or being) a section.
 */
static void critsec_try(struct critsec_search *search, ULONG_PTR value)
{
    size_t i;

    /* Nothing below 64 KiB is ever mapped: small integers are not addresses. */
    if (value < 0x10000) return;
    for (i = 0; i < ARRAYSIZE(section_offsets); i++)
    {
        ULONG_PTR address = value - section_offsets[i];
        DWORD owner;

        if (address > value || address == search->found) continue;
        if (!(owner = critsec_validate(search, address))) continue;
        if (search->found) search->ambiguous = TRUE;
        search->found = address;
        search->owner = owner;
    }
}

/***********************************************************************
 *      critsec_wine_waiter_record   (internal)
 *
 * The index in the stack copy of Wine's RtlWaitOnAddress waiter record: the address word,
 * followed by the waiter's own thread id (tests/test_wine_facts.c checks that layout). 0 if
 * there is no such record, or more than one naming different addresses.
 */
static unsigned int critsec_wine_waiter_record(const struct probe_capture *capture, DWORD tid)
{
    unsigned int i, found = 0;

    for (i = 2; i + 1 < capture->stack_words; i++)
    {
        if ((DWORD)capture->stack[i + 1] != tid || !capture->stack[i]) continue;
        if (found && capture->stack[found] != capture->stack[i]) return 0;
        if (!found) found = i;
    }
    return found;
}

/***********************************************************************
 *      critsec_search_capture   (internal)
 *
 * Tries the candidates the capture holds: the exact address of Wine's waiter record when
 * there is one (*record_index set), else the registers (Wine's RtlWaitOnAddress keeps the
 * address in R12) and then the stack; ambiguity anywhere voids the finding.
 */
static void critsec_search_capture(struct critsec_search *search,
                                   const struct probe_capture *capture,
                                   unsigned int *record_index)
{
    unsigned int i;

    *record_index = 0;
    if (search->nt->is_wine && capture->syscall == PROBE_SYSCALL_ALERT_BY_ID)
        *record_index = critsec_wine_waiter_record(capture, search->waiter_tid);
    if (*record_index)
    {
        critsec_try(search, capture->stack[*record_index]);
        return;
    }
    for (i = 0; i < ARRAYSIZE(capture->nonvolatile); i++)
        critsec_try(search, capture->nonvolatile[i]);
    for (i = 0; i < capture->stack_words; i++) critsec_try(search, capture->stack[i]);
}

BOOL probe_critsec_wait(const struct probe_nt *nt, HANDLE process, DWORD process_id,
                        const struct probe_capture *capture, DWORD waiter_tid,
                        struct probe_wait *wait, struct probe_critsec *found)
{
    struct critsec_search search;
    unsigned int record_index;

    memset(&search, 0, sizeof(search));
    memset(found, 0, sizeof(*found));
    search.nt = nt;
    search.process = process;
    search.process_id = process_id;
    search.waiter_tid = waiter_tid;
    critsec_search_capture(&search, capture, &record_index);
    if (!search.found || search.ambiguous) return FALSE;

    wait->object_type = WctCriticalSectionType;
    wait->object_status = WctStatusOwned;
    wait->object_name[0] = 0;
    wait->next_thread_id = search.owner;
    wait->next_process_id = process_id;
    found->section = search.found;
    found->owner = search.owner;
    if (record_index)
    {
        found->record = capture->sp + record_index * sizeof(ULONG_PTR);
        found->record_value = capture->stack[record_index];
    }
    return TRUE;
}

BOOL probe_critsec_still_held(const struct probe_nt *nt, HANDLE process,
                              const struct probe_critsec *found)
{
    RTL_CRITICAL_SECTION section;
    ULONG_PTR record;

    /* The same owner, still with waiters: the section was not left and taken again by
     * the waiter in between (it would own it then). */
    if (!probe_read_memory(process, found->section, &section, sizeof(section))) return FALSE;
    if ((DWORD)(ULONG_PTR)section.OwningThread != found->owner
        || !critsec_contended(nt, section.LockCount))
        return FALSE;
    /* The waiter's record still names the section it waits for. */
    return !found->record
           || (probe_read_memory(process, found->record, &record, sizeof(record))
               && record == found->record_value);
}

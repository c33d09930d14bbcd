/*
 * probe_critsec.c - the critical section a thread waits to enter, and its owner.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A section's address is no argument that survives the wait's system call, and the same
 * system calls serve SRW locks, condition variables, WaitOnAddress and plain handle waits,
 * so a section is believed only on evidence that names it:
 *
 * Wine, a contended section's waiter in NtWaitForAlertByThreadId (Wine 8: sections with
 * debug info; Wine 10: every section): contention ends in
 * RtlWaitOnAddress(&section->LockSemaphore), which links a waiter record
 * { list links, address, thread id } on the waiter's stack into a queue whose head lies in
 * ntdll. A record with the waiter's id whose links lead, node by node, back to a head inside
 * ntdll's image is the real one (a decoy on the stack has no such links); its address is
 * what the thread waits on. Only that address is tried, and it must be a section held by
 * another thread with waiters, and one of:
 *   - DebugInfo->CriticalSection points back to it (Wine 8 allocates DebugInfo for every
 *     section but CRITICAL_SECTION_NO_DEBUG_INFO ones, Wine 10 only when forced);
 *   - DebugInfo is NULL or -1 (none) and the waiter's own calls, unwound from its system
 *     call through ntdll alone, come from RtlEnterCriticalSection (probe_unwind.c): SRW
 *     locks, condition variables and WaitOnAddress reach RtlWaitOnAddress by other ways.
 * A record naming anything else (an SRW lock) means no section, whatever else the stack
 * holds.
 *
 * Wine 8, sections without debug info: the waiter waits on the section's own semaphore
 * (NtWaitForSingleObject(LockSemaphore)), keeping the semaphore handle in a saved register
 * and, on x86_64, the section's address too (tests/test_wine_facts.c); i686 keeps the
 * address on the stack only. A register or stack word is believed when the memory there is
 * a section with DebugInfo NULL or -1 whose LockSemaphore is a semaphore handle held in a
 * saved register.
 *
 * Windows: the waiter's saved registers and stack are searched, and a candidate is believed
 * when DebugInfo points back to it (Windows 8+ often leaves DebugInfo -1: then its shape
 * alone) and its owner is a live thread of the process; two candidates void the finding.
 *
 * In every case the section must be held by another thread, with waiters. An owner that
 * has exited (Wine's evidence only) makes the node Abandoned, and the chain ends there.
 *
 * A section with debug info also tells one wait from the next: its ContentionCount, which
 * Wine raises as each wait for it ends (Windows also counts contentions there), is the
 * node's wait_serial.
 * A waiter seen twice with the same count waited all along (the walker's cycle check).
 */

#include <stddef.h>
#include <string.h>

#include "probe_internal.h"

/* Where a waited address may sit relative to the section it belongs to (Windows search). */
static const size_t section_offsets[] =
{
    0,                                             /* the section itself */
    offsetof(RTL_CRITICAL_SECTION, LockSemaphore),
    offsetof(RTL_CRITICAL_SECTION, LockCount),
};

/* DebugInfo of a section made without debug information. */
#define PROBE_NO_DEBUG_INFO ((ULONG_PTR)-1)

/* How many queue nodes a waiter record's links are followed to reach the head in ntdll. */
#define PROBE_RECORD_HOPS 8

/* One validated section. */
struct critsec_candidate
{
    ULONG_PTR address;
    DWORD owner;
    BOOL owner_alive;
    ULONG_PTR semaphore;             /* LockSemaphore, when the wait is on it */
    BOOL counted;                    /* it has debug info, which counts its contentions */
    DWORD contentions;               /* DebugInfo->ContentionCount, when counted */
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
 *      critsec_held_by_other   (internal)
 *
 * The section at address (read into *section) is held by a thread other than the waiter,
 * with waiters.
 */
static BOOL critsec_held_by_other(const struct probe_nt *nt, HANDLE process, ULONG_PTR address,
                                  DWORD waiter_tid, RTL_CRITICAL_SECTION *section)
{
    DWORD owner;

    if (!address || address % sizeof(ULONG_PTR)) return FALSE;
    if (!probe_read_memory(process, address, section, sizeof(*section))) return FALSE;
    owner = (DWORD)(ULONG_PTR)section->OwningThread;
    return owner && owner != waiter_tid && section->RecursionCount >= 1
           && critsec_contended(nt, section->LockCount);
}

/***********************************************************************
 *      critsec_lacks_debug_info   (internal)
 *
 * The section has no DebugInfo: NULL, or -1 (Wine 10 and Windows 8+ by default, every
 * CRITICAL_SECTION_NO_DEBUG_INFO section).
 */
static BOOL critsec_lacks_debug_info(const RTL_CRITICAL_SECTION *section)
{
    return !section->DebugInfo || (ULONG_PTR)section->DebugInfo == PROBE_NO_DEBUG_INFO;
}

/***********************************************************************
 *      critsec_points_back   (internal)
 *
 * DebugInfo->CriticalSection is the section itself: the strongest sign that this memory is
 * a section. *contentions gets DebugInfo->ContentionCount, which Wine raises each time a
 * wait for the section ends: the same count at two looks at a waiter means one wait, not
 * two (see probe.h, wait_serial).
 */
static BOOL critsec_points_back(HANDLE process, const RTL_CRITICAL_SECTION *section,
                                ULONG_PTR address, DWORD *contentions)
{
    RTL_CRITICAL_SECTION_DEBUG debug;

    if (critsec_lacks_debug_info(section)
        || !probe_read_memory(process, (ULONG_PTR)section->DebugInfo, &debug, sizeof(debug))
        || (ULONG_PTR)debug.CriticalSection != address)
        return FALSE;
    *contentions = debug.ContentionCount;
    return TRUE;
}

/***********************************************************************
 *      critsec_fill   (internal)
 *
 * The node for a validated section.
 */
static void critsec_fill(const struct critsec_candidate *candidate, DWORD process_id,
                         struct probe_wait *wait)
{
    memset(wait, 0, sizeof(*wait));
    wait->object_type = WctCriticalSectionType;
    wait->serial_known = candidate->counted;
    wait->wait_serial = candidate->contentions;
    if (!candidate->owner_alive)
    {
        /* The owner exited holding it: nothing will ever release it. */
        wait->object_status = WctStatusAbandoned;
        return;
    }
    wait->object_status = WctStatusOwned;
    wait->next_thread_id = candidate->owner;
    wait->next_process_id = process_id;
}

/* ---- Wine: the waiter record of RtlWaitOnAddress --------------------------------------- */

/***********************************************************************
 *      record_linked   (internal)
 *
 * The list entry at entry (two words: next, prev) is linked into a queue whose head lies in
 * ntdll: following next, each node's prev names the node before, until a node in ntdll.
 */
static BOOL record_linked(const struct probe_nt *nt, HANDLE process, ULONG_PTR entry,
                          ULONG_PTR next)
{
    ULONG_PTR node = entry, links[2];
    int hop;

    for (hop = 0; hop < PROBE_RECORD_HOPS; hop++)
    {
        if (!next || next % sizeof(ULONG_PTR)) return FALSE;
        if (!probe_read_memory(process, next, links, sizeof(links)) || links[1] != node)
            return FALSE;
        if (next >= nt->ntdll_base && next < nt->ntdll_end) return TRUE;
        node = next;
        next = links[0];
    }
    return FALSE;
}

/***********************************************************************
 *      record_find   (internal)
 *
 * The index in the stack copy of the waiter's linked record's address word (preceded by
 * the links, followed by the waiter's thread id); 0 when there is none.
 */
static unsigned int record_find(const struct probe_nt *nt, HANDLE process,
                                const struct probe_capture *capture, DWORD tid)
{
    unsigned int i;

    for (i = 2; i + 1 < capture->stack_words; i++)
    {
        ULONG_PTR entry = capture->sp + (i - 2) * sizeof(ULONG_PTR);

        if ((DWORD)capture->stack[i + 1] != tid || capture->stack[i] < 0x10000) continue;
        if (record_linked(nt, process, entry, capture->stack[i - 2])) return i;
    }
    return 0;
}

/***********************************************************************
 *      wine_record_search   (internal)
 *
 * The section named by the waiter's record (its LockSemaphore is the address waited on).
 */
static BOOL wine_record_search(const struct probe_nt *nt, HANDLE process,
                               struct probe_capture *capture, DWORD tid,
                               struct critsec_candidate *candidate,
                               struct probe_critsec *found)
{
    RTL_CRITICAL_SECTION section;
    unsigned int index;
    ULONG_PTR address;

    if (!probe_thread_read_stack(process, capture)) return FALSE;
    if (!(index = record_find(nt, process, capture, tid))) return FALSE;
    address = capture->stack[index] - offsetof(RTL_CRITICAL_SECTION, LockSemaphore);
    if (!critsec_held_by_other(nt, process, address, tid, &section)) return FALSE;
    candidate->counted = critsec_points_back(process, &section, address,
                                             &candidate->contentions);
    if (!candidate->counted
        && !(critsec_lacks_debug_info(&section)
             && probe_unwind_reaches(nt, process, capture, nt->enter_critsec)))
        return FALSE;
    candidate->address = address;
    candidate->owner = (DWORD)(ULONG_PTR)section.OwningThread;
    found->record = capture->sp + index * sizeof(ULONG_PTR);
    found->record_value = capture->stack[index];
    return TRUE;
}

/* ---- Wine: sections without debug info ------------------------------------------------- */

/***********************************************************************
 *      semaphore_is_held   (internal)
 *
 * value is a semaphore handle in process that the waiter also keeps in a saved register.
 */
static BOOL semaphore_is_held(const struct probe_nt *nt, HANDLE process,
                              const struct probe_capture *capture, ULONG_PTR value)
{
    BOOL in_register = FALSE, semaphore;
    HANDLE copy;
    size_t i;

    for (i = 0; i < ARRAYSIZE(capture->nonvolatile); i++)
        in_register |= capture->nonvolatile[i] == value;
    if (!in_register || value < 4 || value >= (ULONG_PTR)-6) return FALSE;
    if (!DuplicateHandle(process, (HANDLE)value, GetCurrentProcess(), &copy, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return FALSE;
    semaphore = probe_objects_is_type(nt, copy, L"Semaphore");
    CloseHandle(copy);
    return semaphore;
}

/***********************************************************************
 *      semaphore_try   (internal)
 *
 * Tries address (a saved register or stack word) as a section without debug info whose
 * semaphore the waiter's registers hold.
 */
static void semaphore_try(const struct probe_nt *nt, HANDLE process,
                          const struct probe_capture *capture, DWORD tid, ULONG_PTR address,
                          struct critsec_candidate *candidate, BOOL *ambiguous)
{
    RTL_CRITICAL_SECTION section;

    if (address < 0x10000 || address == candidate->address) return;
    if (!critsec_held_by_other(nt, process, address, tid, &section)
        || !critsec_lacks_debug_info(&section)
        || !semaphore_is_held(nt, process, capture, (ULONG_PTR)section.LockSemaphore))
        return;
    *ambiguous |= candidate->address != 0;
    candidate->address = address;
    candidate->owner = (DWORD)(ULONG_PTR)section.OwningThread;
    candidate->semaphore = (ULONG_PTR)section.LockSemaphore;
}

/***********************************************************************
 *      wine_semaphore_search   (internal)
 *
 * A section without debug info whose semaphore the waiter's registers hold, and whose
 * address its registers (x86_64) or its stack (i686) hold.
 */
static BOOL wine_semaphore_search(const struct probe_nt *nt, HANDLE process,
                                  struct probe_capture *capture, DWORD tid,
                                  struct critsec_candidate *candidate)
{
    BOOL ambiguous = FALSE;
    size_t i;

    for (i = 0; i < ARRAYSIZE(capture->nonvolatile); i++)
        semaphore_try(nt, process, capture, tid, capture->nonvolatile[i], candidate, &ambiguous);
    if (!candidate->address && probe_thread_read_stack(process, capture))
        for (i = 0; i < capture->stack_words; i++)
            semaphore_try(nt, process, capture, tid, capture->stack[i], candidate, &ambiguous);
    return candidate->address && !ambiguous;
}

/* ---- Windows: a search of registers and stack ------------------------------------------ */

struct critsec_search
{
    const struct probe_nt *nt;
    HANDLE process;
    DWORD process_id;
    DWORD waiter_tid;
    struct critsec_candidate found;  /* the one section validated so far */
    BOOL ambiguous;
};

/***********************************************************************
 *      search_try   (internal)
 *
 * Tries value as an address waited on in (or being) a section.
 */
static void search_try(struct critsec_search *search, ULONG_PTR value)
{
    RTL_CRITICAL_SECTION section;
    size_t i;

    /* Nothing below 64 KiB is ever mapped: small integers are not addresses. */
    if (value < 0x10000) return;
    for (i = 0; i < ARRAYSIZE(section_offsets); i++)
    {
        ULONG_PTR address = value - section_offsets[i];
        DWORD owner, contentions = 0;
        BOOL counted;

        if (address > value || address == search->found.address) continue;
        if (!critsec_held_by_other(search->nt, search->process, address, search->waiter_tid,
                                   &section))
            continue;
        counted = critsec_points_back(search->process, &section, address, &contentions);
        if ((ULONG_PTR)section.DebugInfo != PROBE_NO_DEBUG_INFO && !counted) continue;
        owner = (DWORD)(ULONG_PTR)section.OwningThread;
        if (!critsec_owner_alive(search->nt, owner, search->process_id)) continue;
        search->ambiguous |= search->found.address != 0;
        search->found.address = address;
        search->found.owner = owner;
        search->found.counted = counted;
        search->found.contentions = contentions;
    }
}

static BOOL windows_search(struct critsec_search *search, struct probe_capture *capture)
{
    unsigned int i;

    probe_thread_read_stack(search->process, capture);
    for (i = 0; i < ARRAYSIZE(capture->nonvolatile); i++)
        search_try(search, capture->nonvolatile[i]);
    for (i = 0; i < capture->stack_words; i++) search_try(search, capture->stack[i]);
    return search->found.address && !search->ambiguous;
}

/* ---- the entry points ------------------------------------------------------------------ */

BOOL probe_critsec_wait(const struct probe_nt *nt, HANDLE process, DWORD process_id,
                        struct probe_capture *capture, DWORD waiter_tid,
                        struct probe_wait *wait, struct probe_critsec *found)
{
    struct critsec_candidate candidate;
    BOOL established;

    memset(&candidate, 0, sizeof(candidate));
    memset(found, 0, sizeof(*found));
    if (!process) return FALSE;
    if (!nt->is_wine)
    {
        struct critsec_search search;

        memset(&search, 0, sizeof(search));
        search.nt = nt;
        search.process = process;
        search.process_id = process_id;
        search.waiter_tid = waiter_tid;
        if (capture->syscall == PROBE_SYSCALL_WAIT_SINGLE) return FALSE;
        established = windows_search(&search, capture);
        candidate = search.found;
    }
    else if (capture->syscall == PROBE_SYSCALL_WAIT_SINGLE)
        established = wine_semaphore_search(nt, process, capture, waiter_tid, &candidate);
    else
        established = wine_record_search(nt, process, capture, waiter_tid, &candidate, found);
    if (!established) return FALSE;

    candidate.owner_alive = nt->is_wine
                            ? critsec_owner_alive(nt, candidate.owner, process_id) : TRUE;
    critsec_fill(&candidate, process_id, wait);
    found->section = candidate.address;
    found->owner = candidate.owner;
    found->semaphore = candidate.semaphore;
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
    if (found->semaphore && (ULONG_PTR)section.LockSemaphore != found->semaphore) return FALSE;
    /* The waiter's record still names the section it waits for. */
    return !found->record
           || (probe_read_memory(process, found->record, &record, sizeof(record))
               && record == found->record_value);
}

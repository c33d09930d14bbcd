/*
 * test_wine_facts.c - the Wine behaviours the probe relies on, each checked on its own so
 * that a Wine update that changes one fails here, loudly and by name, before the probe's
 * own tests fail in less obvious ways. See docs/probe.md and
 * ../shared/notes/wine-internals.md. On Windows every test is skipped.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built like the library, against Wine's headers (NT structures), and calling the probe's
 * internal capture directly.
 */

#include "probe_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#define FACT_TIMEOUT 5000

static const struct probe_nt *nt;

static int group_setup(void **state)
{
    (void)state;
    nt = probe_nt_get();
    return nt ? 0 : -1;
}

static void require_wine(void)
{
    if (!nt->is_wine) skip();
}

/* Where 32-bit programs run through qemu-user (a kernel without IA-32 emulation; tools/test.sh
 * sets WCT_I386_EMULATED there), ReadProcessMemory in a 32-bit process gives zeros for memory
 * that holds data and can cost the process its wineserver connection (measured,
 * docs/32-bit.md): facts that rest on it cannot be observed there. */
static BOOL i386_emulated(void)
{
    return sizeof(void *) == 4 && GetEnvironmentVariableA("WCT_I386_EMULATED", NULL, 0);
}

static void require_memory_reads(void)
{
    if (i386_emulated()) skip();
}

/* ---- target threads -------------------------------------------------------------------- */

struct target
{
    HANDLE thread;
    DWORD tid;
};

static void target_start(struct target *target, LPTHREAD_START_ROUTINE fn, void *arg)
{
    target->thread = CreateThread(NULL, 0, fn, arg, 0, &target->tid);
    assert_non_null(target->thread);
}

static void target_join(struct target *target)
{
    assert_int_equal(WaitForSingleObject(target->thread, 2 * FACT_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(target->thread);
}

/* Captures the target until it sits in the syscall kind (bounded). */
static void capture_in(struct target *target, enum probe_syscall kind,
                       struct probe_capture *capture)
{
    DWORD start = GetTickCount();

    do
    {
        assert_true(probe_thread_capture(nt, target->thread, capture));
        if (capture->syscall == kind)
        {
            if (!i386_emulated()) probe_thread_read_stack(GetCurrentProcess(), capture);
            return;
        }
        Sleep(10);
    } while (GetTickCount() - start < FACT_TIMEOUT);
    fail_msg("the thread never showed up in system call kind %d (last: %d at %p): Wine's "
             "wait path changed; see src/probe_nt.c", kind, capture->syscall, (void *)capture->ip);
}

/* How many words the probe's stack copy can hold at sp: up to the end of the region mapped
 * there (VirtualQuery: the test's own way, not the probe's). */
static unsigned int stack_words_mapped(ULONG_PTR sp)
{
    MEMORY_BASIC_INFORMATION region;
    ULONG_PTR end;

    assert_int_equal(VirtualQuery((void *)sp, &region, sizeof(region)), sizeof(region));
    end = (ULONG_PTR)region.BaseAddress + region.RegionSize;
    if ((end - sp) / sizeof(ULONG_PTR) >= PROBE_STACK_WORDS) return PROBE_STACK_WORDS;
    return (unsigned int)((end - sp) / sizeof(ULONG_PTR));
}

static ULONG_PTR stub_of(enum probe_syscall kind, ULONG_PTR ip)
{
    int i;

    for (i = 0; i < PROBE_STUBS_PER_KIND; i++)
        if (nt->stub[kind][i] && ip >= nt->stub[kind][i] && ip - nt->stub[kind][i] < 32)
            return nt->stub[kind][i];
    return 0;
}

static DWORD WINAPI sleep_proc(void *arg)
{
    (void)arg;
    SleepEx(FACT_TIMEOUT, TRUE);
    return 0;
}

static DWORD WINAPI wait_proc(void *arg)
{
    WaitForSingleObject(arg, FACT_TIMEOUT);
    return 0;
}

static void CALLBACK wake(ULONG_PTR param)
{
    (void)param;
}

static void wake_join(struct target *target)
{
    DWORD start = GetTickCount();

    do QueueUserAPC(wake, target->thread, 0);
    while (WaitForSingleObject(target->thread, 50) == WAIT_TIMEOUT
           && GetTickCount() - start < FACT_TIMEOUT);
    target_join(target);
}

/* ---- facts ----------------------------------------------------------------------------- */

/* x86_64: the syscall stubs look like Windows' (mov r10, rcx; mov eax, n; ...), 32 bytes
 * apart, and a thread in a system call shows Rip 0x14 bytes into its stub. i686: 16 bytes
 * apart (mov eax, n; mov edx, dispatcher; call edx; ret n), Eip 0x0c into the stub, just
 * after the call. */
#if defined(__x86_64__)
#define FACT_STUB_SIZE 32
#define FACT_STUB_START "\x4c\x8b\xd1\xb8"
#define FACT_IP_IN_STUB 0x14
#else
#define FACT_STUB_SIZE 16
#define FACT_STUB_START "\xb8"
#define FACT_IP_IN_STUB 0x0c
#endif

static void test_wine_facts_stub_shape(void **state)
{
    const BYTE *stub;

    (void)state;
    require_wine();
    if (nt->stub_size != FACT_STUB_SIZE)
        fail_msg("syscall stubs are %u bytes apart, not %u", (unsigned)nt->stub_size, FACT_STUB_SIZE);
    stub = (const BYTE *)nt->stub[PROBE_SYSCALL_WAIT_MULTIPLE][0];
    if (memcmp(stub, FACT_STUB_START, sizeof(FACT_STUB_START) - 1))
        fail_msg("NtWaitForMultipleObjects no longer starts as the probe knows it");
#if defined(__i386__)
    if (memcmp(stub + 10, "\xff\xd2", 2)) fail_msg("the i686 stub no longer calls edx at +10");
#endif
}

static void test_wine_facts_stub_ip(void **state)
{
    struct target target;
    struct probe_capture capture;

    (void)state;
    require_wine();
    target_start(&target, sleep_proc, NULL);
    capture_in(&target, PROBE_SYSCALL_DELAY, &capture);
    if (capture.ip - stub_of(PROBE_SYSCALL_DELAY, capture.ip) != FACT_IP_IN_STUB)
        fail_msg("the ip is %#lx bytes into NtDelayExecution, not %#x",
                 (unsigned long)(capture.ip - stub_of(PROBE_SYSCALL_DELAY, capture.ip)),
                 FACT_IP_IN_STUB);
    /* The top of a blocked thread's stack reads as far as it is mapped, whatever its depth
     * (Wine 8: 568 bytes above Rsp for a thread in SleepEx, Wine 10: 248). */
    if (!i386_emulated())
    {
        unsigned int expected = stack_words_mapped(capture.sp);

        if (capture.stack_words != expected)
            fail_msg("the stack copy holds %u words, not the %u mapped above the stack pointer",
                     capture.stack_words, expected);
    }
    wake_join(&target);
}

/* NtQuerySystemInformation gives every thread state 0 (and no wait time or context
 * switches): the probe decides Running/Blocked from the context instead. */
static void test_wine_facts_no_thread_state(void **state)
{
    struct target target;
    struct probe_capture capture;
    ULONG size = 1 << 20;
    BYTE *buffer;
    const BYTE *entry;
    BOOL found = FALSE;

    (void)state;
    require_wine();
    target_start(&target, sleep_proc, NULL);
    capture_in(&target, PROBE_SYSCALL_DELAY, &capture);
    buffer = HeapAlloc(GetProcessHeap(), 0, size);
    assert_non_null(buffer);
    assert_int_equal(nt->pNtQuerySystemInformation(SystemProcessInformation, buffer, size, NULL), 0);
    for (entry = buffer;; entry += ((const SYSTEM_PROCESS_INFORMATION *)entry)->NextEntryOffset)
    {
        const SYSTEM_PROCESS_INFORMATION *process = (const SYSTEM_PROCESS_INFORMATION *)entry;
        const SYSTEM_THREAD_INFORMATION *threads = (const void *)(process + 1);
        ULONG count, i;

        memcpy(&count, process->Reserved1, sizeof(count));
        for (i = 0; i < count; i++)
        {
            if ((DWORD)(ULONG_PTR)threads[i].ClientId.UniqueThread != target.tid) continue;
            found = TRUE;
            if (threads[i].dwThreadState || threads[i].dwTickCount || threads[i].dwContextSwitches)
                fail_msg("Wine now reports thread state %lu (wait time %lu, %lu switches) for a "
                         "sleeping thread: let probe_thread_os_state use it (src/probe_thread.c)",
                         threads[i].dwThreadState, threads[i].dwTickCount,
                         threads[i].dwContextSwitches);
        }
        if (!process->NextEntryOffset) break;
    }
    HeapFree(GetProcessHeap(), 0, buffer);
    assert_true(found);
    wake_join(&target);
}

/* WaitForSingleObject goes through NtWaitForMultipleObjects. x86_64: Rdx points to the
 * handle array, R10 (the first argument) is 0. i686: the probe reads the count and the
 * handle array from the stack (see test_wine_facts_i386_argument_layout). */
static void test_wine_facts_wait_registers(void **state)
{
    struct target target;
    struct probe_capture capture;
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    ULONG_PTR first = 0;

    (void)state;
    require_wine();
    require_memory_reads();
    target_start(&target, wait_proc, event);
    capture_in(&target, PROBE_SYSCALL_WAIT_MULTIPLE, &capture);
#if defined(__x86_64__)
    if (capture.arg[0]) fail_msg("R10 survives now (%p): NtWaitForSingleObject's handle could be used",
                                 (void *)capture.arg[0]);
#else
    if (capture.arg[0] != 1) fail_msg("the probe read the count as %#lx", (unsigned long)capture.arg[0]);
#endif
    assert_true(probe_read_memory(GetCurrentProcess(), capture.arg[1], &first, sizeof(first)));
    if ((HANDLE)first != event) fail_msg("the second argument no longer points to the waited handles");
    SetEvent(event);
    target_join(&target);
    CloseHandle(event);
}

/* i686: a thread in a system call shows Esp at the return address into the stub's caller,
 * the arguments right above it (PROBE_I386_FIRST_ARG_WORD): NtWaitForMultipleObjects' count,
 * then its handle array. Read in place while the thread stays blocked on the event, so the
 * layout is measured even where ReadProcessMemory cannot be trusted. */
static void test_wine_facts_i386_argument_layout(void **state)
{
#if defined(__i386__)
    struct target target;
    struct probe_capture capture;
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    const volatile ULONG_PTR *stack, *handles;

    (void)state;
    require_wine();
    target_start(&target, wait_proc, event);
    capture_in(&target, PROBE_SYSCALL_WAIT_MULTIPLE, &capture);
    stack = (const volatile ULONG_PTR *)capture.sp;
    if (stack[PROBE_I386_FIRST_ARG_WORD] != 1)
        fail_msg("stack word %d is %#lx, not NtWaitForMultipleObjects' count 1",
                 PROBE_I386_FIRST_ARG_WORD, (unsigned long)stack[PROBE_I386_FIRST_ARG_WORD]);
    handles = (const volatile ULONG_PTR *)stack[PROBE_I386_FIRST_ARG_WORD + 1];
    if ((HANDLE)handles[0] != event)
        fail_msg("the second stack argument no longer points to the waited handles");
    SetEvent(event);
    target_join(&target);
    CloseHandle(event);
#else
    (void)state;
    skip(); /* x86_64 keeps its arguments in registers: test_wine_facts_wait_registers */
#endif
}

/* One NtQueryInformationThread(ThreadBasicInformation) gives a thread's id, process, TEB,
 * and an exit status of STATUS_PENDING (259) until it exits: the probe's open makes no
 * other query (probe_thread_open). */
static void test_wine_facts_thread_basic_information(void **state)
{
    struct target target;
    struct probe_thread_info info;
    struct probe_capture capture;
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    NT_TIB tib;

    (void)state;
    require_wine();
    require_memory_reads();
    target_start(&target, wait_proc, event);
    /* Once started: wineserver learns a new thread's TEB from the thread itself, so a thread
     * queried right after its creation may still show 0 (the capture then bounds the stack
     * by what is readable). */
    capture_in(&target, PROBE_SYSCALL_WAIT_MULTIPLE, &capture);
    assert_int_equal(probe_thread_query(nt, target.thread, &info), 0);
    assert_int_equal(info.thread_id, target.tid);
    assert_int_equal(info.process_id, GetCurrentProcessId());
    if (info.exited) fail_msg("a running thread's ExitStatus is no longer STATUS_PENDING");
    assert_true(probe_read_memory(GetCurrentProcess(), info.teb, &tib, sizeof(tib)));
    if ((ULONG_PTR)tib.Self != info.teb) fail_msg("TebBaseAddress is not the thread's TEB");
    SetEvent(event);
    assert_int_equal(WaitForSingleObject(target.thread, FACT_TIMEOUT), WAIT_OBJECT_0);
    assert_int_equal(probe_thread_query(nt, target.thread, &info), 0);
    if (!info.exited) fail_msg("an exited thread's ExitStatus is STATUS_PENDING");
    target_join(&target);
    CloseHandle(event);
}

struct section_owner
{
    CRITICAL_SECTION *section;
    HANDLE entered, release;
};

static DWORD WINAPI section_owner_proc(void *arg)
{
    struct section_owner *owner = arg;

    EnterCriticalSection(owner->section);
    SetEvent(owner->entered);
    WaitForSingleObject(owner->release, FACT_TIMEOUT);
    LeaveCriticalSection(owner->section);
    return 0;
}

static DWORD WINAPI section_enter_proc(void *arg)
{
    EnterCriticalSection(arg);
    LeaveCriticalSection(arg);
    return 0;
}

/* RtlInitializeCriticalSectionEx's flag that asks for DebugInfo (Wine 10 allocates it only
 * then; Windows' winnt.h has no name for it in mingw-w64's headers). */
#define FACT_FORCE_DEBUG_INFO 0x10000000

/* Which set of section facts holds: whether InitializeCriticalSection allocates DebugInfo
 * (Wine 8) or leaves it -1 (Wine 10; Windows 8+). Decided by what Wine does, never by its
 * version; each fact below states what follows from either answer. */
static BOOL debug_info_by_default(void)
{
    CRITICAL_SECTION section;
    BOOL allocated;

    InitializeCriticalSection(&section);
    allocated = section.DebugInfo && (ULONG_PTR)section.DebugInfo != (ULONG_PTR)-1;
    if (allocated && section.DebugInfo->CriticalSection != &section)
        fail_msg("DebugInfo->CriticalSection no longer points back to the section");
    if (!allocated && (ULONG_PTR)section.DebugInfo != (ULONG_PTR)-1)
        fail_msg("DebugInfo is %p: neither allocated nor -1", (void *)section.DebugInfo);
    DeleteCriticalSection(&section);
    return allocated;
}

/* The waiter's record of RtlWaitOnAddress { list links, address, thread id } on its stack,
 * its links leading to a queue head inside ntdll (one waiter: both links name the head). */
static BOOL record_on_stack(const struct probe_capture *capture, ULONG_PTR address, DWORD tid)
{
    unsigned int i;
    BOOL record = FALSE;

    for (i = 2; i + 1 < capture->stack_words; i++)
    {
        ULONG_PTR next = capture->stack[i - 2], prev = capture->stack[i - 1];

        if (capture->stack[i] != address || (DWORD)capture->stack[i + 1] != tid) continue;
        record |= next == prev && next >= nt->ntdll_base && next < nt->ntdll_end;
    }
    return record;
}

/* Contention on a section (static: a failed test leaves its threads with valid memory). */
static CRITICAL_SECTION fact_section;

/* Starts a holder of fact_section, made with flags, and a waiter that contends for it. */
static void contend_start(DWORD flags, struct section_owner *owner, struct target *holder,
                          struct target *waiter)
{
    assert_true(InitializeCriticalSectionEx(&fact_section, 0, flags));
    owner->section = &fact_section;
    owner->entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner->release = CreateEventW(NULL, TRUE, FALSE, NULL);
    target_start(holder, section_owner_proc, owner);
    assert_int_equal(WaitForSingleObject(owner->entered, FACT_TIMEOUT), WAIT_OBJECT_0);
    target_start(waiter, section_enter_proc, &fact_section);
}

static void contend_end(struct section_owner *owner, struct target *holder,
                        struct target *waiter)
{
    SetEvent(owner->release);
    target_join(holder);
    target_join(waiter);
    CloseHandle(owner->entered);
    CloseHandle(owner->release);
    DeleteCriticalSection(&fact_section);
}

/* A waiter in NtWaitForAlertByThreadId on &LockSemaphore: Wine's record names it, the
 * waiter's calls unwind (ntdll's unwind data; i686: frame pointers) into
 * RtlEnterCriticalSection, LockCount keeps the old encoding (1: held, one waiter) and
 * OwningThread is the holder's id. */
static void check_alert_waiter(const struct probe_capture *capture, const struct target *holder,
                               const struct target *waiter)
{
    ULONG_PTR address = (ULONG_PTR)&fact_section.LockSemaphore;

    if (!record_on_stack(capture, address, waiter->tid))
        fail_msg("Wine's RtlWaitOnAddress waiter record { links to a queue head in ntdll, "
                 "address, tid } is no longer on the stack: see record_find "
                 "(src/probe/probe_critsec.c)");
    if (!probe_unwind_reaches(nt, GetCurrentProcess(), capture, nt->enter_critsec))
        fail_msg("the waiter's calls no longer unwind into RtlEnterCriticalSection "
                 "(src/probe/probe_unwind.c)");
    if (fact_section.LockCount != 1)
        fail_msg("LockCount is %ld with one waiter, not 1", fact_section.LockCount);
    assert_int_equal((DWORD)(ULONG_PTR)fact_section.OwningThread, holder->tid);
}

/* EnterCriticalSection contention on a section made by InitializeCriticalSection:
 * NtWaitForAlertByThreadId on &LockSemaphore (check_alert_waiter), with or without
 * DebugInfo. With it (allocated by default, Wine 8) DebugInfo->CriticalSection points back
 * to the section; without it (Wine 10) DebugInfo is -1 and FACT_FORCE_DEBUG_INFO still
 * gives one that points back. */
static void test_wine_facts_critical_section(void **state)
{
    struct section_owner owner;
    struct target holder, waiter;
    struct probe_capture capture;
    BOOL by_default;

    (void)state;
    require_wine();
    require_memory_reads();
    by_default = debug_info_by_default();
    contend_start(0, &owner, &holder, &waiter);
    capture_in(&waiter, PROBE_SYSCALL_ALERT_BY_ID, &capture);
    check_alert_waiter(&capture, &holder, &waiter);
    if (by_default && fact_section.DebugInfo->CriticalSection != &fact_section)
        fail_msg("DebugInfo->CriticalSection no longer points back to the section");
    contend_end(&owner, &holder, &waiter);

    if (by_default) return;
    contend_start(FACT_FORCE_DEBUG_INFO, &owner, &holder, &waiter);
    capture_in(&waiter, PROBE_SYSCALL_ALERT_BY_ID, &capture);
    if ((ULONG_PTR)fact_section.DebugInfo == (ULONG_PTR)-1 || !fact_section.DebugInfo
        || fact_section.DebugInfo->CriticalSection != &fact_section)
        fail_msg("RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO no longer gives DebugInfo that "
                 "points back (%p)", (void *)fact_section.DebugInfo);
    check_alert_waiter(&capture, &holder, &waiter);
    contend_end(&owner, &holder, &waiter);
}

/* GetThreadContext on a thread that is not suspended works, shows it in its wait stub, and
 * leaves its suspend count at 0: the probe never suspends (src/probe/probe_thread.c). */
static void test_wine_facts_context_without_suspension(void **state)
{
    struct target target;
    struct probe_capture capture;
    HANDLE event = CreateEventW(NULL, TRUE, FALSE, NULL);
    DWORD previous;

    (void)state;
    require_wine();
    target_start(&target, wait_proc, event);
    capture_in(&target, PROBE_SYSCALL_WAIT_MULTIPLE, &capture);
    /* The test (not the probe) reads the count the only way Win32 gives it. */
    previous = SuspendThread(target.thread);
    ResumeThread(target.thread);
    if (previous != 0) fail_msg("GetThreadContext left the thread suspended (count %lu)", previous);
    SetEvent(event);
    target_join(&target);
    CloseHandle(event);
}

/* A section made with CRITICAL_SECTION_NO_DEBUG_INFO has DebugInfo -1. Where DebugInfo is
 * allocated by default (Wine 8) its waiter sits in NtWaitForSingleObject on the section's
 * semaphore (LockSemaphore), keeping the semaphore handle in a saved register and the
 * section's address in one too (x86_64) or on its stack (i686, registers: the semaphore and
 * &LockSemaphore only); where it is not (Wine 10) the waiter waits as for any section
 * (check_alert_waiter) and LockSemaphore stays 0 (src/probe/probe_critsec.c). */
static void test_wine_facts_section_without_debug_info(void **state)
{
    struct section_owner owner;
    struct target holder, waiter;
    struct probe_capture capture;
    BOOL in_register = FALSE, on_stack = FALSE, has_semaphore = FALSE;
    unsigned int i;

    (void)state;
    require_wine();
    require_memory_reads();
    if (!debug_info_by_default())
    {
        contend_start(CRITICAL_SECTION_NO_DEBUG_INFO, &owner, &holder, &waiter);
        capture_in(&waiter, PROBE_SYSCALL_ALERT_BY_ID, &capture);
        if ((ULONG_PTR)fact_section.DebugInfo != (ULONG_PTR)-1)
            fail_msg("DebugInfo of a section without debug info is %p, not -1",
                     (void *)fact_section.DebugInfo);
        check_alert_waiter(&capture, &holder, &waiter);
        if (fact_section.LockSemaphore)
            fail_msg("LockSemaphore is %p: a semaphore again", fact_section.LockSemaphore);
        contend_end(&owner, &holder, &waiter);
        return;
    }

    contend_start(CRITICAL_SECTION_NO_DEBUG_INFO, &owner, &holder, &waiter);
    capture_in(&waiter, PROBE_SYSCALL_WAIT_SINGLE, &capture);
    if ((ULONG_PTR)fact_section.DebugInfo != (ULONG_PTR)-1)
        fail_msg("DebugInfo of a section without debug info is %p, not -1",
                 (void *)fact_section.DebugInfo);
    for (i = 0; i < ARRAYSIZE(capture.nonvolatile); i++)
    {
        in_register |= capture.nonvolatile[i] == (ULONG_PTR)&fact_section;
        has_semaphore |= fact_section.LockSemaphore
                         && capture.nonvolatile[i] == (ULONG_PTR)fact_section.LockSemaphore;
    }
    for (i = 0; i < capture.stack_words; i++)
        on_stack |= capture.stack[i] == (ULONG_PTR)&fact_section;
    if (!has_semaphore)
        fail_msg("the waiter's saved registers no longer hold the section's semaphore");
#if defined(__x86_64__)
    if (!in_register) fail_msg("the waiter's saved registers no longer hold the section");
#else
    if (!in_register && !on_stack)
        fail_msg("neither the waiter's saved registers nor its stack hold the section");
#endif
    if (!probe_objects_is_type(nt, fact_section.LockSemaphore, L"Semaphore"))
        fail_msg("LockSemaphore is no longer a semaphore handle");
    contend_end(&owner, &holder, &waiter);
}

static HANDLE pipe_read_end;

static DWORD WINAPI pipe_read_proc(void *arg)
{
    char byte;
    DWORD read;

    (void)arg;
    ReadFile(pipe_read_end, &byte, 1, &read, NULL);
    return 0;
}

/* A thread blocked in ReadFile on a pipe sits in NtReadFile (and ConnectNamedPipe, in
 * NtFsControlFile, the same kind): the probe reports such I/O waits Blocked. */
static void test_wine_facts_blocking_io(void **state)
{
    struct target reader;
    struct probe_capture capture;
    HANDLE write_end;
    DWORD written;

    (void)state;
    require_wine();
    assert_true(CreatePipe(&pipe_read_end, &write_end, NULL, 0));
    target_start(&reader, pipe_read_proc, NULL);
    capture_in(&reader, PROBE_SYSCALL_FILE_IO, &capture);
    assert_true(WriteFile(write_end, "x", 1, &written, NULL));
    target_join(&reader);
    CloseHandle(write_end);
    CloseHandle(pipe_read_end);
}

/* NtQueryMutant refuses the owner class (1); the name is the object manager's full path. */
static void test_wine_facts_mutex(void **state)
{
    static const WCHAR prefix[] = L"\\Sessions\\", tail[] = L"\\BaseNamedObjects\\wct-facts-mutex";
    HANDLE mutex = CreateMutexW(NULL, TRUE, L"wct-facts-mutex");
    CLIENT_ID owner;
    NTSTATUS status;
    WCHAR name[WCT_OBJNAME_LENGTH];
    size_t length;

    (void)state;
    require_wine();
    assert_non_null(mutex);
    status = nt->pNtQueryMutant(mutex, (MUTANT_INFORMATION_CLASS)1, &owner, sizeof(owner), NULL);
    if (status != STATUS_INVALID_INFO_CLASS)
        fail_msg("NtQueryMutant(MutantOwnerInformation) now answers %#lx: Wine may reveal mutex "
                 "owners; update docs/probe.md and the mutex tests", (unsigned long)status);
    probe_objects_name(nt, mutex, name, ARRAYSIZE(name));
    length = lstrlenW(name);
    if (memcmp(name, prefix, sizeof(prefix) - sizeof(WCHAR))
        || length < ARRAYSIZE(tail) - 1
        || memcmp(name + length - (ARRAYSIZE(tail) - 1), tail, sizeof(tail) - sizeof(WCHAR)))
        fail_msg("a mutex's NT name no longer has the form \\Sessions\\N\\BaseNamedObjects\\name");
    ReleaseMutex(mutex);
    CloseHandle(mutex);
}

#define WM_FACT (WM_USER + 7)

static HANDLE window_busy, window_release, window_ready;
static HWND window;

static LRESULT CALLBACK fact_window_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message != WM_FACT) return DefWindowProcW(hwnd, message, wparam, lparam);
    SetEvent(window_busy);
    WaitForSingleObject(window_release, FACT_TIMEOUT);
    return 0;
}

static DWORD WINAPI window_proc_thread(void *arg)
{
    DWORD start = GetTickCount();
    MSG msg;

    (void)arg;
    window = CreateWindowW(L"wct_facts", L"facts", 0, 0, 0, 1, 1, HWND_MESSAGE, NULL, NULL, NULL);
    SetEvent(window_ready);
    while (GetTickCount() - start < 2 * FACT_TIMEOUT && IsWindow(window))
    {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            if (msg.message == WM_QUIT) return 0;
            DispatchMessageW(&msg);
        }
    }
    return 0;
}

static DWORD WINAPI send_proc(void *arg)
{
    DWORD_PTR result;

    if (arg) SendMessageTimeoutW(window, WM_FACT, 0, 0, SMTO_NORMAL, FACT_TIMEOUT, &result);
    else SendMessageW(window, WM_FACT, 0, 0);
    return 0;
}

/* SendMessage to another thread: win32u's NtUserMessageCall, Rdx the message, the call
 * type 0x2b1 (SendMessage) or 0x2b3 (SendMessageTimeout) at [rsp+0x30]. */
static void test_wine_facts_send_message(void **state)
{
    static const ULONG_PTR types[2] = { 0x2b1, 0x2b3 };
    WNDCLASSW window_class;
    struct target receiver, sender;
    struct probe_capture capture;
    int i;

    (void)state;
    require_wine();
    require_memory_reads();
    memset(&window_class, 0, sizeof(window_class));
    window_class.lpfnWndProc = fact_window_proc;
    window_class.lpszClassName = L"wct_facts";
    assert_true(RegisterClassW(&window_class));
    window_ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    window_busy = CreateEventW(NULL, FALSE, FALSE, NULL);
    window_release = CreateEventW(NULL, FALSE, FALSE, NULL);
    target_start(&receiver, window_proc_thread, NULL);
    assert_int_equal(WaitForSingleObject(window_ready, FACT_TIMEOUT), WAIT_OBJECT_0);

    for (i = 0; i < 2; i++)
    {
        target_start(&sender, send_proc, (void *)(ULONG_PTR)i);
        assert_int_equal(WaitForSingleObject(window_busy, FACT_TIMEOUT), WAIT_OBJECT_0);
        capture_in(&sender, PROBE_SYSCALL_MESSAGE_CALL, &capture);
        if (capture.arg[1] != WM_FACT) fail_msg("Rdx no longer holds the sent message");
        if (!probe_message_is_send(GetCurrentProcess(), &capture) || capture.stack[6] != types[i])
            fail_msg("NtUserMessageCall's call type is %#lx at [rsp+0x30], expected %#lx",
                     (unsigned long)capture.stack[6], (unsigned long)types[i]);
        SetEvent(window_release);
        target_join(&sender);
    }
    PostThreadMessageW(receiver.tid, WM_QUIT, 0, 0);
    target_join(&receiver);
    CloseHandle(window_ready);
    CloseHandle(window_busy);
    CloseHandle(window_release);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_wine_facts_stub_shape),
        cmocka_unit_test(test_wine_facts_stub_ip),
        cmocka_unit_test(test_wine_facts_no_thread_state),
        cmocka_unit_test(test_wine_facts_wait_registers),
        cmocka_unit_test(test_wine_facts_i386_argument_layout),
        cmocka_unit_test(test_wine_facts_thread_basic_information),
        cmocka_unit_test(test_wine_facts_critical_section),
        cmocka_unit_test(test_wine_facts_mutex),
        cmocka_unit_test(test_wine_facts_send_message),
        cmocka_unit_test(test_wine_facts_context_without_suspension),
        cmocka_unit_test(test_wine_facts_section_without_debug_info),
        cmocka_unit_test(test_wine_facts_blocking_io),
    };

    /* Where 32-bit code is emulated (see i386_emulated) a 32-bit process whose threads start
     * and look at each other is not reliable (qemu ends it, or it loses its wineserver
     * connection, even after test_wine_facts_stub_ip passed): there only the stubs' shape,
     * which needs no thread (docs/32-bit.md). */
    const struct CMUnitTest emulated_tests[] =
    {
        cmocka_unit_test(test_wine_facts_stub_shape),
    };

    if (i386_emulated())
        return cmocka_run_group_tests(emulated_tests, group_setup, NULL);
    return cmocka_run_group_tests(tests, group_setup, NULL);
}

/*
 * probe_memory.c - reading a target's memory.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe never stops the threads it looks at, so whatever it reads may be released by
 * them at any moment: a thread's stack when it exits, a handle array or a critical section
 * when they are freed. A read must fail cleanly where a plain copy would fault.
 *
 * Another process's memory is read with ReadProcessMemory. The caller's own is copied in
 * place once the session has armed the guard (probe_memory_arm): the range must be
 * committed, readable and free of guard pages (VirtualQuery, answered in the process), and
 * the one instruction that copies is watched by a vectored exception handler, which makes a
 * fault there (memory released between the check and the copy) end the copy as a failed
 * read. On Wine this saves a wineserver round trip per read (the server reads a process's
 * memory even for itself). Before the guard is armed (tests that use the probe without a
 * session) the caller's own memory goes through ReadProcessMemory too.
 * What is read may already be stale; the probe confirms each edge after it has been
 * resolved (probe_win.c).
 */

#include "probe_internal.h"

/* The guarded copy's instruction and the one after it, defined by the asm below. */
#define PROBE_STR2(x) #x
#define PROBE_STR(x) PROBE_STR2(x)
#define PROBE_ASM_NAME(name) PROBE_STR(__USER_LABEL_PREFIX__) #name
extern const char probe_copy_instruction[] __asm__(PROBE_ASM_NAME(probe_copy_instruction));
extern const char probe_copy_resume[] __asm__(PROBE_ASM_NAME(probe_copy_resume));

static void *volatile memory_guard;      /* the handler's cookie once armed (never removed:
                                            the DLL is pinned) */

/***********************************************************************
 *      copy_bytes   (internal)
 *
 * rep movsb, at a known address: on a fault the handler resumes after it with the count
 * register still holding what was left. Returns how many bytes were not copied.
 */
static __attribute__((noinline, noclone)) SIZE_T copy_bytes(void *to, const void *from,
                                                            SIZE_T size)
{
    __asm__ volatile(".globl " PROBE_ASM_NAME(probe_copy_instruction) "\n"
                     ".globl " PROBE_ASM_NAME(probe_copy_resume) "\n"
                     PROBE_ASM_NAME(probe_copy_instruction) ":\n\t"
                     "rep movsb\n"
                     PROBE_ASM_NAME(probe_copy_resume) ":\n"
                     : "+D"(to), "+S"(from), "+c"(size)
                     :
                     : "memory");
    return size;
}

/***********************************************************************
 *      copy_fault   (internal)
 *
 * The vectored exception handler: a fault of the guarded copy's instruction resumes after
 * it; every other exception goes on to the program's own handlers untouched.
 */
static LONG CALLBACK copy_fault(EXCEPTION_POINTERS *info)
{
    DWORD code = info->ExceptionRecord->ExceptionCode;
    CONTEXT *context = info->ContextRecord;

    /* An emulated 32-bit process (qemu) reports a fault as an illegal instruction. */
    if (code != EXCEPTION_ACCESS_VIOLATION && code != EXCEPTION_IN_PAGE_ERROR
        && code != EXCEPTION_GUARD_PAGE && code != EXCEPTION_ILLEGAL_INSTRUCTION)
        return EXCEPTION_CONTINUE_SEARCH;
#if defined(__x86_64__)
    if (context->Rip != (ULONG_PTR)probe_copy_instruction) return EXCEPTION_CONTINUE_SEARCH;
    context->Rip = (ULONG_PTR)probe_copy_resume;
#else
    if (context->Eip != (ULONG_PTR)probe_copy_instruction) return EXCEPTION_CONTINUE_SEARCH;
    context->Eip = (ULONG_PTR)probe_copy_resume;
#endif
    return EXCEPTION_CONTINUE_EXECUTION;
}

void probe_memory_arm(void)
{
    void *cookie;

    if (memory_guard) return;
    if (!(cookie = AddVectoredExceptionHandler(1, copy_fault))) return;
    if (InterlockedCompareExchangePointer(&memory_guard, cookie, NULL))
        RemoveVectoredExceptionHandler(cookie); /* another session armed it first */
}

/***********************************************************************
 *      range_readable   (internal)
 *
 * Every page of [address, address + size) committed, readable and without a guard page
 * (touching one would take the guard from its thread's stack).
 */
static BOOL range_readable(ULONG_PTR address, SIZE_T size)
{
    const DWORD readable = PAGE_READONLY | PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READ
                           | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY;
    ULONG_PTR end = address + size;
    MEMORY_BASIC_INFORMATION info;

    if (end < address) return FALSE;
    while (address < end)
    {
        if (!VirtualQuery((const void *)address, &info, sizeof(info))) return FALSE;
        if (info.State != MEM_COMMIT || !(info.Protect & readable)
            || (info.Protect & (PAGE_GUARD | PAGE_NOACCESS)))
            return FALSE;
        address = (ULONG_PTR)info.BaseAddress + info.RegionSize;
    }
    return TRUE;
}

BOOL probe_memory_copy(void *to, ULONG_PTR from, SIZE_T size)
{
    return memory_guard && !copy_bytes(to, (const void *)from, size);
}

BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size)
{
    SIZE_T done = 0;

    if (!process) return FALSE;
    if (process == GetCurrentProcess() && memory_guard)
        return range_readable(address, size) && probe_memory_copy(buffer, address, size);
    return ReadProcessMemory(process, (const void *)address, buffer, size, &done) && done == size;
}

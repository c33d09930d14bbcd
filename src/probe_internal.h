/*
 * probe_internal.h - declarations shared by the probe's files (not installed).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe is split by responsibility:
 *   probe_win.c      the ops table: per-walk context, one thread from open to verdict
 *   probe_nt.c       the NT exports (looked up once) and which system call a stub address is
 *   probe_thread.c   opening a thread, its state, and capturing it while suspended
 *   probe_objects.c  handle waits: thread, process, mutex and other objects
 *   probe_critsec.c  critical sections found from a waiter's registers and stack
 *   probe_message.c  SendMessage to another thread's window
 *
 * Include this (through probe.h's wct_private.h) before <winternl.h>.
 */

#ifndef WCT_PROBE_INTERNAL_H
#define WCT_PROBE_INTERNAL_H

#include "probe.h"
#include <winternl.h>

/* NTSTATUS values the probe tests for (ntstatus.h clashes with windows.h's subset). */
#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH ((NTSTATUS)0xc0000004)
#endif
#ifndef STATUS_INVALID_INFO_CLASS
#define STATUS_INVALID_INFO_CLASS ((NTSTATUS)0xc0000003)
#endif

/* ---- probe_nt.c ----------------------------------------------------------------------- */

/* The system calls a blocked thread may sit in, as far as the probe tells them apart. */
enum probe_syscall
{
    PROBE_SYSCALL_NONE = 0,          /* not inside a known system call stub */
    PROBE_SYSCALL_WAIT_SINGLE,       /* NtWaitForSingleObject(handle, alertable, timeout) */
    PROBE_SYSCALL_WAIT_MULTIPLE,     /* NtWaitForMultipleObjects(count, handles, ...) */
    PROBE_SYSCALL_SIGNAL_AND_WAIT,   /* NtSignalAndWaitForSingleObject(signal, wait, ...) */
    PROBE_SYSCALL_DELAY,             /* NtDelayExecution: Sleep/SleepEx */
    PROBE_SYSCALL_ALERT_BY_ID,       /* NtWaitForAlertByThreadId: CS, SRW, CV, WaitOnAddress */
    PROBE_SYSCALL_KEYED_EVENT,       /* NtWaitForKeyedEvent (CS/SRW before Windows 8) */
    PROBE_SYSCALL_IO_COMPLETION,     /* NtRemoveIoCompletion(Ex) */
    PROBE_SYSCALL_PORT,              /* NtReplyWaitReceivePort (LPC/RPC servers) */
    PROBE_SYSCALL_MESSAGE_CALL,      /* win32u NtUserMessageCall: SendMessage and friends */
    PROBE_SYSCALL_MSG_WAIT,          /* win32u NtUserMsgWaitForMultipleObjectsEx */
    PROBE_SYSCALL_GET_MESSAGE,       /* win32u NtUserGetMessage / NtUserWaitMessage */
    PROBE_SYSCALL_COUNT
};

typedef NTSTATUS (WINAPI *probe_NtQueryObject)(HANDLE, OBJECT_INFORMATION_CLASS, void *, ULONG,
                                               ULONG *);
typedef NTSTATUS (WINAPI *probe_NtQueryMutant)(HANDLE, MUTANT_INFORMATION_CLASS, void *, ULONG,
                                               ULONG *);
typedef NTSTATUS (WINAPI *probe_NtQueryInformationThread)(HANDLE, THREADINFOCLASS, void *, ULONG,
                                                          ULONG *);
typedef NTSTATUS (WINAPI *probe_NtQuerySystemInformation)(SYSTEM_INFORMATION_CLASS, void *, ULONG,
                                                          ULONG *);

struct probe_nt
{
    /* required: present in every Windows and Wine the probe supports */
    probe_NtQueryObject pNtQueryObject;
    probe_NtQueryMutant pNtQueryMutant;
    probe_NtQueryInformationThread pNtQueryInformationThread;
    probe_NtQuerySystemInformation pNtQuerySystemInformation;
    /* optional */
    BOOL is_wine;                    /* ntdll exports wine_get_version */
    ULONG_PTR stub[PROBE_SYSCALL_COUNT][2]; /* up to two stubs per kind; 0 when absent */
    ULONG_PTR stub_size;             /* bytes per syscall stub, measured (32 on x86_64) */
};

/* The NT exports and stub addresses, looked up on first use; NULL when a required one is
 * missing (the probe then answers ERROR_NOT_SUPPORTED). */
const struct probe_nt *probe_nt_get(void);

/* Which known system call stub ip lies in (a pure function of the table: safe to call while
 * a thread is suspended). */
enum probe_syscall probe_nt_syscall_at(const struct probe_nt *nt, ULONG_PTR ip);

/* ---- probe_thread.c ------------------------------------------------------------------- */

/* Stack words copied while the target is suspended: enough for the callers of a wait stub to
 * have left their arguments and saved registers (measured on Wine, see docs/probe.md). */
#define PROBE_STACK_WORDS 64

/* i686: [sp] return into the stub from its transition call, [sp+4] return to the stub's
 * caller, then the arguments (not yet measured: i686 is built, not tested). */
#define PROBE_I386_FIRST_ARG_WORD 2

/* What a suspended thread looked like: copied with no allocation and no lock taken. */
struct probe_capture
{
    ULONG_PTR ip;
    ULONG_PTR sp;
    ULONG_PTR arg[2];                /* first two system call arguments where preserved:
                                        x86_64 R10 (the stub's copy of Rcx; lost on Wine)
                                        and Rdx; i686 from the stack */
    ULONG_PTR nonvolatile[8];        /* x86_64: Rbx Rbp Rsi Rdi R12 R13 R14 R15;
                                        i686: Ebx Ebp Esi Edi */
    ULONG_PTR stack[PROBE_STACK_WORDS];
    unsigned int stack_words;        /* how many of stack[] were read */
    enum probe_syscall syscall;
};

/* Per-walk cache of process handles (keyed by pid), so nothing is opened twice per walk. */
#define PROBE_PROCESS_CACHE 8
struct probe_walk
{
    struct
    {
        DWORD pid;
        HANDLE handle;               /* NULL: could not be opened (remembered too) */
    } process[PROBE_PROCESS_CACHE];
    unsigned int process_count;
    /* Windows only: one SystemProcessInformation snapshot per walk, taken on first need */
    void *snapshot;
    BOOL snapshot_tried;
};

/* A process handle for pid with PROBE_PROCESS_ACCESS, from the walk's cache when there is
 * one; NULL if it cannot be opened. *owned is TRUE when the caller must close it. */
#define PROBE_PROCESS_ACCESS \
    (PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ | PROCESS_DUP_HANDLE)
HANDLE probe_walk_process(struct probe_walk *walk, DWORD pid, BOOL *owned);

/* Opens thread_id for inspection. Returns ERROR_SUCCESS (and *handle), ERROR_OBJECT_NOT_FOUND
 * or ERROR_ACCESS_DENIED; fills thread->process_id where it can be learnt. */
DWORD probe_thread_open(DWORD thread_id, HANDLE *handle, struct probe_thread *thread);

/* The OS's own view of the thread (Windows: the walk's snapshot): TRUE and *waiting when the
 * system reports the thread's state, with wait_time/context_switches filled. FALSE on Wine,
 * whose snapshot has no states. */
BOOL probe_thread_os_state(const struct probe_nt *nt, struct probe_walk *walk,
                           struct probe_thread *thread, BOOL *waiting);

/* Suspends the thread, copies its context and top of stack, resumes it. process is the
 * target's process handle (ignored when same_process; NULL: registers only). */
BOOL probe_thread_capture(const struct probe_nt *nt, HANDLE thread, HANDLE process,
                          BOOL same_process, struct probe_capture *capture);

/* TRUE when the thread still shows the same wait as capture (same stub, stack pointer,
 * preserved argument and stack words): a second short suspension. */
BOOL probe_thread_same_wait(const struct probe_nt *nt, HANDLE thread, HANDLE process,
                            BOOL same_process, const struct probe_capture *capture);

/* Reads size bytes at address in process, all or nothing (FALSE when process is NULL). */
BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size);

/* ---- probe_objects.c ------------------------------------------------------------------ */

/* What a wait on handle value (valid in process, the waiter's) means: a thread, process or
 * mutex node in *wait, or no node (object_type 0) for objects WCT does not report. FALSE
 * when the value is not a handle there (nothing is known). */
BOOL probe_objects_handle_wait(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               DWORD waiter_tid, struct probe_wait *wait);

/* The object's NT name into name[size], cut and terminated; empty when unnamed. */
void probe_objects_name(const struct probe_nt *nt, HANDLE object, WCHAR *name, size_t size);

/* ---- probe_critsec.c ------------------------------------------------------------------ */

/* The critical section a thread blocked in NtWaitForAlertByThreadId / NtWaitForKeyedEvent
 * waits to enter, found and validated in process (readable, id process_id): fills *wait
 * (CriticalSection, Owned, next = owner) and *owner_field (the address of its OwningThread,
 * to read again). FALSE when no section is established (SRW lock, condition variable,
 * WaitOnAddress, or nothing certain). */
BOOL probe_critsec_wait(const struct probe_nt *nt, HANDLE process, DWORD process_id,
                        const struct probe_capture *capture, DWORD waiter_tid,
                        struct probe_wait *wait, ULONG_PTR *owner_field);

/* ---- probe_message.c ------------------------------------------------------------------ */

/* TRUE when the thread sits in NtUserMessageCall for a send that waits for the receiver
 * (SendMessage, SendMessageTimeout); other message calls are not waits. */
BOOL probe_message_is_send(const struct probe_capture *capture);

/* The SendMessage node of a blocked sender, with the receiving thread where it can be
 * established (else next_thread_id 0). */
void probe_message_wait(const struct probe_nt *nt, struct probe_walk *walk,
                        const struct probe_capture *capture, DWORD sender_tid,
                        struct probe_wait *wait);

#endif /* WCT_PROBE_INTERNAL_H */

/*
 * probe_internal.h - declarations shared by the probe's files (not installed).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The probe is split by responsibility:
 *   probe_win.c      the ops table: one thread from open to verdict, and the confirmation
 *   probe_process.c  the walk: its cache of process handles and what it carries between looks
 *   probe_cache.c    a session's threads, kept between its walks, with their last look
 *   probe_nt.c       the NT exports (looked up once, at load) and which system call a stub is
 *   probe_thread.c   opening a thread, its state, and looking at its registers and stack
 *   probe_memory.c   reading a target's memory (ReadProcessMemory, in every process)
 *   probe_objects.c  handle waits: thread, process, mutex and other objects
 *   probe_critsec.c  critical sections found from a waiter's registers and stack
 *   probe_unwind.c   whether a waiter's calls pass through an ntdll function (its unwind data)
 *   probe_message.c  SendMessage to another thread's window
 *   probe_wow64.c    threads of 32-bit (WoW64) processes seen from a 64-bit caller: not analysed
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
#ifndef STATUS_OBJECT_TYPE_MISMATCH
#define STATUS_OBJECT_TYPE_MISMATCH ((NTSTATUS)0xc0000024)
#endif
/* A thread's or process's exit status while it runs (STILL_ACTIVE). */
#ifndef STATUS_PENDING
#define STATUS_PENDING ((NTSTATUS)0x00000103)
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
    PROBE_SYSCALL_FILE_IO,           /* NtReadFile, NtWriteFile, NtFsControlFile,
                                        NtDeviceIoControlFile: synchronous I/O (pipes...) */
    PROBE_SYSCALL_OTHER,             /* any other system call stub of ntdll or win32u but
                                        those known not to wait (NtYieldExecution): a wait
                                        when two captures show the very same call */
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
typedef NTSTATUS (WINAPI *probe_NtCompareObjects)(HANDLE, HANDLE);

/* The most stubs recorded for one kind of system call. */
#define PROBE_STUBS_PER_KIND 4

struct probe_nt
{
    /* required: present in every Windows and Wine the probe supports */
    probe_NtQueryObject pNtQueryObject;
    probe_NtQueryMutant pNtQueryMutant;
    probe_NtQueryInformationThread pNtQueryInformationThread;
    probe_NtQuerySystemInformation pNtQuerySystemInformation;
    /* optional */
    probe_NtCompareObjects pNtCompareObjects; /* Windows 10+, Wine */
    BOOL is_wine;                    /* ntdll exports wine_get_version */
    ULONG_PTR stub[PROBE_SYSCALL_COUNT][PROBE_STUBS_PER_KIND]; /* 0 when absent */
    ULONG_PTR stub_size;             /* bytes per syscall stub, measured (32 on x86_64) */
    ULONG_PTR ntdll_base, ntdll_end; /* ntdll's image: the same range in every process */
    ULONG_PTR enter_critsec;         /* RtlEnterCriticalSection */
    ULONG_PTR enter_critsec_end;     /* the next exported function's address: a bound on
                                        RtlEnterCriticalSection's code (i686, no unwind data) */
#if defined(__x86_64__)
    const RUNTIME_FUNCTION *ntdll_functions; /* ntdll's .pdata, sorted by address */
    ULONG ntdll_function_count;
#endif
};

/* The NT exports and stub addresses. DllMain (PROCESS_ATTACH) asks first, so the lookups,
 * which take the loader lock, are made under the lock the loader already holds and never
 * on the inspection path; a program that links wct_core directly (the tests) gets them on
 * first use. NULL when a required export is missing (the probe then answers
 * ERROR_NOT_SUPPORTED). */
const struct probe_nt *probe_nt_get(void);

/* When a session opens: win32u's stubs, if this process has not loaded win32u yet, loaded
 * now provided the loader lock is free (it is only tried, never waited for; a process whose
 * DllMain runs never pays for it). Without them SendMessage waits of other processes are not
 * recognised. */
void probe_nt_prepare(void);

/* Which known system call stub ip lies in (a pure function of the table). */
enum probe_syscall probe_nt_syscall_at(const struct probe_nt *nt, ULONG_PTR ip);

/* ---- probe_thread.c ------------------------------------------------------------------- */

/* Stack words read from a blocked thread at most (fewer where its stack ends sooner): enough
 * for the callers of a wait stub to have left their arguments and saved registers (measured
 * on Wine, see docs/probe.md). */
#define PROBE_STACK_WORDS 64

/* i686 on Wine 8: a thread in a system call shows Eip 0x0c into its 16-byte stub and Esp at
 * the return address into the stub's caller; the arguments follow (measured with in-process
 * reads, pinned in tests/test_wine_facts.c). */
#define PROBE_I386_FIRST_ARG_WORD 1

/* Whether a capture's system call arguments must be read from the waiter's memory. */
#if defined(__i386__)
#define PROBE_ARGS_IN_MEMORY 1
#else
#define PROBE_ARGS_IN_MEMORY 0
#endif

/* What a thread's registers showed at one instant (GetThreadContext, no suspension), and the
 * top of its stack when the analysis asked for it (read later: it may be newer than the
 * registers, which the confirmation accounts for). */
struct probe_capture
{
    ULONG_PTR ip;
    ULONG_PTR sp;
    ULONG_PTR arg[2];                /* first two system call arguments where preserved:
                                        x86_64 R10 (the stub's copy of Rcx; lost on Wine)
                                        and Rdx; i686 from the stack (read with it) */
    ULONG_PTR nonvolatile[8];        /* x86_64: Rbx Rbp Rsi Rdi R12 R13 R14 R15;
                                        i686: Ebx Ebp Esi Edi */
    enum probe_syscall syscall;
    ULONG_PTR stack[PROBE_STACK_WORDS];
    unsigned int stack_words;        /* how many of stack[] were read (0: not read) */
};

/* What a thread handle says: its id, its process's id, its TEB and whether it has exited
 * (NtQueryInformationThread(ThreadBasicInformation); a pure query, no side effect on the
 * thread). */
struct probe_thread_info
{
    DWORD thread_id;
    DWORD process_id;
    ULONG_PTR teb;
    BOOL exited;                     /* its exit status is set (a thread that exits with
                                        STILL_ACTIVE, 259, looks alive: the capture or the
                                        walk then finds it gone) */
};

/* The thread a confirmed thread-join edge named: what the probe's query of it said, and the
 * probe's own handle to that very thread object (its id cannot be reused while it is held). */
struct probe_edge
{
    struct probe_thread_info info;
    HANDLE handle;
};

/* Opens thread_id for inspection. Returns ERROR_SUCCESS (and *handle),
 * ERROR_OBJECT_NOT_FOUND or ERROR_ACCESS_DENIED; fills thread->process_id where it can be
 * learnt. One NtQueryInformationThread (ThreadBasicInformation) gives the process id and
 * whether it has exited. edge (may be NULL) is the walk's last edge when it named this
 * thread: its thread object is reopened (never another thread that took the id) and its
 * answer used. */
DWORD probe_thread_open(const struct probe_nt *nt, DWORD thread_id,
                        const struct probe_edge *edge, HANDLE *handle,
                        struct probe_thread *thread);

/* The OS's own view of the thread (Windows: the walk's snapshot): TRUE and *waiting when the
 * system reports the thread's state, with wait_time/context_switches filled. FALSE on Wine,
 * whose snapshot has no states. */
struct probe_walk;
BOOL probe_thread_os_state(const struct probe_nt *nt, struct probe_walk *walk,
                           struct probe_thread *thread, BOOL *waiting);

/* The thread's registers, and which system call they sit in: GetThreadContext alone. The
 * thread is never suspended by the probe (Wine takes the context inside wineserver and
 * leaves the thread as it was; a blocked thread's user-mode registers are those of its
 * system call on both systems). FALSE when the context cannot be had (gone, access). */
BOOL probe_thread_capture(const struct probe_nt *nt, HANDLE thread, struct probe_capture *capture);

/* Reads the top of the captured thread's stack, up to PROBE_STACK_WORDS or the end of its
 * mapped region, in process (the waiter's; may be the caller's own: ReadProcessMemory either
 * way, which fails cleanly where the stack is gone). FALSE when nothing could be read. */
BOOL probe_thread_read_stack(HANDLE process, struct probe_capture *capture);

/* Memory pages: a thread's stack ends at a page boundary. */
#define PROBE_PAGE_SIZE 4096

/* Reads up to size bytes at address in process, fewer when the region mapped there ends
 * sooner (cut at a page boundary): the number of bytes read, 0 when none. */
SIZE_T probe_thread_read_extent(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size);

/* The system call's first two arguments where they are kept in memory (i686: on the stack,
 * read now in process, the waiter's); nothing to do on x86_64, whose capture has them.
 * FALSE when they could not be read. */
BOOL probe_thread_read_args(HANDLE process, struct probe_capture *capture);

/* TRUE when later shows the same wait as earlier: same stub, stack pointer, preserved
 * argument and non-volatile registers (i686: the arguments probe_thread_read_args read). */
BOOL probe_thread_same_wait(const struct probe_capture *earlier,
                            const struct probe_capture *later);

/* What a thread handle says (probe_thread_info above). Returns the call's status. */
NTSTATUS probe_thread_query(const struct probe_nt *nt, HANDLE thread,
                           struct probe_thread_info *info);

/* ---- probe_process.c ------------------------------------------------------------------ */

/* Test seam (tests/test_probe_revalidate.c, tests/test_probe_churn_aba.c): called, when
 * set, at three points of a look at a blocked thread, so a test can make a wait false there:
 *   PROBE_SEAM_CAPTURED  after the capture, before the analysis reads the object's state
 *                        (finding is still empty);
 *   PROBE_SEAM_ANALYSED  after the analysis, before the confirmation (finding is the
 *                        object node found; only when there is one);
 *   PROBE_SEAM_CONFIRMED after the confirmation's capture, before what named a waited
 *                        handle is read again (finding NULL; only for handle waits). */
enum probe_seam
{
    PROBE_SEAM_CAPTURED,
    PROBE_SEAM_ANALYSED,
    PROBE_SEAM_CONFIRMED,
    PROBE_SEAMS
};
typedef void (*probe_seam_hook)(void *param, enum probe_seam seam,
                                const struct probe_wait *finding);

enum probe_object_kind
{
    PROBE_OBJECT_OTHER,
    PROBE_OBJECT_THREAD,
    PROBE_OBJECT_PROCESS,
    PROBE_OBJECT_MUTANT,
};

/* A waited object as the analysis found it, kept until its confirmation. */
struct probe_object
{
    struct probe_thread_info thread; /* a thread: what its last query said */
    HANDLE handle;                   /* the probe's own duplicate, in the caller's process: it
                                        keeps the object (and a thread's id) from going away
                                        until the edge is confirmed */
    enum probe_object_kind kind;
};

/* What the last look at a thread found, kept by a session's cache (probe_cache.c) so the next
 * look at the same wait takes one capture: the capture (its registers; the wait it showed)
 * and, when the thread waited on a handle of the caller's own process, that value, where it
 * was read, and the probe's own handle to the object it named. */
struct probe_hint
{
    BOOL valid;
    DWORD want;                      /* what the look was asked (PROBE_WANT_*) */
    struct probe_capture capture;
    struct probe_wait wait;          /* object_type 0: the thread alone */
    struct probe_object object;      /* handle NULL: no object */
    ULONG_PTR word_address;          /* 0: the value was a register of the capture */
    ULONG_PTR word_value;
};

/* A thread a session looked at: the probe's handle keeps its thread object, and so its id,
 * from going away, so the id names that very thread for as long as it is cached. */
struct probe_cached_thread
{
    DWORD thread_id;                 /* 0: a free entry */
    DWORD process_id;
    HANDLE handle;                   /* the inspection's access (probe_thread_open) */
    struct probe_hint hint;
};

/* Process handles (keyed by pid), so no process is opened twice per walk, or per session
 * for a session's walks (a held handle keeps its pid from being reused). */
#define PROBE_PROCESS_CACHE 32
struct probe_walk
{
    /* A session's walk: kept in the session's slot between its walks (NULL: a walk of its
     * own, freed at its end), with the session's thread cache (NULL: none). */
    void *volatile *slot;
    struct probe_cached_thread *threads;
    struct
    {
        DWORD pid;
        HANDLE handle;               /* NULL: could not be opened (remembered too) */
        BOOL wow64_known, wow64;     /* probe_wow64_target's answer, once asked */
    } process[PROBE_PROCESS_CACHE];
    unsigned int process_count;
    /* Windows only: one SystemProcessInformation snapshot per walk, taken on first need */
    void *snapshot;
    BOOL snapshot_tried;
    /* The thread the last confirmed thread-join edge named (handle NULL when none): the
     * walker asks about that very thread next, and its inspection then reopens that thread
     * object and needs no query of its own. Used once, by the next inspection. */
    struct probe_edge edge;
    /* tests only; NULL in production */
    probe_seam_hook seam;
    void *seam_param;
};

/* Another process a target thread belongs to, reached on first need: opened when the
 * analysis reads its memory or duplicates a handle out of it; a thread reported alone
 * (Sleep, a message loop) never needs it. */
#define PROBE_PROCESS_ACCESS \
    (PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ | PROCESS_DUP_HANDLE)
struct probe_process
{
    DWORD pid;
    HANDLE handle;                   /* PROBE_PROCESS_ACCESS; NULL: not opened, or cannot be */
    BOOL known;                      /* handle is final: cached, opened, or failed to open */
    BOOL opened;                     /* probe_process_open opened it (or tried): to hand to
                                        probe_walk_keep_process */
    BOOL wow64_known, wow64;         /* a 32-bit process under a 64-bit caller (probe_wow64.c) */
};

/* A zeroed walk (HeapAlloc): ERROR_SUCCESS or ERROR_NOT_ENOUGH_MEMORY. */
DWORD probe_walk_begin(struct probe_walk **walk);

/* A session's walk: the one its slot holds (taken out), or a new one with a thread cache.
 * ERROR_SUCCESS or ERROR_NOT_ENOUGH_MEMORY. */
DWORD probe_walk_begin_cached(void *volatile *slot, struct probe_walk **walk);

/* Ends a walk: what is only the walk's is closed; a session's walk goes back to its slot
 * (or, when the slot was filled meanwhile, is freed); other walks are freed (NULL:
 * nothing). */
void probe_walk_end(struct probe_walk *walk);

/* Closes every handle the walk holds, its cache's too, and frees it (NULL: nothing). */
void probe_walk_free(struct probe_walk *walk);

/* What the walk knows of pid's process: target->known when it is cached (its handle, or
 * NULL for a process that could not be opened, which is not asked twice). */
void probe_walk_find_process(const struct probe_walk *walk, DWORD pid,
                             struct probe_process *target);

/* Opens target once with PROBE_PROCESS_ACCESS. */
void probe_process_open(struct probe_process *target);

/* Hands what probe_process_open opened (or failed to) to the walk's cache; closes it when
 * there is no walk or the cache is full. A cached handle is never closed during the walk. */
void probe_walk_keep_process(struct probe_walk *walk, struct probe_process *target);

/* Keeps a confirmed thread edge for the next inspection (takes over handle, a thread
 * handle of the probe's own; replaces and closes an edge not used). */
void probe_walk_keep_edge(struct probe_walk *walk, const struct probe_thread_info *info,
                          HANDLE handle);

/* The walk's last edge if it named thread_id (moved to *edge: the caller closes its handle);
 * NULL otherwise. The edge is used once: it is cleared (and closed) either way. */
const struct probe_edge *probe_walk_take_edge(struct probe_walk *walk, DWORD thread_id,
                                              struct probe_edge *edge);

/* ---- probe_cache.c -------------------------------------------------------------------- */

/* The session's entry for thread_id; NULL when it is not cached (or the walk has no cache). */
struct probe_cached_thread *probe_cache_find(struct probe_walk *walk, DWORD thread_id);

/* Caches an opened thread (takes over handle): its entry, with no hint; NULL when the walk
 * has no cache (handle is then still the caller's). The entry its id falls on is dropped. */
struct probe_cached_thread *probe_cache_store(struct probe_walk *walk, DWORD thread_id,
                                              DWORD process_id, HANDLE handle);

/* Forgets a thread (found exited): closes its handles and frees the entry. */
void probe_cache_drop(struct probe_cached_thread *entry);

/* Forgets a hint (closes the object it holds). */
void probe_cache_forget_hint(struct probe_hint *hint);

/* Drops every entry of the walk's cache. */
void probe_cache_empty(struct probe_walk *walk);

/* ---- probe_wow64.c ------------------------------------------------------------------- */

/* TRUE when target is a 32-bit (WoW64) process and the caller 64-bit: its threads must not
 * be analysed with the probe's 64-bit logic. Asked once per process and walk (the answer is
 * kept in target, and in the walk's cache with its handle); opens target on first need.
 * Always FALSE in a 32-bit build. */
BOOL probe_wow64_target(struct probe_process *target);

/* The status of a thread of such a process, which is not analysed: the system's own state
 * where it has one (have_state, waiting: Windows), else WctStatusUnknown. Its chain ends at
 * its node: no wait is reported. */
void probe_wow64_thread(BOOL have_state, BOOL waiting, struct probe_thread *thread);

/* ---- probe_memory.c ------------------------------------------------------------------- */

/* Reads size bytes at address in process, all or nothing (FALSE when process is NULL):
 * ReadProcessMemory, which fails cleanly where the memory is not readable, in the caller's
 * own process too (the threads looked at run on, and may release or protect the memory at
 * any moment): no read of wct's ever raises an exception the program could see. */
BOOL probe_read_memory(HANDLE process, ULONG_PTR address, void *buffer, SIZE_T size);

/* ---- probe_objects.c ------------------------------------------------------------------ */


/* What a wait on handle value (valid in process, the waiter's; GetCurrentProcess() for the
 * caller's own) means: a thread, process or mutex node in *wait, or no node (object_type 0)
 * for objects WCT does not report. The value is duplicated first, so what is queried is one
 * object whatever the waiter's process does with the value meanwhile. FALSE when the value
 * is not a handle there (nothing is known, nothing to release); else release *object after
 * use. */
BOOL probe_objects_handle_wait(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               DWORD waiter_tid, struct probe_wait *wait,
                               struct probe_object *object);

/* TRUE when value, a handle in process, names the very object of the probe's handle (one
 * more duplicate, compared with NtCompareObjects; TRUE where the system lacks it). */
BOOL probe_objects_still_named(const struct probe_nt *nt, HANDLE process, HANDLE value,
                               HANDLE object);

/* TRUE when value, a handle of the caller's own process, still names the object the probe
 * holds (a thread: one query of the value, its id compared; else NtCompareObjects, FALSE
 * where the system lacks it); *wait (may be NULL), the node found for it before, then gets
 * the object's state (and owner) as it is now. */
BOOL probe_objects_recheck(const struct probe_nt *nt, HANDLE value, struct probe_object *object,
                           DWORD waiter_tid, struct probe_wait *wait);

/* Closes what probe_objects_handle_wait opened. */
void probe_objects_release(struct probe_object *object);

/* The object's NT name into name[size], cut and terminated; empty when unnamed. */
void probe_objects_name(const struct probe_nt *nt, HANDLE object, WCHAR *name, size_t size);

/* TRUE when handle (in the caller's process) is an object of the NT type type_name. */
BOOL probe_objects_is_type(const struct probe_nt *nt, HANDLE handle, const WCHAR *type_name);

/* ---- probe_critsec.c ------------------------------------------------------------------ */

/* Where a critical-section finding came from, to be checked again after the confirmation's
 * capture. */
struct probe_critsec
{
    ULONG_PTR section;               /* the section's address in the waiter's process */
    DWORD owner;                     /* its OwningThread when validated */
    ULONG_PTR semaphore;             /* its LockSemaphore when the wait is on it (sections
                                        without debug info on Wine), else 0 */
    ULONG_PTR record;                /* stack address of Wine's waiter record naming the
                                        section (0: found otherwise); it must still name it */
    ULONG_PTR record_value;
};

/* The critical section a blocked thread waits to enter, found and validated in process
 * (readable, id process_id; the capture's stack is read when the search needs it): fills
 * *wait (CriticalSection; Owned with next = owner, or Abandoned when the owner has exited)
 * and *found. FALSE when no section is established (SRW lock, condition variable,
 * WaitOnAddress, or nothing certain). */
BOOL probe_critsec_wait(const struct probe_nt *nt, HANDLE process, DWORD process_id,
                        struct probe_capture *capture, DWORD waiter_tid,
                        struct probe_wait *wait, struct probe_critsec *found);

/* TRUE when the section is still owned by the same thread and still contended, and what
 * named it (Wine's waiter record, the semaphore) still does. */
BOOL probe_critsec_still_held(const struct probe_nt *nt, HANDLE process,
                              const struct probe_critsec *found);

/* ---- probe_unwind.c ------------------------------------------------------------------- */

/* TRUE when the captured thread (blocked in a system call of ntdll, in process) was called,
 * through ntdll frames alone, by function (an ntdll function: RtlEnterCriticalSection).
 * x86_64 unwinds by ntdll's own unwind data, i686 by saved frame pointers; the stack is read
 * from process to the end of its region. */
BOOL probe_unwind_reaches(const struct probe_nt *nt, HANDLE process,
                          const struct probe_capture *capture, ULONG_PTR function);

/* ---- probe_message.c ------------------------------------------------------------------ */

/* TRUE when the thread sits in NtUserMessageCall for a send that waits for the receiver
 * (SendMessage, SendMessageTimeout); other message calls are not waits. The capture's stack
 * is read (in process) when it has not been. */
BOOL probe_message_is_send(HANDLE process, struct probe_capture *capture);

/* The SendMessage node of a blocked sender. The receiver is never named: neither Wine nor
 * Windows leaves the window handle where a user-mode probe can confirm it (docs/probe.md). */
void probe_message_wait(struct probe_wait *wait);

#endif /* WCT_PROBE_INTERNAL_H */

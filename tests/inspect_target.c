/*
 * inspect_target.c - a process with 32 threads blocked in different ways, for
 * test_inspect_killed.sh to scan with wctdump.exe (and kill wctdump.exe meanwhile).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The waits cover what the probe tells apart: sleeps (alertable or not), events, several
 * objects, a semaphore, a mutex and a critical section held by another thread, a
 * critical-section deadlock (so a scan ends with status 2), joins, an SRW lock, condition
 * variables, a child process, a SendMessage to a window whose thread does not pump, a read
 * from a pipe nobody writes to, and a thread that naps 1 ms at a time (always changing).
 *
 * `--threads N` (at least 32) adds event waiters and sleepers up to N blocked threads: a
 * longer scan, so that a kill at a random moment falls inside it more often.
 *
 * Output: "pid=N", "child pid=N", "threads=N" (with the main thread), then "ready" once
 * every thread is about to block. It exits by itself after --seconds N (default 300).
 * `inspect_target --child PID SECONDS` is the child: it waits for process PID to end.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define DEFAULT_SECONDS 300
#define KINDS_THREADS 32 /* the threads of start_all() */
#define MAX_THREADS 512
#define READY_TIMEOUT_MS 10000
#define SETTLE_MS 300 /* from "about to block" to in the wait */

static struct
{
    HANDLE never;                       /* an event nobody sets */
    HANDLE other_never;
    HANDLE semaphore;                   /* count 0 */
    HANDLE mutex;                       /* owned by the mutex owner */
    HANDLE child;                       /* the child process */
    HANDLE pipe_read, pipe_write;       /* nothing is ever written */
    HWND window;                        /* the window of a thread that never pumps */
    CRITICAL_SECTION held, cycle_a, cycle_b, cond_cs;
    SRWLOCK srw;
    CONDITION_VARIABLE condition;
    HANDLE sleeper;                     /* joined by the join waiters */
    HANDLE owned_ready;                 /* set by each owner once it holds its lock */
    volatile LONG about_to_block;
    HANDLE threads[MAX_THREADS];
    DWORD thread_count;
} target;

static void about_to_block(void)
{
    InterlockedIncrement(&target.about_to_block);
}

static DWORD WINAPI sleeper(void *arg)
{
    (void)arg;
    about_to_block();
    Sleep(INFINITE);
    return 0;
}

static DWORD WINAPI alertable_sleeper(void *arg)
{
    (void)arg;
    about_to_block();
    for (;;) SleepEx(INFINITE, TRUE);
    return 0;
}

static DWORD WINAPI napper(void *arg)
{
    (void)arg;
    about_to_block();
    for (;;) Sleep(1);
    return 0;
}

static DWORD WINAPI event_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    WaitForSingleObject(target.never, INFINITE);
    return 0;
}

static DWORD WINAPI multiple_waiter(void *arg)
{
    HANDLE both[2] = { target.never, target.other_never };

    (void)arg;
    about_to_block();
    WaitForMultipleObjects(2, both, FALSE, INFINITE);
    return 0;
}

static DWORD WINAPI semaphore_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    WaitForSingleObject(target.semaphore, INFINITE);
    return 0;
}

static DWORD WINAPI mutex_owner(void *arg)
{
    (void)arg;
    WaitForSingleObject(target.mutex, INFINITE);
    ReleaseSemaphore(target.owned_ready, 1, NULL);
    about_to_block();
    WaitForSingleObject(target.never, INFINITE);
    return 0;
}

static DWORD WINAPI mutex_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    WaitForSingleObject(target.mutex, INFINITE);
    return 0;
}

static DWORD WINAPI section_owner(void *arg)
{
    (void)arg;
    EnterCriticalSection(&target.held);
    ReleaseSemaphore(target.owned_ready, 1, NULL);
    about_to_block();
    Sleep(INFINITE);
    return 0;
}

static DWORD WINAPI section_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    EnterCriticalSection(&target.held);
    return 0;
}

/* The two halves of a deadlock: each holds one section and wants the other. */
static DWORD WINAPI cycle_half(void *arg)
{
    BOOL first = arg != NULL;

    EnterCriticalSection(first ? &target.cycle_a : &target.cycle_b);
    ReleaseSemaphore(target.owned_ready, 1, NULL);
    Sleep(200); /* both hold theirs before either asks for the other */
    about_to_block();
    EnterCriticalSection(first ? &target.cycle_b : &target.cycle_a);
    return 0;
}

static DWORD WINAPI join_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    WaitForSingleObject(target.sleeper, INFINITE);
    return 0;
}

static DWORD WINAPI srw_owner(void *arg)
{
    (void)arg;
    AcquireSRWLockExclusive(&target.srw);
    ReleaseSemaphore(target.owned_ready, 1, NULL);
    about_to_block();
    WaitForSingleObject(target.never, INFINITE);
    return 0;
}

static DWORD WINAPI srw_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    AcquireSRWLockShared(&target.srw);
    return 0;
}

static DWORD WINAPI condition_waiter(void *arg)
{
    (void)arg;
    EnterCriticalSection(&target.cond_cs);
    about_to_block();
    for (;;) SleepConditionVariableCS(&target.condition, &target.cond_cs, INFINITE);
    return 0;
}

static DWORD WINAPI process_waiter(void *arg)
{
    (void)arg;
    about_to_block();
    WaitForSingleObject(target.child, INFINITE);
    return 0;
}

static DWORD WINAPI pipe_reader(void *arg)
{
    char byte;
    DWORD read;

    (void)arg;
    about_to_block();
    ReadFile(target.pipe_read, &byte, 1, &read, NULL);
    return 0;
}

/* Owns a window and never pumps: a message sent to it waits for good. */
static DWORD WINAPI window_owner(void *arg)
{
    (void)arg;
    target.window = CreateWindowExW(0, L"STATIC", L"inspect_target", 0, 0, 0, 10, 10,
                                    HWND_MESSAGE, NULL, NULL, NULL);
    ReleaseSemaphore(target.owned_ready, 1, NULL);
    about_to_block();
    WaitForSingleObject(target.never, INFINITE);
    return 0;
}

static DWORD WINAPI message_sender(void *arg)
{
    (void)arg;
    about_to_block();
    SendMessageW(target.window, WM_NULL, 0, 0);
    return 0;
}

static HANDLE start(LPTHREAD_START_ROUTINE fn, void *arg)
{
    DWORD tid;
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, &tid);

    if (!thread || target.thread_count >= MAX_THREADS)
    {
        fprintf(stderr, "inspect_target: cannot start a thread: error %lu\n", GetLastError());
        ExitProcess(1);
    }
    target.threads[target.thread_count++] = thread;
    return thread;
}

static void start_several(LPTHREAD_START_ROUTINE fn, int count)
{
    while (count-- > 0) start(fn, NULL);
}

/* Starts an owner and waits (bounded) until it holds what it owns. */
static void start_owner(LPTHREAD_START_ROUTINE fn, void *arg)
{
    start(fn, arg);
    if (WaitForSingleObject(target.owned_ready, READY_TIMEOUT_MS) != WAIT_OBJECT_0)
    {
        fprintf(stderr, "inspect_target: an owner did not take its lock\n");
        ExitProcess(1);
    }
}

static BOOL start_child(DWORD seconds)
{
    WCHAR path[MAX_PATH], command[MAX_PATH + 64];
    STARTUPINFOW startup;
    PROCESS_INFORMATION info;

    if (!GetModuleFileNameW(NULL, path, MAX_PATH)) return FALSE;
    swprintf(command, sizeof(command) / sizeof(command[0]), L"\"%ls\" --child %lu %lu", path,
             GetCurrentProcessId(), seconds);
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    if (!CreateProcessW(path, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
        return FALSE;
    CloseHandle(info.hThread);
    target.child = info.hProcess;
    printf("child pid=%lu\n", info.dwProcessId);
    return TRUE;
}

static BOOL make_objects(void)
{
    target.never = CreateEventW(NULL, TRUE, FALSE, NULL);
    target.other_never = CreateEventW(NULL, TRUE, FALSE, NULL);
    target.semaphore = CreateSemaphoreW(NULL, 0, 1, NULL);
    target.mutex = CreateMutexW(NULL, FALSE, NULL);
    target.owned_ready = CreateSemaphoreW(NULL, 0, MAX_THREADS, NULL);
    InitializeCriticalSection(&target.held);
    InitializeCriticalSection(&target.cycle_a);
    InitializeCriticalSection(&target.cycle_b);
    InitializeCriticalSection(&target.cond_cs);
    InitializeSRWLock(&target.srw);
    InitializeConditionVariable(&target.condition);
    return target.never && target.other_never && target.semaphore && target.mutex
           && target.owned_ready && CreatePipe(&target.pipe_read, &target.pipe_write, NULL, 0);
}

static void start_all(void)
{
    start_several(sleeper, 3);
    start_several(alertable_sleeper, 2);
    start_several(napper, 1);
    start_several(event_waiter, 3);
    start_several(multiple_waiter, 2);
    start_several(semaphore_waiter, 2);
    start_owner(mutex_owner, NULL);
    start_several(mutex_waiter, 2);
    start_owner(section_owner, NULL);
    start_several(section_waiter, 2);
    start_owner(cycle_half, (void *)1);
    start_owner(cycle_half, NULL);
    target.sleeper = target.threads[0];
    start_several(join_waiter, 2);
    start_owner(srw_owner, NULL);
    start_several(srw_waiter, 2);
    start_several(condition_waiter, 2);
    start_several(process_waiter, 1);
    start_several(pipe_reader, 1);
    start_owner(window_owner, NULL);
    start_several(message_sender, 1);
}

static void start_extra(DWORD total)
{
    while (target.thread_count < total)
        start(target.thread_count % 2 ? event_waiter : sleeper, NULL);
}

static BOOL parse(int argc, char **argv, DWORD *seconds, DWORD *threads)
{
    int i;

    for (i = 1; i + 1 < argc; i += 2)
    {
        if (!strcmp(argv[i], "--seconds")) *seconds = strtoul(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--threads")) *threads = strtoul(argv[i + 1], NULL, 10);
        else return FALSE;
    }
    return i == argc && *seconds && *seconds <= 86400 && *threads >= KINDS_THREADS
           && *threads <= MAX_THREADS;
}

int main(int argc, char **argv)
{
    DWORD seconds = DEFAULT_SECONDS, threads = KINDS_THREADS, start_tick;

    if (argc >= 3 && !strcmp(argv[1], "--child"))
    {
        HANDLE parent = OpenProcess(SYNCHRONIZE, FALSE, strtoul(argv[2], NULL, 10));

        seconds = argc > 3 ? strtoul(argv[3], NULL, 10) : DEFAULT_SECONDS;
        if (parent) WaitForSingleObject(parent, seconds * 1000 + 5000);
        return 0;
    }
    if (!parse(argc, argv, &seconds, &threads))
    {
        fputs("Usage: inspect_target [--seconds N] [--threads N]\n", stderr);
        return 1;
    }
    printf("pid=%lu\n", GetCurrentProcessId());
    if (!make_objects() || !start_child(seconds))
    {
        fprintf(stderr, "inspect_target: setup failed: error %lu\n", GetLastError());
        return 1;
    }
    start_all();
    start_extra(threads);
    start_tick = GetTickCount();
    while (InterlockedCompareExchange(&target.about_to_block, 0, 0) < (LONG)target.thread_count)
    {
        if (GetTickCount() - start_tick > READY_TIMEOUT_MS)
        {
            fprintf(stderr, "inspect_target: threads did not get ready\n");
            ExitProcess(1);
        }
        Sleep(10);
    }
    Sleep(SETTLE_MS);
    printf("threads=%lu\nready\n", target.thread_count + 1);
    fflush(stdout);
    Sleep(seconds * 1000);
    /* Deadlocked and blocked threads cannot be joined: end the process with them. */
    TerminateProcess(target.child, 0);
    ExitProcess(0);
}

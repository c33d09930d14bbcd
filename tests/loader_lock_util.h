/*
 * loader_lock_util.h - for the loader-lock tests' child processes: a thread that holds the
 * loader lock, and bounded steps in a process that may itself hang behind that lock.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A child that fails must not call ExitProcess (nor exit(), nor a CMocka assertion that
 * ends in one): ExitProcess takes the loader lock first, so while another thread holds it
 * the child would hang instead of failing. Everything here ends the child with
 * TerminateProcess, which needs no lock, and writes to stderr with WriteFile (no CRT lock).
 */

#ifndef WCT_TESTS_LOADER_LOCK_UTIL_H
#define WCT_TESTS_LOADER_LOCK_UTIL_H

#include <windows.h>

/* Exit codes of a child. */
#define LL_EXIT_PASSED 0
#define LL_EXIT_FAILED 2 /* a check failed */
#define LL_EXIT_HUNG 3   /* a step did not finish within its bound */

/* A call that returns at once takes well under a millisecond; this leaves room for a busy
 * machine, and is far below the parent's bound for the whole child. */
#define LL_STEP_BOUND 2000
/* Waits for something that needs other threads to run (a callback, a thread to end). */
#define LL_WAIT_BOUND 5000

/* The test DLL (loader_lock_dll.c) and how the DllMain holder tells it what to do. */
#define LL_TEST_DLL L"loader_lock_dll.dll"
#define LL_DLLMAIN_HOLD_VARIABLE "WCT_TEST_DLLMAIN_HOLD"
/* The name of the event the test DLL sets once its Close at process exit has returned. */
#define LL_CLOSED_EVENT_VARIABLE L"WCT_TEST_CLOSED_AT_EXIT_EVENT"

/* Writes one line to stderr (printf format). */
void ll_report(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Ends the child with LL_EXIT_FAILED, naming the check. */
void ll_fail(const char *file, int line, const char *what) __attribute__((noreturn));
#define LL_CHECK(condition) ((condition) ? (void)0 : ll_fail(__FILE__, __LINE__, #condition))

/* Starts the watchdog thread that ends the child with LL_EXIT_HUNG when a step overruns. A
 * thread cannot start while another holds the loader lock: call this before holding it. */
void ll_watchdog_start(void);

/* Brackets a step that must finish within bound_ms; ll_step_end reports and returns the
 * milliseconds it took. */
void ll_step_begin(const char *name, DWORD bound_ms);
DWORD ll_step_end(void);

/* Starts fn(arg) on a new thread (fails the child otherwise). */
HANDLE ll_start_thread(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id);

/* Waits at most bound_ms for object; fails the child, naming what, on a timeout. */
void ll_wait(HANDLE object, DWORD bound_ms, const char *what);

/* How a thread comes to hold the loader lock. */
enum ll_hold_how
{
    LL_HOLD_LDR_LOCK, /* LdrLockLoaderLock(0, NULL, &cookie), as a DllMain's caller does */
    LL_HOLD_DLLMAIN,  /* LoadLibraryW of the test DLL, whose DllMain(PROCESS_ATTACH) blocks */
};

struct ll_holder
{
    enum ll_hold_how how;
    HANDLE thread;
    DWORD thread_id;
    HANDLE locked;  /* set once the thread holds the lock */
    HANDLE release; /* set to let it go */
};

/* Starts a thread that takes the loader lock and keeps it until ll_hold_release; returns
 * once it holds it. */
void ll_hold_start(struct ll_holder *holder, enum ll_hold_how how);

/* Lets the lock go and waits (bounded) for the holder thread to end. */
void ll_hold_release(struct ll_holder *holder);

/* ntdll's loader lock (not declared by the toolchain's headers). */
NTSTATUS WINAPI LdrLockLoaderLock(ULONG flags, ULONG *result, ULONG_PTR *cookie);
NTSTATUS WINAPI LdrUnlockLoaderLock(ULONG flags, ULONG_PTR cookie);

#endif /* WCT_TESTS_LOADER_LOCK_UTIL_H */

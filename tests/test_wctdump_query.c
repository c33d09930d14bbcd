/*
 * test_wctdump_query.c - wctdump's scan (tools/wctdump/query.c) and progress line
 * (progress.c) against a WCT double defined here: the parallel scan (threads of its own,
 * one session each) fills every chain exactly as the sequential one does, stops at a fatal
 * error, chooses its thread count from WCTDUMP_SCAN_THREADS or the machine; the progress
 * line is never written when stderr is not a terminal, and is erased when it was.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "wctdump.h"

#define SCAN_CHAINS  400
#define MAX_SESSIONS 64
#define FATAL_TID    0x7777

/* The double's sessions: which thread opened each, which threads asked through it. */
struct fake_session
{
    DWORD opener;
    BOOL closed;
    BOOL used_elsewhere; /* a thread other than its opener called GetThreadWaitChain */
    LONG calls;
};

static struct fake_session sessions[MAX_SESSIONS];
static LONG session_count;
static DWORD main_thread;

/* WCT as the double plays it: a chain that depends on the thread id alone. */
HWCT WINAPI OpenThreadWaitChainSession(DWORD flags, PWAITCHAINCALLBACK callback)
{
    LONG index = InterlockedIncrement(&session_count) - 1;

    (void)flags;
    (void)callback;
    if (index >= MAX_SESSIONS) return NULL;
    sessions[index].opener = GetCurrentThreadId();
    return (HWCT)(ULONG_PTR)(index + 1);
}

VOID WINAPI CloseThreadWaitChainSession(HWCT handle)
{
    sessions[(ULONG_PTR)handle - 1].closed = TRUE;
}

BOOL WINAPI GetThreadWaitChain(HWCT handle, DWORD_PTR context, DWORD flags, DWORD tid,
                               LPDWORD count, PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct fake_session *session = &sessions[(ULONG_PTR)handle - 1];
    DWORD i, length = tid % 5 + 1;

    (void)context;
    (void)flags;
    if (session->opener != GetCurrentThreadId()) session->used_elsewhere = TRUE;
    InterlockedIncrement(&session->calls);
    if (tid % 4 == 0) Sleep(1); /* the other threads overtake, and all of them start */
    if (tid == FATAL_TID)
    {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (tid % 11 == 0)
    {
        SetLastError(ERROR_OBJECT_NOT_FOUND);
        return FALSE;
    }
    for (i = 0; i < length && i < *count; i++)
    {
        memset(&nodes[i], 0, sizeof(nodes[i]));
        nodes[i].ObjectType = i % 2 ? WctMutexType : WctThreadType;
        nodes[i].ObjectStatus = WctStatusBlocked;
        nodes[i].ThreadObject.ProcessId = tid / 100;
        nodes[i].ThreadObject.ThreadId = tid + i;
    }
    *count = length;
    *is_cycle = tid % 7 == 0;
    return TRUE;
}

VOID WINAPI RegisterWaitChainCOMCallback(PCOGETCALLSTATE call_state,
                                         PCOGETACTIVATIONSTATE activation_state)
{
    (void)call_state;
    (void)activation_state;
}


static int reset_double(void **state)
{
    (void)state;
    memset(sessions, 0, sizeof(sessions));
    session_count = 0;
    main_thread = GetCurrentThreadId();
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", NULL);
    return 0;
}


/* A scan of count threads, ids from 1000 on, every chain filled with garbage first. */
static void make_scan(struct wctdump_scan *scan, size_t count)
{
    size_t i;

    memset(scan, 0, sizeof(*scan));
    scan->chains = malloc(count * sizeof(*scan->chains));
    assert_non_null(scan->chains);
    memset(scan->chains, 0xcc, count * sizeof(*scan->chains));
    for (i = 0; i < count; i++)
    {
        scan->chains[i].pid = 10;
        scan->chains[i].tid = (DWORD)(1000 + i);
        scan->chains[i].description[0] = 0;
        scan->chains[i].seen_ms = 0;
        scan->chains[i].stack = NULL;
    }
    scan->chain_count = count;
    scan->flags = WCT_OUT_OF_PROC_FLAG;
}


static DWORD run_scan(struct wctdump_scan *scan, const char *threads, char *error, size_t size)
{
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", threads);
    error[0] = 0;
    return wctdump_query(scan, error, size);
}


/* The same chains, in the same slots, whether asked in order or by four threads. */
static void test_parallel_scan_fills_every_chain_as_sequential(void **state)
{
    struct wctdump_scan sequential, parallel;
    char error[256];
    LONG i, sessions_used = 0;
    size_t j;

    (void)state;
    make_scan(&sequential, SCAN_CHAINS);
    make_scan(&parallel, SCAN_CHAINS);
    assert_int_equal(run_scan(&sequential, "1", error, sizeof(error)), ERROR_SUCCESS);
    assert_int_equal(session_count, 1);
    assert_int_equal(sessions[0].opener, main_thread);

    assert_int_equal(run_scan(&parallel, "4", error, sizeof(error)), ERROR_SUCCESS);
    assert_int_equal(session_count, 1 + 4); /* one session per thread of the scan */
    for (i = 1; i < session_count; i++)
    {
        assert_int_not_equal(sessions[i].opener, main_thread);
        assert_false(sessions[i].used_elsewhere);
        assert_true(sessions[i].closed);
        sessions_used += sessions[i].calls > 0;
    }
    assert_true(sessions_used >= 2); /* the work really was shared */
    for (j = 0; j < SCAN_CHAINS; j++)
    {
        const struct wctdump_chain *a = &sequential.chains[j], *b = &parallel.chains[j];

        assert_int_equal(b->tid, 1000 + j);
        assert_int_equal(b->error, a->error);
        assert_int_equal(b->count, a->count);
        assert_int_equal(b->is_cycle, a->is_cycle);
        assert_memory_equal(b->nodes, a->nodes, a->count * sizeof(a->nodes[0]));
    }
    /* and what the double answered, not just the same garbage twice */
    assert_int_equal(parallel.chains[0].count, 1000 % 5 + 1);
    assert_int_equal(parallel.chains[0].nodes[0].ThreadObject.ThreadId, 1000);
    assert_int_equal(parallel.chains[2].error, ERROR_SUCCESS);     /* 1002 */
    assert_int_equal(parallel.chains[1].error, ERROR_OBJECT_NOT_FOUND); /* 1001 = 11 * 91 */
    assert_int_equal(parallel.chains[1].count, 0);
    assert_true(parallel.chains[8].is_cycle);                        /* 1008 = 7 * 144 */
    free(sequential.chains);
    free(parallel.chains);
}


/* A fatal error ends the parallel scan with that error, as it ends the sequential one. */
static void test_parallel_scan_stops_at_fatal_error(void **state)
{
    struct wctdump_scan scan;
    char error[256];

    (void)state;
    make_scan(&scan, SCAN_CHAINS);
    scan.chains[SCAN_CHAINS / 2].tid = FATAL_TID;
    assert_int_equal(run_scan(&scan, "4", error, sizeof(error)), ERROR_INVALID_HANDLE);
    assert_int_equal(session_count, 4); /* it was the parallel scan that stopped */
    assert_non_null(strstr(error, "GetThreadWaitChain failed: ERROR_INVALID_HANDLE"));
    free(scan.chains);
}


/* WCTDUMP_SCAN_THREADS when valid; else one thread for a small scan, min(4, processors)
 * for a large one. */
static void test_scan_threads_choice(void **state)
{
    SYSTEM_INFO info;
    DWORD expected;

    (void)state;
    GetSystemInfo(&info);
    expected = info.dwNumberOfProcessors < WCTDUMP_SCAN_THREADS_DEFAULT
               ? info.dwNumberOfProcessors : WCTDUMP_SCAN_THREADS_DEFAULT;
    assert_int_equal(wctdump_scan_threads(WCTDUMP_PARALLEL_MIN_CHAINS - 1), 1);
    assert_int_equal(wctdump_scan_threads(WCTDUMP_PARALLEL_MIN_CHAINS), expected);
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", "3");
    assert_int_equal(wctdump_scan_threads(5), 3);
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", "1");
    assert_int_equal(wctdump_scan_threads(5000), 1);
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", "0");
    assert_int_equal(wctdump_scan_threads(5000), expected);
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", "17");
    assert_int_equal(wctdump_scan_threads(5000), expected);
    SetEnvironmentVariableA("WCTDUMP_SCAN_THREADS", "4x");
    assert_int_equal(wctdump_scan_threads(5000), expected);
}


/* stderr (the C stream and the Win32 handle) goes to a file, as in a test or a pipe. */
static int saved_stderr = -1;
static HANDLE saved_stderr_handle;

static void capture_stderr(const char *path)
{
    int fd;

    fflush(stderr);
    fd = _open(path, _O_WRONLY | _O_CREAT | _O_TRUNC | _O_BINARY, _S_IREAD | _S_IWRITE);
    assert_true(fd >= 0);
    saved_stderr = _dup(2);
    saved_stderr_handle = GetStdHandle(STD_ERROR_HANDLE);
    assert_int_equal(_dup2(fd, 2), 0);
    _close(fd);
    SetStdHandle(STD_ERROR_HANDLE, (HANDLE)_get_osfhandle(2));
}


static void restore_stderr(void)
{
    fflush(stderr);
    _dup2(saved_stderr, 2);
    _close(saved_stderr);
    SetStdHandle(STD_ERROR_HANDLE, saved_stderr_handle);
}


static size_t read_back(const char *path, char *text, size_t size)
{
    FILE *file = fopen(path, "rb");
    size_t length;

    assert_non_null(file);
    length = fread(text, 1, size - 1, file);
    text[length] = 0;
    fclose(file);
    return length;
}


/* A long scan writes nothing to a stderr that is not a terminal. */
static void test_progress_silent_when_not_a_terminal(void **state)
{
    struct wctdump_progress progress;
    char text[256];

    (void)state;
    capture_stderr("test_wctdump_query.err");
    wctdump_progress_start(&progress, 10);
    assert_false(progress.enabled);
    progress.started_ms -= 5000; /* as if the scan had run for 5 s */
    wctdump_progress_update(&progress, 5);
    wctdump_progress_end(&progress);
    restore_stderr();
    assert_int_equal(read_back("test_wctdump_query.err", text, sizeof(text)), 0);
}


/* On a terminal: nothing in the first second, then the line, rewritten in place, then
 * spaces over it. */
static void test_progress_line_and_erasure(void **state)
{
    struct wctdump_progress progress;
    char text[256];

    (void)state;
    capture_stderr("test_wctdump_query.err");
    wctdump_progress_start(&progress, 1010);
    progress.enabled = TRUE; /* what a terminal gives */
    wctdump_progress_update(&progress, 3);
    progress.started_ms -= 2000;
    wctdump_progress_update(&progress, 412);
    wctdump_progress_end(&progress);
    wctdump_progress_end(&progress); /* erased once */
    restore_stderr();
    read_back("test_wctdump_query.err", text, sizeof(text));
    assert_string_equal(text, "\rscanning: 412/1010 threads"
                              "\r                          \r");
}


int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_parallel_scan_fills_every_chain_as_sequential, reset_double),
        cmocka_unit_test_setup(test_parallel_scan_stops_at_fatal_error, reset_double),
        cmocka_unit_test_setup(test_scan_threads_choice, reset_double),
        cmocka_unit_test_setup(test_progress_silent_when_not_a_terminal, reset_double),
        cmocka_unit_test_setup(test_progress_line_and_erasure, reset_double),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

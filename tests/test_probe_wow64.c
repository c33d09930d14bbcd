/*
 * test_probe_wow64.c - a 64-bit caller asking about the threads of a 32-bit (WoW64) process.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The 64-bit probe never reads a 32-bit thread with its 64-bit logic (src/probe/probe_wow64.c):
 * each such thread is one node, with the system's state where it has one (Windows) and
 * WctStatusUnknown on Wine, no object and no edge, whatever the thread waits on. One
 * helper_wow64.exe (32-bit) serves every case: starting a 32-bit process costs about a
 * minute of CPU where 32-bit code is emulated (docs/probe.md), so it is started once, in the
 * group's setup. Its threads: the main thread owns a mutex that a second thread waits for,
 * and is in a critical-section deadlock with a third (tests/helper_wow64.c).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include <windows.h>
#include <wct.h>

#include "probe.h"
#include "probe_test_util.h"

/* The helper's threads, in the order it prints them. */
enum { MAIN_THREAD, MUTEX_WAITER, SECTION_THREAD, HELPER_THREADS };

static struct
{
    PROCESS_INFORMATION info;
    DWORD tid[HELPER_THREADS];
} helper;

/***********************************************************************
 *      program_path   (internal)
 *
 * "<dir of this program>\name" into path[size].
 */
static int program_path(char *path, size_t size, const char *name)
{
    char self[MAX_PATH];
    DWORD length = GetModuleFileNameA(NULL, self, sizeof(self));
    char *slash;

    if (!length || length >= sizeof(self) || !(slash = strrchr(self, '\\'))) return -1;
    *slash = 0;
    snprintf(path, size, "%s\\%s", self, name);
    return 0;
}

/***********************************************************************
 *      start_process   (internal)
 *
 * Runs command_line with stdout into a pipe; its read end into *out.
 */
static BOOL start_process(char *command_line, PROCESS_INFORMATION *info, HANDLE *out)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    HANDLE write_end;
    BOOL started;

    if (!CreatePipe(out, &write_end, &inherit, 0)) return FALSE;
    SetHandleInformation(*out, HANDLE_FLAG_INHERIT, 0);
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = write_end;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    started = CreateProcessA(NULL, command_line, NULL, NULL, TRUE, 0, NULL, NULL, &startup, info);
    CloseHandle(write_end);
    if (!started) CloseHandle(*out);
    return started;
}

/***********************************************************************
 *      helper_try_start   (internal)
 *
 * Starts helper_wow64.exe and reads its "ready" line: TRUE with helper filled in. FALSE
 * with the helper ended; *died tells whether it had ended by itself before it got ready.
 */
static BOOL helper_try_start(const char *path, BOOL *died)
{
    char line[2 * MAX_PATH];
    unsigned long tid[HELPER_THREADS];
    HANDLE out;
    int i;

    *died = FALSE;
    snprintf(line, sizeof(line), "\"%s\"", path);
    if (!start_process(line, &helper.info, &out)) return FALSE;
    probe_test_read_line(out, line, sizeof(line));
    CloseHandle(out);
    if (sscanf(line, "ready %lu %lu %lu", &tid[0], &tid[1], &tid[2]) == HELPER_THREADS)
    {
        for (i = 0; i < HELPER_THREADS; i++) helper.tid[i] = tid[i];
        return TRUE;
    }
    print_error("helper_wow64.exe did not get ready: \"%s\"\n", line);
    *died = WaitForSingleObject(helper.info.hProcess, 0) == WAIT_OBJECT_0;
    TerminateProcess(helper.info.hProcess, 0);
    WaitForSingleObject(helper.info.hProcess, PROBE_TEST_TIMEOUT);
    CloseHandle(helper.info.hProcess);
    CloseHandle(helper.info.hThread);
    memset(&helper.info, 0, sizeof(helper.info));
    return FALSE;
}

/* Starts of a helper that qemu keeps ending during its start-up, where 32-bit code is emulated. */
#define EMULATED_START_ATTEMPTS 4
/* main's exit status when none of them got ready: CTest reports the test Skipped (wow64.cmake). */
#define EXIT_SKIPPED 77

/* The helper's start, made in main before the group: 0 ready, -1 failed, EXIT_SKIPPED. */
static int helper_started = -1;

/***********************************************************************
 *      helper_start   (internal)
 *
 * Where 32-bit code is emulated (WCT_I386_EMULATED, tools/test.sh), qemu now and then ends a
 * multi-threaded 32-bit Wine process during its start-up ("wine client error: write: Bad file
 * descriptor", docs/32-bit.md; twice in a row in one CI run): a helper that died
 * before it got ready is started again there (four starts in all), and when every
 * attempt died the test is Skipped, not passed: nothing under test has run. A helper that
 * hangs, or dies where 32-bit code is native, fails.
 */
static int helper_start(void)
{
    BOOL emulated = getenv("WCT_I386_EMULATED") != NULL, died;
    char path[MAX_PATH];
    int attempt;

    if (program_path(path, sizeof(path), "helper_wow64.exe")) return -1;
    for (attempt = 1; ; attempt++)
    {
        if (helper_try_start(path, &died)) return 0;
        if (!died || !emulated) return -1;
        if (attempt == EMULATED_START_ATTEMPTS) break;
        print_message("helper_wow64.exe died during its emulated start-up: starting it again\n");
    }
    print_message("helper_wow64.exe: qemu ended all %d starts before it got ready: skipped "
                  "(nothing of wct ran)\n", EMULATED_START_ATTEMPTS);
    return EXIT_SKIPPED;
}

static int helper_ready(void **state)
{
    (void)state;
    return helper_started == 0 ? 0 : -1;
}

static int helper_stop(void **state)
{
    (void)state;
    if (helper.info.hProcess)
    {
        TerminateProcess(helper.info.hProcess, 0);
        WaitForSingleObject(helper.info.hProcess, PROBE_TEST_TIMEOUT);
        CloseHandle(helper.info.hProcess);
        CloseHandle(helper.info.hThread);
    }
    return 0;
}

/***********************************************************************
 *      expected_status   (internal)
 *
 * Wine publishes no thread state, so a thread that is not analysed is Unknown there; Windows
 * gives the state of a waiting thread (Blocked).
 */
static WCT_OBJECT_STATUS expected_status(void)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version")
           ? WctStatusUnknown : WctStatusBlocked;
}

/***********************************************************************
 *      expect_probe_alone   (internal)
 *
 * The probe's answer for one of the helper's threads: that thread, in the helper's process,
 * with the documented status and no wait.
 */
static void expect_probe_alone(DWORD tid)
{
    struct probe_thread thread;
    struct probe_wait wait;
    void *context = NULL;

    assert_int_equal(probe_win_ops.begin_walk(&context), ERROR_SUCCESS);
    assert_int_equal(probe_win_ops.inspect_thread(context, tid,
                                                  PROBE_WANT_WAIT | PROBE_WANT_FOREIGN_CS,
                                                  &thread, &wait),
                     ERROR_SUCCESS);
    probe_win_ops.end_walk(context);
    assert_int_equal(thread.thread_id, tid);
    assert_int_equal(thread.process_id, helper.info.dwProcessId);
    assert_int_equal(thread.status, expected_status());
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.next_thread_id, 0);
}

/***********************************************************************
 *      expect_chain_alone   (internal)
 *
 * GetThreadWaitChain with every flag that lets a walk go far: one thread node, no cycle.
 */
static void expect_chain_alone(DWORD tid)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL cycle = TRUE;
    HWCT session = OpenThreadWaitChainSession(0, NULL);

    assert_non_null(session);
    assert_true(GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG,
                                   tid, &count, nodes, &cycle));
    CloseThreadWaitChainSession(session);
    assert_int_equal(count, 1);
    assert_false(cycle);
    assert_int_equal(nodes[0].ObjectType, WctThreadType);
    assert_int_equal(nodes[0].ObjectStatus, expected_status());
    assert_int_equal(nodes[0].ThreadObject.ThreadId, tid);
    assert_int_equal(nodes[0].ThreadObject.ProcessId, helper.info.dwProcessId);
}

/* A thread in WaitForSingleObject on a mutex its process's main thread owns. */
static void test_probe_wow64_mutex_waiter(void **state)
{
    (void)state;
    expect_probe_alone(helper.tid[MUTEX_WAITER]);
    expect_chain_alone(helper.tid[MUTEX_WAITER]);
}

/* Two threads in a critical-section deadlock (the main thread, which also owns the mutex,
 * and another): neither is followed, so no cycle is claimed. */
static void test_probe_wow64_critsec_deadlock(void **state)
{
    (void)state;
    expect_probe_alone(helper.tid[MAIN_THREAD]);
    expect_probe_alone(helper.tid[SECTION_THREAD]);
    expect_chain_alone(helper.tid[MAIN_THREAD]);
    expect_chain_alone(helper.tid[SECTION_THREAD]);
}

/***********************************************************************
 *      read_all   (internal)
 *
 * Everything a process writes to pipe until it exits, into text[size], terminated.
 */
static void read_all(HANDLE pipe, char *text, size_t size)
{
    size_t used = 0;
    DWORD got;

    while (used + 1 < size && ReadFile(pipe, text + used, (DWORD)(size - 1 - used), &got, NULL)
           && got)
        used += got;
    text[used] = 0;
}

/* wctdump.exe (64-bit) -p <helper>: every thread of the helper, each "pid:tid <status>". */
static void test_probe_wow64_wctdump(void **state)
{
    static char text[64 * 1024];
    char path[MAX_PATH], line[2 * MAX_PATH], expected[64];
    PROCESS_INFORMATION dump;
    const char *status = expected_status() == WctStatusUnknown ? "Unknown" : "Blocked";
    HANDLE out;
    int i;

    (void)state;
    assert_int_equal(program_path(path, sizeof(path), "wctdump.exe"), 0);
    snprintf(line, sizeof(line), "\"%s\" -p %lu", path, (unsigned long)helper.info.dwProcessId);
    assert_true(start_process(line, &dump, &out));
    read_all(out, text, sizeof(text));
    CloseHandle(out);
    assert_int_equal(WaitForSingleObject(dump.hProcess, PROBE_TEST_TIMEOUT * 6), WAIT_OBJECT_0);
    CloseHandle(dump.hProcess);
    CloseHandle(dump.hThread);
    for (i = 0; i < HELPER_THREADS; i++)
    {
        snprintf(expected, sizeof(expected), "%lu:%lu %s",
                 (unsigned long)helper.info.dwProcessId, (unsigned long)helper.tid[i], status);
        if (!strstr(text, expected)) print_error("not found: %s in:\n%s\n", expected, text);
        assert_non_null(strstr(text, expected));
    }
    /* No object node at all: nothing follows a thread of the helper. */
    assert_null(strstr(text, "`- "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_wow64_mutex_waiter),
        cmocka_unit_test(test_probe_wow64_critsec_deadlock),
        cmocka_unit_test(test_probe_wow64_wctdump),
    };

    helper_started = helper_start();
    if (helper_started == EXIT_SKIPPED) return EXIT_SKIPPED;
    return cmocka_run_group_tests(tests, helper_ready, helper_stop);
}

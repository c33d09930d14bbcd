/*
 * probe_test_util.c - real target threads for the probe's tests, and bounded waits on them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "probe_test_util.h"

#include <stdio.h>
#include <string.h>

HANDLE probe_test_start(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, thread_id);

    assert_non_null(thread);
    return thread;
}

void probe_test_join(HANDLE thread)
{
    assert_int_equal(WaitForSingleObject(thread, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(thread);
}

DWORD probe_test_inspect_until(DWORD thread_id, DWORD want, WCT_OBJECT_STATUS status,
                               WCT_OBJECT_TYPE object_type, struct probe_thread *thread,
                               struct probe_wait *wait)
{
    DWORD start = GetTickCount(), error;

    for (;;)
    {
        error = probe_win_ops.inspect_thread(NULL, thread_id, want, thread, wait);
        if (error == ERROR_SUCCESS && thread->status == status
            && (!object_type || wait->object_type == object_type))
            return error;
        if (GetTickCount() - start > PROBE_TEST_TIMEOUT) return error;
        Sleep(10);
    }
}

void CALLBACK probe_test_wake(ULONG_PTR param)
{
    (void)param;
}

void probe_test_wake_join(HANDLE thread)
{
    DWORD start = GetTickCount();

    do QueueUserAPC(probe_test_wake, thread, 0);
    while (WaitForSingleObject(thread, 50) == WAIT_TIMEOUT
           && GetTickCount() - start < PROBE_TEST_TIMEOUT);
    probe_test_join(thread);
}

/***********************************************************************
 *      child_command_line   (internal)
 *
 * "<dir of this program>\helper_child.exe" mode release [arg]
 */
static void child_command_line(char *line, size_t size, const char *mode, const char *release,
                               const char *arg)
{
    char path[MAX_PATH];
    DWORD length = GetModuleFileNameA(NULL, path, sizeof(path));
    char *slash;

    assert_true(length > 0 && length < sizeof(path));
    slash = strrchr(path, '\\');
    assert_non_null(slash);
    *slash = 0;
    snprintf(line, size, "\"%s\\helper_child.exe\" %s %s %s", path, mode, release,
             arg ? arg : "");
}

void probe_test_read_line(HANDLE pipe, char *line, size_t size)
{
    size_t used = 0;
    DWORD got;

    while (used + 1 < size && ReadFile(pipe, line + used, 1, &got, NULL) && got)
        if (line[used++] == '\n') break;
    line[used] = 0;
}

void probe_test_child_start(struct probe_child *child, const char *mode, const char *arg)
{
    static LONG counter;
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    char release[64], line[MAX_PATH + 128], ready[64];
    HANDLE read_end, write_end;
    unsigned long tid0 = 0, tid1 = 0;

    memset(child, 0, sizeof(*child));
    snprintf(release, sizeof(release), "wct-probe-release-%lu-%ld",
             (unsigned long)GetCurrentProcessId(), InterlockedIncrement(&counter));
    child->release = CreateEventA(NULL, TRUE, FALSE, release);
    assert_non_null(child->release);
    assert_true(CreatePipe(&read_end, &write_end, &inherit, 0));
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = write_end;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    child_command_line(line, sizeof(line), mode, release, arg);
    assert_true(CreateProcessA(NULL, line, NULL, NULL, TRUE, 0, NULL, NULL, &startup,
                               &child->info));
    CloseHandle(write_end);

    probe_test_read_line(read_end, line, sizeof(line));
    CloseHandle(read_end);
    assert_int_equal(sscanf(line, "%63s %lu %lu", ready, &tid0, &tid1), 3);
    assert_string_equal(ready, "ready");
    child->tid[0] = tid0;
    child->tid[1] = tid1;
}

void probe_test_child_stop(struct probe_child *child)
{
    SetEvent(child->release);
    assert_int_equal(WaitForSingleObject(child->info.hProcess, PROBE_TEST_TIMEOUT * 2),
                     WAIT_OBJECT_0);
    CloseHandle(child->info.hProcess);
    CloseHandle(child->info.hThread);
    CloseHandle(child->release);
}

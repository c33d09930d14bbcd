/*
 * probe_test_util.c - real target threads for the probe's tests, and bounded waits on them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "probe_test_util.h"

#include <wchar.h>

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

void probe_test_child_path(WCHAR *path, DWORD size)
{
    DWORD length = GetModuleFileNameW(NULL, path, size);
    WCHAR *slash;

    assert_true(length > 0 && length < size);
    slash = wcsrchr(path, L'\\');
    assert_non_null(slash);
    assert_true((size_t)(slash + 1 - path) + wcslen(L"helper_child.exe") < size);
    wcscpy(slash + 1, L"helper_child.exe");
}

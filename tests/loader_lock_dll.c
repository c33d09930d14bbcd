/*
 * loader_lock_dll.c - the DLL of the loader-lock tests (test_loader_lock.c): a DllMain that
 * blocks holding the loader lock, one that closes a WCT session at process exit, and a count
 * of thread attaches.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * - DLL_PROCESS_ATTACH: when LL_DLLMAIN_HOLD_VARIABLE is set ("locked release", two event
 *   handles of the loading process in hex), sets `locked` and waits for `release`: the
 *   thread in LoadLibrary holds the loader lock meanwhile, a thread stuck in DllMain.
 * - DLL_THREAD_ATTACH: counted. A thread is attached after it got the loader lock, before it
 *   runs its start routine, so the count tells a test that a new thread got past the loader.
 * - DLL_PROCESS_DETACH at process exit (reserved != NULL): closes the session given to
 *   loader_lock_dll_close_at_exit(), as a DLL that cleans up in DllMain does, then sets the
 *   event given with it, so the test knows that Close was called there and returned.
 */

#include <stdlib.h>

#include <windows.h>
#include <wct.h>

#include "loader_lock_util.h"

static volatile LONG thread_attaches;
static HWCT session_to_close;
static HANDLE closed_event;

__declspec(dllexport) LONG WINAPI loader_lock_dll_thread_attaches(void)
{
    return InterlockedCompareExchange(&thread_attaches, 0, 0);
}

__declspec(dllexport) void WINAPI loader_lock_dll_close_at_exit(HWCT session, HANDLE closed)
{
    session_to_close = session;
    closed_event = closed;
}

static void close_at_exit(void)
{
    if (!session_to_close) return;
    CloseThreadWaitChainSession(session_to_close);
    SetEvent(closed_event);
}

static void block_when_asked(void)
{
    char value[64], *end;
    DWORD length = GetEnvironmentVariableA(LL_DLLMAIN_HOLD_VARIABLE, value, sizeof(value));
    HANDLE locked, release;

    if (!length || length >= sizeof(value)) return;
    locked = (HANDLE)(ULONG_PTR)strtoull(value, &end, 16);
    release = (HANDLE)(ULONG_PTR)strtoull(end, NULL, 16);
    SetEvent(locked);
    WaitForSingleObject(release, 60000); /* bounded; the tests release it long before */
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    (void)instance;
    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        block_when_asked();
        break;
    case DLL_THREAD_ATTACH:
        InterlockedIncrement(&thread_attaches);
        break;
    case DLL_PROCESS_DETACH:
        if (reserved) close_at_exit();
        break;
    }
    return TRUE;
}

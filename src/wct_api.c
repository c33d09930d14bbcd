/*
 * wct_api.c - the four Wait Chain Traversal exports of wct.dll.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each export traces its arguments, delegates to session_ops.c / com_callbacks.c (which
 * return Win32 error codes) and converts the result once. These are the only functions
 * of wct that set the last error: they set it exactly when they fail, and leave the
 * caller's value untouched when they succeed (even though the work underneath, and the
 * cancelled callbacks Close runs, may have changed it).
 *
 * Where the system's WCT works it serves the process instead (system_wct.c): each export
 * then passes the caller's arguments to the system's function and returns its result, with
 * the last error it left; its callbacks reach the caller directly.
 */

#include "com_callbacks.h"
#include "session_ops.h"
#include "system_wct.h"

/* Ends a call: success restores the caller's last error, failure sets error. */
static BOOL finish_call(DWORD error, DWORD callers_last_error)
{
    if (error == ERROR_SUCCESS) SetLastError(callers_last_error);
    return wct_set_error(error);
}

/***********************************************************************
 *           OpenThreadWaitChainSession   (wct.@)
 *
 * Creates a wait chain traversal session.
 *
 * PARAMS
 *  Flags    [I] 0 for a synchronous session, WCT_ASYNC_OPEN_FLAG for an asynchronous one.
 *  callback [I] Asynchronous sessions: receives each result (required). Ignored otherwise.
 *
 * RETURNS
 *  Success: the session's handle.
 *  Failure: NULL; GetLastError() is ERROR_INVALID_PARAMETER (unknown flag, asynchronous
 *           without callback) or ERROR_NOT_ENOUGH_MEMORY; ERROR_NOT_SUPPORTED when
 *           WCT_IMPLEMENTATION=system and the system has no working WCT.
 */
HWCT WINAPI OpenThreadWaitChainSession(DWORD Flags, PWAITCHAINCALLBACK callback)
{
    DWORD last_error = GetLastError();
    const struct system_wct *system;
    HWCT handle = NULL;

    WCT_TRACE("(%#lx, %p)\n", (unsigned long)Flags, (void *)callback);
    switch (system_wct_choose(&system))
    {
    case WCT_IMPL_SYSTEM:
        SetLastError(last_error);
        return system->open(Flags, callback);
    case WCT_IMPL_UNAVAILABLE:
        SetLastError(ERROR_NOT_SUPPORTED);
        return NULL;
    case WCT_IMPL_BUILTIN:
        break;
    }
    if (!finish_call(session_open(Flags, callback, &probe_win_ops, &handle), last_error))
        return NULL;
    return handle;
}

/***********************************************************************
 *           CloseThreadWaitChainSession   (wct.@)
 *
 * Closes a session. Requests that have not started get their callback with
 * ERROR_CANCELLED, on this thread, before this returns; a running request finishes first.
 *
 * PARAMS
 *  WctHandle [I] The session. Anything else (NULL, junk, already closed) is ignored.
 *
 * RETURNS
 *  Nothing. When it returns, every callback of the session has returned and none will
 *  run again, except the caller's own when called from inside one of them.
 */
VOID WINAPI CloseThreadWaitChainSession(HWCT WctHandle)
{
    DWORD last_error = GetLastError();
    const struct system_wct *system;

    WCT_TRACE("(%p)\n", WctHandle);
    switch (system_wct_choose(&system))
    {
    case WCT_IMPL_SYSTEM:
        SetLastError(last_error);
        system->close(WctHandle);
        return;
    case WCT_IMPL_UNAVAILABLE: /* no session was ever opened */
        break;
    case WCT_IMPL_BUILTIN:
        session_close(WctHandle);
        break;
    }
    SetLastError(last_error);
}

/***********************************************************************
 *           GetThreadWaitChain   (wct.@)
 *
 * Retrieves the wait chain of a thread.
 *
 * PARAMS
 *  WctHandle     [I]   The session.
 *  Context       [I]   Asynchronous sessions: passed to the callback.
 *  Flags         [I]   WCT_OUT_OF_PROC_FLAG, WCT_OUT_OF_PROC_COM_FLAG,
 *                      WCT_OUT_OF_PROC_CS_FLAG, WCT_NETWORK_IO_FLAG, or 0.
 *  ThreadId      [I]   The thread the chain starts at.
 *  NodeCount     [I/O] In: the capacity of NodeInfoArray (1..WCT_MAX_NODE_COUNT).
 *                      Out: the number of nodes (ERROR_MORE_DATA: the number needed).
 *  NodeInfoArray [O]   The chain, the thread first.
 *  IsCycle       [O]   TRUE when the chain is a deadlock.
 *
 * RETURNS
 *  Success: TRUE (synchronous sessions).
 *  Failure: FALSE; GetLastError() is ERROR_IO_PENDING when an asynchronous request was
 *           queued, otherwise the error (see <wct.h>). The handle is checked first
 *           (ERROR_INVALID_HANDLE), then the arguments (ERROR_INVALID_PARAMETER, ERROR_NOACCESS).
 */
BOOL WINAPI GetThreadWaitChain(HWCT WctHandle, DWORD_PTR Context, DWORD Flags, DWORD ThreadId,
                               LPDWORD NodeCount, PWAITCHAIN_NODE_INFO NodeInfoArray,
                               LPBOOL IsCycle)
{
    DWORD last_error = GetLastError();
    const struct system_wct *system;

    WCT_TRACE("(%p, %p, %#lx, %#lx, %p, %p, %p)\n", WctHandle, (void *)Context,
              (unsigned long)Flags, (unsigned long)ThreadId, (void *)NodeCount,
              (void *)NodeInfoArray, (void *)IsCycle);
    switch (system_wct_choose(&system))
    {
    case WCT_IMPL_SYSTEM:
        SetLastError(last_error);
        return system->get_chain(WctHandle, Context, Flags, ThreadId, NodeCount, NodeInfoArray,
                                 IsCycle);
    case WCT_IMPL_UNAVAILABLE:
        return wct_set_error(ERROR_NOT_SUPPORTED);
    case WCT_IMPL_BUILTIN:
        break;
    }
    return finish_call(session_get_chain(WctHandle, Context, Flags, ThreadId, NodeCount,
                                         NodeInfoArray, IsCycle), last_error);
}

/***********************************************************************
 *           RegisterWaitChainCOMCallback   (wct.@)
 *
 * Gives WCT ole32's CoGetCallState and CoGetActivationState, for COM analysis.
 *
 * PARAMS
 *  CallStateCallback       [I] CoGetCallState.
 *  ActivationStateCallback [I] CoGetActivationState.
 *
 * RETURNS
 *  Nothing. The last registration wins; it may happen on any thread at any time. wct keeps
 *  the pair, and where the system's WCT serves the process it gets the call too.
 */
VOID WINAPI RegisterWaitChainCOMCallback(PCOGETCALLSTATE CallStateCallback,
                                         PCOGETACTIVATIONSTATE ActivationStateCallback)
{
    DWORD last_error = GetLastError();
    const struct system_wct *system;

    WCT_TRACE("(%p, %p)\n", (void *)CallStateCallback, (void *)ActivationStateCallback);
    com_callbacks_set(CallStateCallback, ActivationStateCallback);
    SetLastError(last_error);
    if (system_wct_choose(&system) == WCT_IMPL_SYSTEM)
        system->register_com(CallStateCallback, ActivationStateCallback);
}

/***********************************************************************
 *           WctGetImplementation   (wct.@)
 *
 * wct's own export, not Advapi32's: which WCT serves this process. Makes the choice if no
 * WCT call has yet (docs/using.md, "Windows: the system's WCT or wct's own"). Look it up with
 * GetProcAddress: a program that links it would not load with the system's advapi32.dll.
 *
 * RETURNS
 *  "system" (the system's WCT), "builtin" (wct's own) or "none" (WCT_IMPLEMENTATION=system
 *  without a working system WCT: sessions fail with ERROR_NOT_SUPPORTED). A static string.
 */
const char * WINAPI WctGetImplementation(void)
{
    const struct system_wct *system;

    return system_wct_name(system_wct_choose(&system));
}

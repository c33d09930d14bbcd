/*
 * system_double.c - wct_system_double.dll: plays a working system WCT for
 * test_implementation (see system_double.h for what it answers and records).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "system_double.h"

#define MAX_CALLS 256
#define MAX_SESSIONS 32
#define MAX_REQUESTS 8

struct double_session
{
    BOOL open;
    DWORD flags;
    PWAITCHAINCALLBACK callback;
    HANDLE requests[MAX_REQUESTS]; /* threads of its asynchronous requests */
    int request_count;
};

struct double_request
{
    struct double_call call; /* the GetThreadWaitChain call it answers */
    struct double_session *session;
};

/* locked via lock */
static struct double_call calls[MAX_CALLS];
static LONG call_count;
static struct double_session sessions[MAX_SESSIONS];
static SRWLOCK lock = SRWLOCK_INIT;

static void record(const struct double_call *call)
{
    AcquireSRWLockExclusive(&lock);
    if (call_count < MAX_CALLS) calls[call_count++] = *call;
    ReleaseSRWLockExclusive(&lock);
}

static HWCT handle_of(int index)
{
    return (HWCT)(ULONG_PTR)(DOUBLE_HANDLE_BASE + 4 * index);
}

/* The session of handle, or NULL; under lock. */
static struct double_session *session_of(HWCT handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;

    if (value < DOUBLE_HANDLE_BASE || (value - DOUBLE_HANDLE_BASE) % 4
        || (value - DOUBLE_HANDLE_BASE) / 4 >= MAX_SESSIONS)
        return NULL;
    return sessions[(value - DOUBLE_HANDLE_BASE) / 4].open
        ? &sessions[(value - DOUBLE_HANDLE_BASE) / 4] : NULL;
}

/* Its chain: the thread, then the mutex. */
static DWORD fill_chain(DWORD tid, DWORD *node_count, WAITCHAIN_NODE_INFO *nodes, BOOL *is_cycle)
{
    if (tid == DOUBLE_FAIL_TID) return DOUBLE_ERROR;
    if (*node_count < 2)
    {
        *node_count = 2;
        return ERROR_MORE_DATA;
    }
    memset(nodes, 0, 2 * sizeof(*nodes));
    nodes[0].ObjectType = WctThreadType;
    nodes[0].ObjectStatus = WctStatusBlocked;
    nodes[0].ThreadObject.ProcessId = DOUBLE_PID;
    nodes[0].ThreadObject.ThreadId = tid;
    nodes[0].ThreadObject.WaitTime = DOUBLE_WAIT_TIME;
    nodes[0].ThreadObject.ContextSwitches = DOUBLE_SWITCHES;
    nodes[1].ObjectType = WctMutexType;
    nodes[1].ObjectStatus = WctStatusOwned;
    lstrcpyW(nodes[1].LockObject.ObjectName, DOUBLE_MUTEX_NAME);
    *node_count = 2;
    *is_cycle = FALSE;
    return ERROR_SUCCESS;
}

static DWORD WINAPI request_thread(void *arg)
{
    struct double_request *request = arg;
    struct double_call *call = &request->call;
    struct double_call done = *call;

    Sleep(DOUBLE_ASYNC_DELAY_MS);
    done.function = DOUBLE_CALLBACK;
    done.thread_id = GetCurrentThreadId();
    done.status = fill_chain(call->target_tid, call->node_count, call->nodes, call->is_cycle);
    request->session->callback(call->handle, call->context, done.status, call->node_count,
                               call->nodes, call->is_cycle);
    record(&done);
    HeapFree(GetProcessHeap(), 0, request);
    return 0;
}

__declspec(dllexport) HWCT WINAPI OpenThreadWaitChainSession(DWORD Flags,
                                                             PWAITCHAINCALLBACK callback)
{
    struct double_call call = { DOUBLE_OPEN, GetCurrentThreadId(), NULL, Flags, callback,
                                0, 0, NULL, NULL, NULL, NULL, NULL, 0 };
    DWORD error = ERROR_SUCCESS;
    int i;

    if (GetEnvironmentVariableA(DOUBLE_BROKEN_VARIABLE, NULL, 0)) error = ERROR_NOT_SUPPORTED;
    else if (Flags & ~WCT_ASYNC_OPEN_FLAG) error = DOUBLE_ERROR;
    else if ((Flags & WCT_ASYNC_OPEN_FLAG) && !callback) error = ERROR_INVALID_PARAMETER;
    AcquireSRWLockExclusive(&lock);
    for (i = 0; !error && i < MAX_SESSIONS; i++)
    {
        if (sessions[i].open) continue;
        memset(&sessions[i], 0, sizeof(sessions[i]));
        sessions[i].open = TRUE;
        sessions[i].flags = Flags;
        sessions[i].callback = callback;
        call.handle = handle_of(i);
        break;
    }
    ReleaseSRWLockExclusive(&lock);
    if (!error && !call.handle) error = ERROR_NOT_ENOUGH_MEMORY;
    record(&call);
    SetLastError(error ? error : DOUBLE_SUCCESS_ERROR);
    return call.handle;
}

__declspec(dllexport) VOID WINAPI CloseThreadWaitChainSession(HWCT WctHandle)
{
    struct double_call call = { DOUBLE_CLOSE, GetCurrentThreadId(), WctHandle, 0, NULL,
                                0, 0, NULL, NULL, NULL, NULL, NULL, 0 };
    struct double_session *session;
    int i;

    AcquireSRWLockExclusive(&lock);
    session = session_of(WctHandle);
    if (session) session->open = FALSE; /* no new request; the slot stays until drained */
    ReleaseSRWLockExclusive(&lock);
    if (session)
    {
        for (i = 0; i < session->request_count; i++)
        {
            WaitForSingleObject(session->requests[i], INFINITE);
            CloseHandle(session->requests[i]);
        }
        session->request_count = 0;
    }
    record(&call);
    SetLastError(DOUBLE_SUCCESS_ERROR);
}

__declspec(dllexport) BOOL WINAPI GetThreadWaitChain(HWCT WctHandle, DWORD_PTR Context,
                                                     DWORD Flags, DWORD ThreadId,
                                                     LPDWORD NodeCount,
                                                     PWAITCHAIN_NODE_INFO NodeInfoArray,
                                                     LPBOOL IsCycle)
{
    struct double_call call = { DOUBLE_GET, GetCurrentThreadId(), WctHandle, Flags, NULL,
                                Context, ThreadId, NodeCount, NodeInfoArray, IsCycle,
                                NULL, NULL, 0 };
    struct double_session *session;
    struct double_request *request;
    DWORD error;

    record(&call);
    AcquireSRWLockExclusive(&lock);
    session = session_of(WctHandle);
    ReleaseSRWLockExclusive(&lock);
    if (!session) error = ERROR_INVALID_HANDLE;
    else if (!NodeCount || !NodeInfoArray || !IsCycle) error = ERROR_INVALID_PARAMETER;
    else if (!(session->flags & WCT_ASYNC_OPEN_FLAG))
        error = fill_chain(ThreadId, NodeCount, NodeInfoArray, IsCycle);
    else if (session->request_count == MAX_REQUESTS
             || !(request = HeapAlloc(GetProcessHeap(), 0, sizeof(*request))))
        error = ERROR_NOT_ENOUGH_MEMORY;
    else
    {
        request->call = call;
        request->session = session;
        session->requests[session->request_count++] =
            CreateThread(NULL, 0, request_thread, request, 0, NULL);
        error = ERROR_IO_PENDING;
    }
    SetLastError(error ? error : DOUBLE_SUCCESS_ERROR);
    return !error;
}

__declspec(dllexport) VOID WINAPI RegisterWaitChainCOMCallback(
    PCOGETCALLSTATE CallStateCallback, PCOGETACTIVATIONSTATE ActivationStateCallback)
{
    struct double_call call = { DOUBLE_REGISTER, GetCurrentThreadId(), NULL, 0, NULL,
                                0, 0, NULL, NULL, NULL, CallStateCallback,
                                ActivationStateCallback, 0 };

    record(&call);
    SetLastError(DOUBLE_SUCCESS_ERROR);
}

__declspec(dllexport) LONG WINAPI double_call_count(void)
{
    LONG count;

    AcquireSRWLockShared(&lock);
    count = call_count;
    ReleaseSRWLockShared(&lock);
    return count;
}

__declspec(dllexport) BOOL WINAPI double_get_call(LONG index, struct double_call *call)
{
    BOOL found;

    AcquireSRWLockShared(&lock);
    if ((found = index >= 0 && index < call_count)) *call = calls[index];
    ReleaseSRWLockShared(&lock);
    return found;
}

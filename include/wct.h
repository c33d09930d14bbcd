/*
 * wct.h - Wait Chain Traversal (WCT) public interface of wct.dll.
 *
 * Copyright (C) 2026 the wct authors
 *
 * This library is free software; you can redistribute it and/or modify it under the terms
 * of the GNU Lesser General Public License as published by the Free Software Foundation;
 * either version 2.1 of the License, or (at your option) any later version.
 *
 * A drop-in, complete replacement for the SDK's <wct.h>. Put this folder ahead of the
 * toolchain's headers (-I) and `#include <wct.h>` as usual, after <windows.h>.
 *
 * - Included first, it declares everything and claims the include guards of the mingw-w64
 *   and Wine versions, so a later #include of either one does nothing.
 * - Included after one of them, it adds only what that one lacks (the constants and flags
 *   below). With mingw-w64's header already in, PCOGETCALLSTATE and PCOGETACTIVATIONSTATE
 *   keep mingw-w64's unprototyped definitions, because a typedef cannot be redefined.
 *
 * Link with wct.dll's import library (-lwct, or wct.lib) in place of Advapi32's.
 */

#ifndef WCT_PUBLIC_WCT_H
#define WCT_PUBLIC_WCT_H

#include <windows.h>

/* Largest number of nodes a wait chain can have; also the largest *NodeCount accepted. */
#ifndef WCT_MAX_NODE_COUNT
#define WCT_MAX_NODE_COUNT 16
#endif

/* Characters in WAITCHAIN_NODE_INFO.LockObject.ObjectName, terminating zero included. */
#ifndef WCT_OBJNAME_LENGTH
#define WCT_OBJNAME_LENGTH 128
#endif

/* GetThreadWaitChain's error for a chain longer than WCT_MAX_NODE_COUNT nodes (winerror.h's
 * value; mingw-w64 10's winerror.h lacks it). */
#ifndef ERROR_TOO_MANY_THREADS
#define ERROR_TOO_MANY_THREADS 565L
#endif

/* OpenThreadWaitChainSession Flags: the session is asynchronous (a callback is required). */
#ifndef WCT_ASYNC_OPEN_FLAG
#define WCT_ASYNC_OPEN_FLAG 0x1
#endif

/* GetThreadWaitChain Flags. */
#ifndef WCT_OUT_OF_PROC_FLAG
/* Follow the chain into other processes; without it the chain stops at the first thread of
 * another process (that thread's node is reported). */
#define WCT_OUT_OF_PROC_FLAG 0x1
#endif
#ifndef WCT_OUT_OF_PROC_COM_FLAG
/* Look through the threads of an out-of-process MTA COM server for the right thread. */
#define WCT_OUT_OF_PROC_COM_FLAG 0x2
#endif
#ifndef WCT_OUT_OF_PROC_CS_FLAG
/* Read critical-section ownership from other processes. */
#define WCT_OUT_OF_PROC_CS_FLAG 0x4
#endif
#ifndef WCT_NETWORK_IO_FLAG
/* Report network I/O (sockets, SMB) waits. */
#define WCT_NETWORK_IO_FLAG 0x8
#endif

/* Every OpenThreadWaitChainSession flag, and the GetThreadWaitChain flags that programs pass
 * to ask for everything (the SDK's names; WCT_NETWORK_IO_FLAG is not among them there
 * either). */
#ifndef WCTP_OPEN_ALL_FLAGS
#define WCTP_OPEN_ALL_FLAGS (WCT_ASYNC_OPEN_FLAG)
#endif
#ifndef WCTP_GETINFO_ALL_FLAGS
#define WCTP_GETINFO_ALL_FLAGS (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG)
#endif

#if !defined(_INC_WCT) && !defined(__WINE_WCT_H)

/* Claim the toolchains' include guards: this header replaces their <wct.h>. */
#define _INC_WCT
#define __WINE_WCT_H

#ifdef __cplusplus
extern "C" {
#endif

/* What a node of a wait chain stands for. */
typedef enum _WCT_OBJECT_TYPE
{
    WctCriticalSectionType = 1, /* a critical section */
    WctSendMessageType,         /* a SendMessage call to another thread's window */
    WctMutexType,               /* a mutex (mutant) */
    WctAlpcType,                /* an ALPC (local RPC) call */
    WctComType,                 /* a COM call */
    WctThreadWaitType,          /* a wait on a thread handle */
    WctProcessWaitType,         /* a wait on a process handle */
    WctThreadType,              /* a thread */
    WctComActivationType,       /* a COM activation */
    WctUnknownType,             /* any other object: event, semaphore, timer, ... */
    WctSocketIoType,            /* socket I/O (with WCT_NETWORK_IO_FLAG) */
    WctSmbIoType,               /* SMB I/O (with WCT_NETWORK_IO_FLAG) */
    WctMaxType
} WCT_OBJECT_TYPE;

/* The state of a node's object or thread. */
typedef enum _WCT_OBJECT_STATUS
{
    WctStatusNoAccess = 1,      /* the object or thread could not be opened */
    WctStatusRunning,           /* thread: not waiting */
    WctStatusBlocked,           /* thread: waiting */
    WctStatusPidOnly,           /* only the process id is known */
    WctStatusPidOnlyRpcss,      /* only the process id is known, and it is RpcSs */
    WctStatusOwned,             /* lock: has an owner */
    WctStatusNotOwned,          /* lock: free */
    WctStatusAbandoned,         /* mutex: its owner exited without releasing it */
    WctStatusUnknown,           /* the state could not be determined */
    WctStatusError,             /* an error occurred while looking */
    WctStatusMax
} WCT_OBJECT_STATUS;

/*
 * One node of a wait chain. Thread nodes (WctThreadType) use ThreadObject; every other
 * type uses LockObject. Layout: 8 bytes of type and status, then the union at offset 8;
 * sizeof is 280 on both x86_64 and i686 (LARGE_INTEGER keeps the union 8-aligned).
 */
typedef struct _WAITCHAIN_NODE_INFO
{
    WCT_OBJECT_TYPE ObjectType;
    WCT_OBJECT_STATUS ObjectStatus;
    union
    {
        struct
        {
            WCHAR ObjectName[WCT_OBJNAME_LENGTH]; /* empty when the object has no name */
            LARGE_INTEGER Timeout;                /* reserved */
            BOOL Alertable;                       /* reserved */
        } LockObject;
        struct
        {
            DWORD ProcessId;
            DWORD ThreadId;        /* may be 0 for COM and ALPC nodes */
            DWORD WaitTime;        /* 0 where the OS does not tell (see README) */
            DWORD ContextSwitches; /* 0 where the OS does not tell (see README) */
        } ThreadObject;
    } DUMMYUNIONNAME;
} WAITCHAIN_NODE_INFO, *PWAITCHAIN_NODE_INFO;

/* A WCT session. Opaque: any value may be passed in, invalid ones fail cleanly. */
typedef LPVOID HWCT;

/*
 * Receives the result of one GetThreadWaitChain call on an asynchronous session, on a
 * thread of wct's pool. CallbackStatus is ERROR_SUCCESS, the error the synchronous call
 * would have set, or ERROR_CANCELLED when the session was closed before the request ran.
 * NodeCount, NodeInfoArray and IsCycle are the caller's own pointers, already filled.
 */
typedef VOID (CALLBACK *PWAITCHAINCALLBACK)(HWCT WctHandle, DWORD_PTR Context,
                                            DWORD CallbackStatus, LPDWORD NodeCount,
                                            PWAITCHAIN_NODE_INFO NodeInfoArray,
                                            LPBOOL IsCycle);

/* The prototypes of ole32's CoGetCallState and CoGetActivationState. */
typedef HRESULT (WINAPI *PCOGETCALLSTATE)(int, PULONG);
typedef HRESULT (WINAPI *PCOGETACTIVATIONSTATE)(GUID, DWORD, DWORD *);

/*
 * OpenThreadWaitChainSession: creates a session.
 *   Flags     0 (synchronous) or WCT_ASYNC_OPEN_FLAG (asynchronous).
 *   callback  required for an asynchronous session, ignored otherwise.
 * Returns the session, or NULL with GetLastError() = ERROR_INVALID_PARAMETER (bad flags,
 * asynchronous without callback) or ERROR_NOT_ENOUGH_MEMORY.
 */
HWCT WINAPI OpenThreadWaitChainSession(DWORD Flags, PWAITCHAINCALLBACK callback);

/*
 * CloseThreadWaitChainSession: closes a session. Requests that have not started get their
 * callback with ERROR_CANCELLED, running ones finish; returns once every callback of the
 * session has returned. Called from one of the session's own callbacks it does not wait for
 * that callback. Closing an invalid handle does nothing.
 */
VOID WINAPI CloseThreadWaitChainSession(HWCT WctHandle);

/*
 * GetThreadWaitChain: retrieves what ThreadId waits for.
 *   Context        passed to the callback of an asynchronous session.
 *   Flags          0 or WCT_OUT_OF_PROC_FLAG, WCT_OUT_OF_PROC_COM_FLAG,
 *                  WCT_OUT_OF_PROC_CS_FLAG, WCT_NETWORK_IO_FLAG.
 *   NodeCount      in: capacity of NodeInfoArray, 1..WCT_MAX_NODE_COUNT; out: nodes.
 *   NodeInfoArray  receives the chain, the root thread first.
 *   IsCycle        receives TRUE when the chain is a deadlock (its last node repeats a thread).
 * Returns TRUE on success. Otherwise FALSE and GetLastError():
 *   ERROR_IO_PENDING         asynchronous session: the result comes through the callback;
 *   ERROR_INVALID_HANDLE     WctHandle is not an open session;
 *   ERROR_INVALID_PARAMETER  a NULL pointer, *NodeCount out of range, an unknown flag;
 *   ERROR_NOACCESS           NodeCount, NodeInfoArray (its *NodeCount entries) or IsCycle is
 *                            not writable memory (checked when the call is made);
 *   ERROR_MORE_DATA          the chain is longer than the array: *NodeCount says how long,
 *                            the array holds its first nodes;
 *   ERROR_TOO_MANY_THREADS   the chain is longer than WCT_MAX_NODE_COUNT: the array holds
 *                            its first WCT_MAX_NODE_COUNT nodes;
 *   ERROR_OBJECT_NOT_FOUND   no such thread;
 *   ERROR_ACCESS_DENIED      the thread cannot be opened.
 */
BOOL WINAPI GetThreadWaitChain(HWCT WctHandle, DWORD_PTR Context, DWORD Flags, DWORD ThreadId,
                               LPDWORD NodeCount, PWAITCHAIN_NODE_INFO NodeInfoArray,
                               LPBOOL IsCycle);

/*
 * RegisterWaitChainCOMCallback: gives WCT ole32's CoGetCallState and CoGetActivationState,
 * to look into COM calls. The last registration wins.
 */
VOID WINAPI RegisterWaitChainCOMCallback(PCOGETCALLSTATE CallStateCallback,
                                         PCOGETACTIVATIONSTATE ActivationStateCallback);

#ifdef __cplusplus
}
#endif

#elif defined(_INC_WCT) && !defined(__WINE_WCT_H)

/* mingw-w64's <wct.h> came first: add the object types it lacks. */
#ifndef WctSocketIoType
#define WctSocketIoType ((WCT_OBJECT_TYPE)11)
#define WctSmbIoType ((WCT_OBJECT_TYPE)12)
#define WctMaxType ((WCT_OBJECT_TYPE)13)
#define WctStatusMax ((WCT_OBJECT_STATUS)11)
#endif

#endif /* toolchain <wct.h> */

#endif /* WCT_PUBLIC_WCT_H */

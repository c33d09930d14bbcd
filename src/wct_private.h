/*
 * wct_private.h - declarations shared by wct's own source files (not installed).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout of src/:
 *   wct_api.c          the four exports: validate, then delegate (only they call SetLastError)
 *   session_ops.c      open / close / get-chain on a session, sync and async requests
 *   session_table.c    HWCT <-> struct wct_session, a locked table with generations
 *   worker_pool.c      the threads that run asynchronous requests
 *   chain_walker.c     builds a chain from probe findings (OS-independent, no Win32 calls)
 *   probe/             what the OS tells about a thread and what it waits on (probe.h)
 *   com_callbacks.c    RegisterWaitChainCOMCallback's pointers
 *   wct_alloc.c        heap memory, with a failure switch for out-of-memory tests
 *   wct_trace.c        tracing through Wine's debug channel wct (WINEDEBUG=+wct)
 *   dllmain.c          DLL entry point: what needs the loader lock, done once
 */

#ifndef WCT_PRIVATE_H
#define WCT_PRIVATE_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <stdarg.h> /* Wine's winternl.h uses va_list without including it */
#include <windows.h>
#include <wct.h>

/* Every flag OpenThreadWaitChainSession accepts. */
#define WCT_VALID_OPEN_FLAGS (WCT_ASYNC_OPEN_FLAG)

/* Every flag GetThreadWaitChain accepts. */
#define WCT_VALID_CHAIN_FLAGS \
    (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG | WCT_NETWORK_IO_FLAG)

/* Tracing the Wine way (wct_trace.c): Wine's channel "wct" under Wine (WINEDEBUG=+wct),
 * OutputDebugString elsewhere; WCT_DEBUG=1 is an alias for +wct. The classes are Wine's,
 * in Wine's order. Arguments are not evaluated when the class is off. */
enum wct_trace_class
{
    WCT_TRACE_CLASS_FIXME,
    WCT_TRACE_CLASS_ERR,
    WCT_TRACE_CLASS_WARN,
    WCT_TRACE_CLASS_TRACE,
};

void wct_trace_init(void);
BOOL wct_trace_on(enum wct_trace_class cls);
void wct_trace_log(enum wct_trace_class cls, const char *function, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* A trace-class line from function (the older call, kept as an alias of WCT_TRACE's). */
void wct_trace(const char *function, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

#define WCT_LOG(cls, ...) \
    do { if (wct_trace_on(cls)) wct_trace_log(cls, __func__, __VA_ARGS__); } while (0)
#define WCT_TRACE(...) WCT_LOG(WCT_TRACE_CLASS_TRACE, __VA_ARGS__)
#define WCT_WARN(...)  WCT_LOG(WCT_TRACE_CLASS_WARN, __VA_ARGS__)
#define WCT_FIXME(...) WCT_LOG(WCT_TRACE_CLASS_FIXME, __VA_ARGS__)
#define WCT_ERR(...)   WCT_LOG(WCT_TRACE_CLASS_ERR, __VA_ARGS__)

/* Sets the thread's last error when error is not ERROR_SUCCESS; returns !error. */
static inline BOOL wct_set_error(DWORD error)
{
    if (error != ERROR_SUCCESS) SetLastError(error);
    return error == ERROR_SUCCESS;
}

#endif /* WCT_PRIVATE_H */

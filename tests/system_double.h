/*
 * system_double.h - wct_system_double.dll, a test double of a working system WCT (the role
 * Windows' advapi32.dll plays), and what it records.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Its chains are recognisable: a thread node of process DOUBLE_PID with the thread asked
 * for, DOUBLE_WAIT_TIME and DOUBLE_SWITCHES, then a mutex named DOUBLE_MUTEX_NAME. Its
 * handles are DOUBLE_HANDLE_BASE + 4 n. Asynchronous requests run on a thread of its own
 * (after DOUBLE_ASYNC_DELAY_MS), and its Close waits for them. It records every call with
 * its exact arguments; the test reads the record through double_call_count/double_get_call
 * (GetProcAddress).
 */

#ifndef WCT_TESTS_SYSTEM_DOUBLE_H
#define WCT_TESTS_SYSTEM_DOUBLE_H

#include <windows.h>
#include <wct.h>

#define DOUBLE_DLL L"wct_system_double.dll"
#define DOUBLE_PID 0x4d4c
#define DOUBLE_WAIT_TIME 4242
#define DOUBLE_SWITCHES 77
#define DOUBLE_MUTEX_NAME L"system-double-mutex"
#define DOUBLE_HANDLE_BASE 0x5157e000
#define DOUBLE_ASYNC_DELAY_MS 100
/* GetThreadWaitChain of this thread fails with DOUBLE_ERROR. */
#define DOUBLE_FAIL_TID 0xbad0
/* Application errors (bit 29): the one it fails with, the one it leaves on success. */
#define DOUBLE_ERROR 0x20005157
#define DOUBLE_SUCCESS_ERROR 0x20005158
/* Set in the environment: its OpenThreadWaitChainSession fails with ERROR_NOT_SUPPORTED, as
 * Wine's stub does. */
#define DOUBLE_BROKEN_VARIABLE "WCT_TEST_DOUBLE_BROKEN"

enum double_function
{
    DOUBLE_OPEN,
    DOUBLE_CLOSE,    /* recorded when it returns, after its session's callbacks */
    DOUBLE_GET,
    DOUBLE_REGISTER,
    DOUBLE_CALLBACK, /* it called a session's callback (recorded once it returned) */
};

struct double_call
{
    enum double_function function;
    DWORD thread_id;          /* the calling thread (DOUBLE_CALLBACK: the double's own) */
    HWCT handle;              /* OPEN: the one returned (NULL on failure); others: passed */
    DWORD flags;
    PWAITCHAINCALLBACK callback;
    DWORD_PTR context;
    DWORD target_tid;
    DWORD *node_count;
    WAITCHAIN_NODE_INFO *nodes;
    BOOL *is_cycle;
    PCOGETCALLSTATE call_state;
    PCOGETACTIVATIONSTATE activation_state;
    DWORD status;             /* CALLBACK: the status passed */
};

typedef LONG (WINAPI *double_call_count_fn)(void);
typedef BOOL (WINAPI *double_get_call_fn)(LONG index, struct double_call *call);

#endif /* WCT_TESTS_SYSTEM_DOUBLE_H */

/*
 * header_layout.h - compile-time checks of include/wct.h against the documented ABI.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Included by test_header.c and compiled for i686 by check_header_i686.sh.
 */

#ifndef WCT_TEST_HEADER_LAYOUT_H
#define WCT_TEST_HEADER_LAYOUT_H

#include <stddef.h>
#include <windows.h>
#include <wct.h>

_Static_assert(WCT_MAX_NODE_COUNT == 16, "WCT_MAX_NODE_COUNT");
_Static_assert(WCT_OBJNAME_LENGTH == 128, "WCT_OBJNAME_LENGTH");
_Static_assert(WCT_ASYNC_OPEN_FLAG == 0x1, "WCT_ASYNC_OPEN_FLAG");
_Static_assert(WCT_OUT_OF_PROC_FLAG == 0x1, "WCT_OUT_OF_PROC_FLAG");
_Static_assert(WCT_OUT_OF_PROC_COM_FLAG == 0x2, "WCT_OUT_OF_PROC_COM_FLAG");
_Static_assert(WCT_OUT_OF_PROC_CS_FLAG == 0x4, "WCT_OUT_OF_PROC_CS_FLAG");
_Static_assert(WCT_NETWORK_IO_FLAG == 0x8, "WCT_NETWORK_IO_FLAG");
_Static_assert(ERROR_TOO_MANY_THREADS == 565, "ERROR_TOO_MANY_THREADS");

_Static_assert(WctCriticalSectionType == 1 && WctUnknownType == 10, "WCT_OBJECT_TYPE");
_Static_assert(WctSocketIoType == 11 && WctSmbIoType == 12 && WctMaxType == 13, "network types");
_Static_assert(WctStatusNoAccess == 1 && WctStatusError == 10 && WctStatusMax == 11, "status");

_Static_assert(sizeof(WAITCHAIN_NODE_INFO) == 280, "sizeof WAITCHAIN_NODE_INFO");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ObjectType) == 0, "ObjectType");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ObjectStatus) == 4, "ObjectStatus");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, LockObject.ObjectName) == 8, "ObjectName");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, LockObject.Timeout) == 264, "Timeout");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, LockObject.Alertable) == 272, "Alertable");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ThreadObject.ProcessId) == 8, "ProcessId");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ThreadObject.ThreadId) == 12, "ThreadId");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ThreadObject.WaitTime) == 16, "WaitTime");
_Static_assert(offsetof(WAITCHAIN_NODE_INFO, ThreadObject.ContextSwitches) == 20, "ContextSwitches");

/* The documented prototypes: ole32's functions assign without a cast. */
HRESULT WINAPI layout_co_get_call_state(int call_type, PULONG server_pid);
HRESULT WINAPI layout_co_get_activation_state(GUID clsid, DWORD client_tid, DWORD *activation_state);
static const PCOGETCALLSTATE layout_call_state_type_check = layout_co_get_call_state;
static const PCOGETACTIVATIONSTATE layout_activation_state_type_check = layout_co_get_activation_state;

#endif /* WCT_TEST_HEADER_LAYOUT_H */

/*
 * privilege.c - SeDebugPrivilege, so that the threads of other users' processes can be
 * opened. Without it (or under Wine, where it changes nothing) wctdump still works.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <windows.h>
#include "wctdump.h"

BOOL wctdump_enable_debug_privilege(void)
{
    TOKEN_PRIVILEGES privileges;
    HANDLE token;
    BOOL enabled;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token)) return FALSE;
    privileges.PrivilegeCount = 1;
    privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    enabled = LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &privileges.Privileges[0].Luid)
              && AdjustTokenPrivileges(token, FALSE, &privileges, sizeof(privileges), NULL, NULL)
              && GetLastError() == ERROR_SUCCESS; /* not ERROR_NOT_ALL_ASSIGNED */
    CloseHandle(token);
    return enabled;
}

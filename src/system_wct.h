/*
 * system_wct.h - the system's WCT or wct's own: which one serves this process.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The system's WCT is the DLL wct stands in for (WCT_SYSTEM_DLL, set per DLL by
 * src/CMakeLists.txt): advapi32.dll for wct.dll, advapi32_wine.dll (Wine's builtin) for the
 * prefix variant, a test double for the tests' build. It is looked up in DllMain
 * (system_wct_find: no call into it), and chosen or not on the first WCT call
 * (system_wct_choose), once per process; all four exports then go to that one.
 */

#ifndef WCT_SYSTEM_WCT_H
#define WCT_SYSTEM_WCT_H

#include "wct_private.h"

enum wct_implementation
{
    WCT_IMPL_BUILTIN,     /* wct's own engine */
    WCT_IMPL_SYSTEM,      /* every call handed to the system's WCT */
    WCT_IMPL_UNAVAILABLE, /* WCT_IMPLEMENTATION=system without a working system WCT: sessions
                             fail with ERROR_NOT_SUPPORTED */
};

/* The system's four functions (read-only once found). */
struct system_wct
{
    HWCT (WINAPI *open)(DWORD, PWAITCHAINCALLBACK);
    VOID (WINAPI *close)(HWCT);
    BOOL (WINAPI *get_chain)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD, PWAITCHAIN_NODE_INFO,
                             LPBOOL);
    VOID (WINAPI *register_com)(PCOGETCALLSTATE, PCOGETACTIVATIONSTATE);
};

/* DllMain (PROCESS_ATTACH), under the loader lock: finds the system's DLL if it is loaded and
 * its exports. Calls nothing of it. */
void system_wct_find(HINSTANCE self);

/* The implementation of this process, chosen on the first call (thread-safe, once); *system
 * gets the system's functions for WCT_IMPL_SYSTEM. Leaves the thread's last error as it was. */
enum wct_implementation system_wct_choose(const struct system_wct **system);

/* "builtin", "system" or "none" (WCT_IMPL_UNAVAILABLE). */
const char *system_wct_name(enum wct_implementation implementation);

/* wct's own export (wct_api.c): system_wct_name() of the choice. */
const char * WINAPI WctGetImplementation(void);

#endif /* WCT_SYSTEM_WCT_H */

/*
 * dllmain.c - wct.dll's entry point.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * DllMain runs under the loader lock, so everything that needs that lock is done here,
 * once, and never again on the way of a call: WCT is asked about hung programs, and a
 * thread stuck in some DllMain holds the loader lock for good.
 *   - The probe's NT exports and system call stubs are looked up (probe_nt.c).
 *   - The system's WCT (the advapi32 wct stands in for) is found and its exports looked up,
 *     nothing of it called (system_wct.c): the choice between it and wct's own is made on
 *     the first WCT call, not here.
 *   - The DLL pins itself (GetModuleHandleEx with the PIN flag): it stays loaded until the
 *     process exits, whatever FreeLibrary calls come. A pool thread can then be started
 *     without taking a reference to the module first (which takes the loader lock), and
 *     no thread of ours can ever run in unmapped code. The handle table lives as long as
 *     the process, so a handle once closed is never accepted again, even across a
 *     FreeLibrary and LoadLibrary.
 *   - wct's own heap is made (wct_alloc.c says why).
 * At process exit (the only DLL_PROCESS_DETACH a pinned DLL gets) other threads are gone,
 * possibly in the middle of holding our locks: nothing is touched.
 */

#include "probe.h"
#include "probe_internal.h"
#include "system_wct.h"
#include "wct_alloc.h"
#include "wct_private.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    HMODULE pinned;

    (void)reserved;
    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    DisableThreadLibraryCalls(instance);
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                            (const WCHAR *)instance, &pinned))
        return FALSE;
    wct_heap(); /* HeapCreate takes the process heap's lock: here, never on a call */
    wct_trace_init();
    probe_nt_get();
    system_wct_find(instance);
    return TRUE;
}

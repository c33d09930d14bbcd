/*
 * dllmain.c - wct.dll's entry point.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Nothing here waits: DllMain runs under the loader lock. Pool threads hold a reference to
 * the DLL and leave through FreeLibraryAndExitThread(), so DLL_PROCESS_DETACH from
 * FreeLibrary only comes once the last of them has retired (after its idle timeout).
 */

#include "session_table.h"
#include "worker_pool.h"

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        DisableThreadLibraryCalls(instance);
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved != NULL) other threads are gone: touch nothing. */
        if (reserved) break;
        worker_pool_unload();
        session_table_unload(); /* frees the sessions the process left open */
        break;
    }
    return TRUE;
}

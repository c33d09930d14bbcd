/*
 * system_wct.c - the system's WCT where it works, wct's own where it does not.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Windows' own WCT sees what no user-mode probe can (thread states, mutex owners, ALPC, COM),
 * so where it works the four exports hand every call to it; under Wine (a stub that fails
 * with ERROR_NOT_SUPPORTED) they use wct's engine.
 *
 * Finding. The system's WCT is WCT_SYSTEM_DLL (a compile definition per DLL): advapi32.dll
 * for wct.dll, advapi32_wine.dll (Wine's builtin, installed beside it) for the prefix
 * variant, whose own name is advapi32.dll. Both DLLs import it at load time
 * (prefix_anchor.c), so it is loaded before our DllMain, which looks it up with
 * GetModuleHandleEx and GetProcAddress there, under the loader lock the loader holds anyway
 * (both take it): no call needs that lock later, when another thread may hold it for good.
 * Only if it was not loaded then (the tests' build, which imports nothing) is it loaded on
 * the first call: from the system directory (the tests' build: from its own directory),
 * never through the search path, so no DLL planted beside a program is taken for it.
 *
 * Choosing, once per process, on the first call of any of the four (InitOnceExecuteOnce;
 * never in DllMain): WCT_IMPLEMENTATION=builtin takes wct's own without touching the system's
 * WCT; auto (the default, also for an unknown value) and system check that the system's
 * works: its four exports exist, it is not wct (a copy of wct, e.g. the prefix variant seen
 * from wct.dll, exports WctGetImplementation; nor may an export lead into this DLL), and
 * OpenThreadWaitChainSession(0, NULL) gives a session, which is closed at once. auto then
 * takes whichever works; system without a working one fails every session
 * (ERROR_NOT_SUPPORTED). The choice and why are traced (WINEDEBUG=+wct, or WCT_DEBUG=1).
 *
 * Handles: one implementation serves the whole process, chosen before the first session
 * opens, so a handle of one never reaches the other.
 */

#include <string.h>

#include "system_wct.h"

#define WIDEN_(text) L##text
#define WIDEN(text) WIDEN_(text)
#define SYSTEM_DLL_W WIDEN(WCT_SYSTEM_DLL)

/* read-only after DllMain, or after the first call when loaded then (under choose_once) */
static BYTE *self_base;
static SIZE_T self_size;
static HMODULE system_module;
static struct system_wct system_functions;
static BOOL system_is_wct;       /* it exports WctGetImplementation, or leads back here */
static const char *system_missing; /* the first of the four it lacks */

/* read-only after choose_once */
static INIT_ONCE choose_init = INIT_ONCE_STATIC_INIT;
static enum wct_implementation chosen;

static SIZE_T image_size(HINSTANCE module)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)module;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)((const BYTE *)module + dos->e_lfanew);

    return nt->OptionalHeader.SizeOfImage;
}

static BOOL address_is_ours(const void *address)
{
    return (const BYTE *)address >= self_base && (const BYTE *)address < self_base + self_size;
}

/* Looks up one export; NULL when missing. Takes the loader lock. */
static void *system_export(const char *name)
{
    void *address = (void *)GetProcAddress(system_module, name);

    if (!address && !system_missing) system_missing = name;
    if (address && address_is_ours(address)) system_is_wct = TRUE;
    return address;
}

/* Fills system_functions from system_module. Takes the loader lock. */
static void system_resolve(HMODULE module)
{
    system_module = module;
    if ((BYTE *)module == self_base || GetProcAddress(module, "WctGetImplementation"))
        system_is_wct = TRUE;
    system_functions.open = (HWCT (WINAPI *)(DWORD, PWAITCHAINCALLBACK))
        system_export("OpenThreadWaitChainSession");
    system_functions.close = (VOID (WINAPI *)(HWCT))system_export("CloseThreadWaitChainSession");
    system_functions.get_chain = (BOOL (WINAPI *)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD,
                                                  PWAITCHAIN_NODE_INFO, LPBOOL))
        system_export("GetThreadWaitChain");
    system_functions.register_com = (VOID (WINAPI *)(PCOGETCALLSTATE, PCOGETACTIVATIONSTATE))
        system_export("RegisterWaitChainCOMCallback");
}

void system_wct_find(HINSTANCE self)
{
    HMODULE module;

    self_base = (BYTE *)self;
    self_size = image_size(self);
    /* Pinned: it stays as long as we do (pinned too, dllmain.c). */
    if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN, SYSTEM_DLL_W, &module))
        system_resolve(module);
}

/* The system's DLL was not loaded when we were: loads it from where it must be (see the top
 * of the file) and pins it. Runs on the first call, under choose_init. */
static void system_load(void)
{
    static const WCHAR system_dll[] = SYSTEM_DLL_W;
    WCHAR path[MAX_PATH];
    UINT length;
    HMODULE module;

#ifdef WCT_SYSTEM_DLL_BESIDE
    length = GetModuleFileNameW((HMODULE)self_base, path, MAX_PATH);
    while (length && path[length - 1] != '\\') length--;
#else
    length = GetSystemDirectoryW(path, MAX_PATH);
    if (length && length < MAX_PATH) path[length++] = '\\';
#endif
    if (!length || length + sizeof(system_dll) / sizeof(WCHAR) > MAX_PATH) return;
    memcpy(path + length, system_dll, sizeof(system_dll));
    if (!(module = LoadLibraryExW(path, NULL, 0))) return;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                       (const WCHAR *)module, &module);
    system_resolve(module);
}

/* Whether the system's WCT works (see the top of the file): NULL when it does, else why not
 * (*error: the system's error, where there is one). May open and close one of its sessions. */
static const char *system_fails(DWORD *error)
{
    HWCT session;

    *error = ERROR_SUCCESS;
    if (!system_module) system_load();
    if (!system_module) return "not found";
    if (system_is_wct) return "it is wct itself";
    if (system_missing) return system_missing; /* the export it lacks */
    if (!(session = system_functions.open(0, NULL)))
    {
        *error = GetLastError();
        return "OpenThreadWaitChainSession(0, NULL) failed";
    }
    system_functions.close(session);
    return NULL;
}

/* WCT_IMPLEMENTATION: "auto", "system" or "builtin"; unset, empty or unknown: "auto". */
static const char *asked_implementation(void)
{
    static const char *const known[] = { "auto", "system", "builtin" };
    char value[16];
    DWORD length = GetEnvironmentVariableA("WCT_IMPLEMENTATION", value, sizeof(value));
    unsigned int i;

    if (!length) return known[0];
    if (length < sizeof(value))
        for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            if (!lstrcmpiA(value, known[i])) return known[i];
    wct_trace("system_wct_choose", "unknown WCT_IMPLEMENTATION, taken as auto\n");
    return known[0];
}

static BOOL CALLBACK choose_once(INIT_ONCE *once, void *param, void **context)
{
    const char *asked = asked_implementation(), *why;
    DWORD error;

    (void)once; (void)param; (void)context;
    if (!lstrcmpA(asked, "builtin"))
    {
        chosen = WCT_IMPL_BUILTIN;
        wct_trace("system_wct_choose", "implementation builtin (WCT_IMPLEMENTATION=builtin: "
                  "%s not checked)\n", WCT_SYSTEM_DLL);
        return TRUE;
    }
    if (!(why = system_fails(&error)))
    {
        chosen = WCT_IMPL_SYSTEM;
        wct_trace("system_wct_choose", "implementation system (WCT_IMPLEMENTATION=%s: %s works)\n",
                  asked, WCT_SYSTEM_DLL);
        return TRUE;
    }
    chosen = lstrcmpA(asked, "system") ? WCT_IMPL_BUILTIN : WCT_IMPL_UNAVAILABLE;
    if (error)
        wct_trace("system_wct_choose", "implementation %s (WCT_IMPLEMENTATION=%s: %s does not "
                  "work: %s, error %lu)\n", system_wct_name(chosen), asked, WCT_SYSTEM_DLL, why,
                  (unsigned long)error);
    else
        wct_trace("system_wct_choose", "implementation %s (WCT_IMPLEMENTATION=%s: %s does not "
                  "work: %s%s)\n", system_wct_name(chosen), asked, WCT_SYSTEM_DLL,
                  system_missing == why ? "no export " : "", why);
    return TRUE;
}

enum wct_implementation system_wct_choose(const struct system_wct **system)
{
    DWORD last_error = GetLastError();

    InitOnceExecuteOnce(&choose_init, choose_once, NULL, NULL);
    SetLastError(last_error);
    *system = &system_functions;
    return chosen;
}

const char *system_wct_name(enum wct_implementation implementation)
{
    switch (implementation)
    {
    case WCT_IMPL_SYSTEM: return "system";
    case WCT_IMPL_UNAVAILABLE: return "none";
    default: return "builtin";
    }
}

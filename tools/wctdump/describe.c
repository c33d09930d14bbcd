/*
 * describe.c - thread descriptions (SetThreadDescription's text), where the system has
 * GetThreadDescription: Windows 10 1607 and later, Wine 5 and later. Looked up at run time,
 * so wctdump still starts where it is missing.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <windows.h>
#include "wctdump.h"

typedef HRESULT (WINAPI *get_thread_description_fn)(HANDLE thread, PWSTR *description);


static get_thread_description_fn find_get_thread_description(void)
{
    static const WCHAR *const modules[] = { L"kernelbase.dll", L"kernel32.dll" };
    HMODULE module;
    FARPROC proc;
    size_t i;

    for (i = 0; i < sizeof(modules) / sizeof(modules[0]); i++)
        if ((module = GetModuleHandleW(modules[i]))
            && (proc = GetProcAddress(module, "GetThreadDescription")))
            return (get_thread_description_fn)(void (*)(void))proc;
    return NULL;
}


static void describe_thread(get_thread_description_fn get_description, struct wctdump_chain *chain)
{
    HANDLE thread = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, chain->tid);
    WCHAR *text = NULL;

    if (!thread) return;
    if (SUCCEEDED(get_description(thread, &text)) && text)
    {
        wcsncpy(chain->description, text, WCTDUMP_DESCRIPTION_LENGTH - 1);
        chain->description[WCTDUMP_DESCRIPTION_LENGTH - 1] = 0;
    }
    if (text) LocalFree(text);
    CloseHandle(thread);
}


void wctdump_describe_threads(struct wctdump_scan *scan)
{
    get_thread_description_fn get_description = find_get_thread_description();
    size_t i;

    if (!get_description) return;
    for (i = 0; i < scan->chain_count; i++)
        if (wctdump_chain_is_reported(&scan->chains[i]))
            describe_thread(get_description, &scan->chains[i]);
}

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


/* The threads to describe, shared by the threads describing them (as the scan is). */
struct describe_work
{
    struct wctdump_scan *scan;
    get_thread_description_fn get_description;
    volatile LONG next;
};

static DWORD WINAPI describe_worker(void *param)
{
    struct describe_work *work = param;
    LONG index;

    while ((index = InterlockedIncrement(&work->next) - 1) < (LONG)work->scan->chain_count)
        if (wctdump_chain_is_reported(&work->scan->chains[index]))
            describe_thread(work->get_description, &work->scan->chains[index]);
    return 0;
}


/***********************************************************************
 *           wctdump_describe_threads
 *
 * Each reported thread's description: an open, a query and a close per thread, so a large
 * scan shares them out over as many threads as the scan itself used (wctdump_scan_threads);
 * this thread takes part, and carries on alone if none can be started.
 */
void wctdump_describe_threads(struct wctdump_scan *scan)
{
    struct describe_work work = { scan, find_get_thread_description(), 0 };
    HANDLE helpers[WCTDUMP_SCAN_THREADS_MAX];
    DWORD count = 0, wanted;

    if (!work.get_description) return;
    wanted = wctdump_scan_threads(scan->chain_count);
    while (count + 1 < wanted
           && (helpers[count] = CreateThread(NULL, 0, describe_worker, &work, 0, NULL)))
        count++;
    describe_worker(&work);
    if (count) WaitForMultipleObjects(count, helpers, TRUE, INFINITE);
    while (count) CloseHandle(helpers[--count]);
}

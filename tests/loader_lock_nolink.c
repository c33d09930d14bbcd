/*
 * loader_lock_nolink.c - a child of test_loader_lock.c that does not link wct.dll: after
 * FreeLibrary, wct.dll stays loaded (it pins itself, so starting a pool thread never needs
 * a module reference, which would take the loader lock), its sessions keep working, an
 * asynchronous request starts a pool thread at once while another thread holds the loader
 * lock, and a handle closed before FreeLibrary + LoadLibrary is still refused after them.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exit code LL_EXIT_PASSED (0) when all of that holds (see loader_lock_util.h for the
 * others). Before the rewrite (commit db64bd2) FreeLibrary unloaded the DLL, and this fails
 * at the first check after it.
 */

#include <windows.h>
#include <wct.h>

#include "loader_lock_util.h"

#define UNTOUCHED 0xdeadbeef

typedef HWCT (WINAPI *open_fn)(DWORD, PWAITCHAINCALLBACK);
typedef VOID (WINAPI *close_fn)(HWCT);
typedef BOOL (WINAPI *chain_fn)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD, PWAITCHAIN_NODE_INFO,
                                LPBOOL);

struct wct_dll
{
    HMODULE module;
    open_fn open;
    close_fn close;
    chain_fn chain;
};

struct chain
{
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

static HANDLE callback_done;
static volatile LONG callbacks;
static DWORD callback_status = UNTOUCHED;

static VOID CALLBACK record_callback(HWCT session, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    (void)session; (void)context; (void)node_count; (void)nodes; (void)is_cycle;
    callback_status = status;
    InterlockedIncrement(&callbacks);
    SetEvent(callback_done);
}

static void load_wct(struct wct_dll *dll)
{
    dll->module = LoadLibraryW(L"wct.dll");
    LL_CHECK(dll->module != NULL);
    dll->open = (open_fn)(void *)GetProcAddress(dll->module, "OpenThreadWaitChainSession");
    dll->close = (close_fn)(void *)GetProcAddress(dll->module, "CloseThreadWaitChainSession");
    dll->chain = (chain_fn)(void *)GetProcAddress(dll->module, "GetThreadWaitChain");
    LL_CHECK(dll->open && dll->close && dll->chain);
}

/* A closed handle: refused with ERROR_INVALID_HANDLE. */
static void check_refused(const struct wct_dll *dll, HWCT closed)
{
    struct chain chain;
    DWORD error;
    BOOL ok;

    chain.count = WCT_MAX_NODE_COUNT;
    SetLastError(UNTOUCHED);
    ok = dll->chain(closed, 0, 0, GetCurrentThreadId(), &chain.count, chain.nodes,
                    &chain.is_cycle);
    error = GetLastError();
    LL_CHECK(!ok);
    LL_CHECK(error == ERROR_INVALID_HANDLE);
}

int main(void)
{
    static struct chain sync_chain, async_chain;
    struct wct_dll dll;
    struct ll_holder holder;
    HWCT sync_session, async_session, closed, reopened;
    HMODULE first;
    DWORD error;
    BOOL ok;

    callback_done = CreateEventW(NULL, FALSE, FALSE, NULL);
    LL_CHECK(callback_done != NULL);
    ll_watchdog_start();
    LL_CHECK(GetModuleHandleW(L"wct.dll") == NULL);
    load_wct(&dll);
    first = dll.module;
    sync_session = dll.open(0, NULL);
    async_session = dll.open(WCT_ASYNC_OPEN_FLAG, record_callback);
    closed = dll.open(0, NULL);
    LL_CHECK(sync_session && async_session && closed);
    dll.close(closed);

    /* The only reference goes: the DLL stays, and so do its sessions. */
    LL_CHECK(FreeLibrary(dll.module));
    LL_CHECK(GetModuleHandleW(L"wct.dll") == first);
    sync_chain.count = WCT_MAX_NODE_COUNT;
    LL_CHECK(dll.chain(sync_session, 0, 0, GetCurrentThreadId(), &sync_chain.count,
                       sync_chain.nodes, &sync_chain.is_cycle));
    LL_CHECK(sync_chain.count == 1 && sync_chain.nodes[0].ObjectStatus == WctStatusRunning);

    /* The process's first pool thread, started after FreeLibrary while another thread holds
     * the loader lock: the request is accepted at once, its callback comes after. */
    ll_hold_start(&holder, LL_HOLD_LDR_LOCK);
    async_chain.count = WCT_MAX_NODE_COUNT;
    SetLastError(UNTOUCHED);
    ll_step_begin("async GetThreadWaitChain after FreeLibrary, loader lock held",
                  LL_STEP_BOUND);
    ok = dll.chain(async_session, 1, 0, GetCurrentThreadId(), &async_chain.count,
                   async_chain.nodes, &async_chain.is_cycle);
    error = GetLastError();
    ll_step_end();
    LL_CHECK(!ok && error == ERROR_IO_PENDING);
    ll_hold_release(&holder);
    ll_wait(callback_done, LL_WAIT_BOUND, "the callback");
    LL_CHECK(callbacks == 1 && callback_status == ERROR_SUCCESS);

    /* Loaded again: the same module, and the handle closed before is still dead, also once
     * a new session may have taken its slot. */
    load_wct(&dll);
    LL_CHECK(dll.module == first);
    check_refused(&dll, closed);
    reopened = dll.open(0, NULL);
    LL_CHECK(reopened != NULL && reopened != closed);
    check_refused(&dll, closed);

    dll.close(reopened);
    dll.close(async_session);
    dll.close(sync_session);
    LL_CHECK(FreeLibrary(dll.module));
    return LL_EXIT_PASSED;
}

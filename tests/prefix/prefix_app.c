/*
 * prefix_app.c - a program that knows nothing of wct: mingw-w64's stock headers, linked with
 * -ladvapi32 only. tests/check_prefix.sh runs it in a Wine prefix before and after
 * `tools/wct-wine install`.
 *
 *   prefix_app chain        a critical-section deadlock behind a join, in this process; asks
 *                           Advapi32's GetThreadWaitChain about the joining thread
 *   prefix_app target       the same deadlock, then "ready <pid> <joiner tid>"; waits (60 s)
 *   prefix_app inspect TID  the chain of a thread of another process
 *   prefix_app smoke        Advapi32 at work: registry, user name, token and SID, SDDL,
 *                           CryptoAPI, RtlGenRandom, the service manager
 *   prefix_app sleeper      a thread of this process that sleeps; asks for its chain (the
 *                           32-bit check, tests/check_prefix32.sh: one thread node, Blocked)
 * A chain prints "chain <nodes> nodes, cycle <0|1>: <types>" ("sleeper <nodes> nodes:
 * <type>/<status>..." for sleeper); a failure "error <code>".
 * Exit status: 0 a chain with a cycle (or smoke passed, or the sleeper's one blocked thread
 * node), 50 ERROR_NOT_SUPPORTED, 1 otherwise.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <sddl.h>
#include <wincrypt.h>
#include <ntsecapi.h>
#include <wct.h>

/* What mingw-w64's wct.h lacks (the SDK's values). */
#ifndef WCT_MAX_NODE_COUNT
#define WCT_MAX_NODE_COUNT 16
#endif
#ifndef WCT_OUT_OF_PROC_FLAG
#define WCT_OUT_OF_PROC_FLAG 0x1
#endif
#ifndef WCT_OUT_OF_PROC_CS_FLAG
#define WCT_OUT_OF_PROC_CS_FLAG 0x4
#endif

static CRITICAL_SECTION first, second;
static volatile LONG holding;

static DWORD WINAPI take(void *arg)
{
    CRITICAL_SECTION *mine = arg, *other = mine == &first ? &second : &first;

    EnterCriticalSection(mine);
    InterlockedIncrement(&holding);
    while (holding < 2) Sleep(1); /* both hold their first section: a certain deadlock */
    EnterCriticalSection(other);
    return 0;
}

static DWORD WINAPI join(void *thread)
{
    return WaitForSingleObject(thread, INFINITE);
}

/* The deadlock (two threads, two sections) behind a join; returns the joiner's id. */
static DWORD start_deadlock(void)
{
    HANDLE a;
    DWORD joiner;

    InitializeCriticalSection(&first);
    InitializeCriticalSection(&second);
    a = CreateThread(NULL, 0, take, &first, 0, NULL);
    CloseHandle(CreateThread(NULL, 0, take, &second, 0, NULL));
    CloseHandle(CreateThread(NULL, 0, join, a, 0, &joiner));
    Sleep(600);
    return joiner;
}

/* Asks (a few times: threads take a moment to block) and prints the chain. */
static int print_chain(DWORD thread_id)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = 0, i, error = 0;
    BOOL cycle = FALSE;
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    int tries;

    if (!session)
    {
        printf("error %lu\n", GetLastError());
        return GetLastError() == ERROR_NOT_SUPPORTED ? 50 : 1;
    }
    for (tries = 0; tries < 50; tries++)
    {
        count = WCT_MAX_NODE_COUNT;
        if (!GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG, thread_id,
                                &count, nodes, &cycle))
            error = GetLastError();
        else error = 0;
        if (error || cycle) break;
        Sleep(100);
    }
    CloseThreadWaitChainSession(session);
    if (error)
    {
        printf("error %lu\n", error);
        return error == ERROR_NOT_SUPPORTED ? 50 : 1;
    }
    printf("chain %lu nodes, cycle %d:", count, cycle);
    for (i = 0; i < count; i++) printf(" %d", nodes[i].ObjectType);
    printf("\n");
    return cycle ? 0 : 1;
}

/* ---- sleeper ---------------------------------------------------------------------------- */

static DWORD WINAPI sleep_forever(void *unused)
{
    (void)unused;
    Sleep(INFINITE);
    return 0;
}

/* The chain of a thread of this process in Sleep: one thread node, Blocked. The thread is
 * started only once a session is open: a program that returns from main while a thread it
 * has just created is starting is ended by a crash of Wine 10's 32-bit loader now and then
 * (status 139, or "wine client error" at exit; seen under load with Wine's own advapi32,
 * nothing of wct in the process), which is not what this program is here to check. */
static int print_sleeper(void)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD thread_id = 0, count = 0, i, error = 0;
    BOOL cycle = FALSE, blocked = FALSE;
    HWCT session;
    int tries;

    if (!(session = OpenThreadWaitChainSession(0, NULL)))
    {
        printf("error %lu\n", GetLastError());
        return GetLastError() == ERROR_NOT_SUPPORTED ? 50 : 1;
    }
    CloseHandle(CreateThread(NULL, 0, sleep_forever, NULL, 0, &thread_id));
    for (tries = 0; tries < 50 && !blocked; tries++)
    {
        Sleep(100);
        count = WCT_MAX_NODE_COUNT;
        if (!GetThreadWaitChain(session, 0, 0, thread_id, &count, nodes, &cycle))
        {
            error = GetLastError();
            break;
        }
        blocked = count == 1 && nodes[0].ObjectType == WctThreadType
                  && nodes[0].ObjectStatus == WctStatusBlocked;
    }
    CloseThreadWaitChainSession(session);
    if (error)
    {
        printf("error %lu\n", error);
        return error == ERROR_NOT_SUPPORTED ? 50 : 1;
    }
    printf("sleeper %lu nodes:", count);
    for (i = 0; i < count; i++) printf(" %d/%d", nodes[i].ObjectType, nodes[i].ObjectStatus);
    printf("%s\n", blocked ? " (thread, blocked)" : "");
    return blocked ? 0 : 1;
}

/* ---- smoke ------------------------------------------------------------------------------ */

static int failures;

static void check(const char *what, BOOL ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) failures++;
}

static BOOL registry_round_trip(void)
{
    HKEY key;
    DWORD value = 42, read = 0, size = sizeof(read), index = 0, name_size;
    WCHAR name[64];
    BOOL found = FALSE;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\wct-smoke", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                        &key, NULL))
        return FALSE;
    RegSetValueExW(key, L"answer", 0, REG_DWORD, (const BYTE *)&value, sizeof(value));
    RegQueryValueExW(key, L"answer", NULL, NULL, (BYTE *)&read, &size);
    for (;; index++)
    {
        name_size = ARRAYSIZE(name);
        if (RegEnumValueW(key, index, name, &name_size, NULL, NULL, NULL, NULL)) break;
        found |= !wcscmp(name, L"answer");
    }
    RegCloseKey(key);
    return read == 42 && found && !RegDeleteKeyW(HKEY_CURRENT_USER, L"Software\\wct-smoke");
}

static BOOL token_sid(void)
{
    HANDLE token;
    BYTE buffer[256];
    DWORD size;
    WCHAR *text = NULL;
    BOOL ok;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return FALSE;
    ok = GetTokenInformation(token, TokenUser, buffer, sizeof(buffer), &size)
         && ConvertSidToStringSidW(((TOKEN_USER *)buffer)->User.Sid, &text) && text && text[0] == 'S';
    LocalFree(text);
    CloseHandle(token);
    return ok;
}

static BOOL sddl(void)
{
    PSECURITY_DESCRIPTOR descriptor = NULL;
    BOOL ok = ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:(A;;GA;;;WD)", SDDL_REVISION_1,
                                                                   &descriptor, NULL);

    LocalFree(descriptor);
    return ok;
}

static BOOL crypto(void)
{
    HCRYPTPROV provider;
    BYTE bytes[16] = { 0 }, more[16] = { 0 };
    BOOL ok;

    if (!CryptAcquireContextW(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)) return FALSE;
    ok = CryptGenRandom(provider, sizeof(bytes), bytes);
    CryptReleaseContext(provider, 0);
    return ok && RtlGenRandom(more, sizeof(more)) && memcmp(bytes, more, sizeof(bytes));
}

static BOOL services(void)
{
    SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE), service;
    BOOL ok;

    if (!manager) return FALSE;
    service = OpenServiceW(manager, L"PlugPlay", SERVICE_QUERY_STATUS);
    ok = service != NULL;
    if (service) CloseServiceHandle(service);
    CloseServiceHandle(manager);
    return ok;
}

static int smoke(void)
{
    WCHAR user[256];
    DWORD size = ARRAYSIZE(user);

    check("registry: create, write, read, enumerate, delete", registry_round_trip());
    check("GetUserNameW", GetUserNameW(user, &size) && size > 1);
    check("token, SID as text", token_sid());
    check("SDDL to a security descriptor", sddl());
    check("CryptoAPI random, RtlGenRandom (SystemFunction036)", crypto());
    check("service manager: PlugPlay", services());
    printf("smoke %s\n", failures ? "FAILED" : "OK");
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    DWORD joiner;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strcmp(argv[1], "chain")) return print_chain(start_deadlock());
    if (argc > 2 && !strcmp(argv[1], "inspect")) return print_chain(strtoul(argv[2], NULL, 10));
    if (argc > 1 && !strcmp(argv[1], "smoke")) return smoke();
    if (argc > 1 && !strcmp(argv[1], "sleeper")) return print_sleeper();
    if (argc > 1 && !strcmp(argv[1], "target"))
    {
        joiner = start_deadlock();
        printf("ready %lu %lu\n", GetCurrentProcessId(), joiner);
        Sleep(60000);
        return 0;
    }
    fprintf(stderr, "usage: prefix_app chain | target | inspect TID | smoke | sleeper\n");
    return 2;
}

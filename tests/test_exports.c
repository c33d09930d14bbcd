/*
 * test_exports.c - wct.dll links in place of Advapi32.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This program is linked with -lwct ahead of the default libraries (Advapi32 included), so
 * every Advapi32 function it uses must be imported from wct.dll: it reads its own import
 * directory to prove it, then calls the functions through those imports.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

/* The name of the DLL from which this executable imports function_name, or NULL. */
static const char *importing_dll(const char *function_name)
{
    BYTE *base = (BYTE *)GetModuleHandleW(NULL);
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    IMAGE_IMPORT_DESCRIPTOR *desc = (IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress);

    for (; desc->Name; desc++)
    {
        IMAGE_THUNK_DATA *thunk = (IMAGE_THUNK_DATA *)(base + desc->OriginalFirstThunk);
        for (; thunk->u1.AddressOfData; thunk++)
        {
            IMAGE_IMPORT_BY_NAME *by_name;
            if (IMAGE_SNAP_BY_ORDINAL(thunk->u1.Ordinal)) continue;
            by_name = (IMAGE_IMPORT_BY_NAME *)(base + thunk->u1.AddressOfData);
            if (!strcmp((const char *)by_name->Name, function_name))
                return (const char *)(base + desc->Name);
        }
    }
    return NULL;
}

static void assert_imported_from_wct(const char *function_name)
{
    const char *dll = importing_dll(function_name);

    assert_non_null(dll);
    assert_int_equal(lstrcmpiA(dll, "wct.dll"), 0);
}

static void test_exports_advapi32_names_come_from_wct(void **state)
{
    (void)state;
    assert_imported_from_wct("RegOpenKeyExW");
    assert_imported_from_wct("GetUserNameW");
    assert_imported_from_wct("OpenThreadWaitChainSession");
    assert_imported_from_wct("CloseThreadWaitChainSession");
}

static void test_exports_forwarded_registry_call_works(void **state)
{
    HKEY key;

    (void)state;
    assert_int_equal(RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software", 0, KEY_READ, &key), ERROR_SUCCESS);
    assert_int_equal(RegCloseKey(key), ERROR_SUCCESS);
}

static void test_exports_forwarded_user_name_works(void **state)
{
    WCHAR name[256];
    DWORD length = ARRAYSIZE(name);

    (void)state;
    assert_true(GetUserNameW(name, &length));
    assert_true(length > 1);
    assert_int_equal(lstrlenW(name) + 1, length);
}

static void test_exports_wct_session_opens_and_closes(void **state)
{
    HWCT session;

    (void)state;
    session = OpenThreadWaitChainSession(0, NULL);
    assert_non_null(session);
    CloseThreadWaitChainSession(session);
}

static void test_exports_wct_is_not_advapi32(void **state)
{
    HMODULE wct = GetModuleHandleW(L"wct.dll");
    HMODULE advapi32 = GetModuleHandleW(L"advapi32.dll");

    (void)state;
    assert_non_null(wct);
    assert_non_null(advapi32); /* loaded because the forwarders point there */
    assert_ptr_equal(GetProcAddress(wct, "RegOpenKeyExW"), GetProcAddress(advapi32, "RegOpenKeyExW"));
    assert_ptr_not_equal(GetProcAddress(wct, "GetThreadWaitChain"),
                         GetProcAddress(advapi32, "GetThreadWaitChain"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exports_advapi32_names_come_from_wct),
        cmocka_unit_test(test_exports_forwarded_registry_call_works),
        cmocka_unit_test(test_exports_forwarded_user_name_works),
        cmocka_unit_test(test_exports_wct_session_opens_and_closes),
        cmocka_unit_test(test_exports_wct_is_not_advapi32),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

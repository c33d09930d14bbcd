/*
 * test_probe_memory.c - the guarded copy of the caller's own memory (src/probe/probe_memory.c):
 * a fault of the copy is a failed read, never a crash; everything else is left to the program.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * probe_memory_copy is the copy without probe_read_memory's check of the range first, so the
 * faults that check rules out (memory released between the check and the copy, in real use)
 * happen here for certain. Built like the library, against Wine's headers.
 */

#include "probe_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#define PROGRAM_EXCEPTION 0xe0000123

static SIZE_T page_size(void)
{
    SYSTEM_INFO info;

    GetSystemInfo(&info);
    return info.dwPageSize;
}

static int setup(void **state)
{
    (void)state;
    probe_memory_arm();
    return 0;
}

/* A readable page followed by one that is not. */
static BYTE *two_pages(void)
{
    SIZE_T page = page_size();
    BYTE *pages = VirtualAlloc(NULL, 2 * page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;

    assert_non_null(pages);
    memset(pages, 0x5a, 2 * page);
    assert_true(VirtualProtect(pages + page, page, PAGE_NOACCESS, &old));
    return pages;
}

static void test_copy_readable(void **state)
{
    BYTE *pages = two_pages(), buffer[64];

    (void)state;
    memset(buffer, 0, sizeof(buffer));
    assert_true(probe_memory_copy(buffer, (ULONG_PTR)pages, sizeof(buffer)));
    assert_int_equal(buffer[0], 0x5a);
    assert_int_equal(buffer[63], 0x5a);
    assert_true(probe_read_memory(GetCurrentProcess(), (ULONG_PTR)pages, buffer, sizeof(buffer)));
    VirtualFree(pages, 0, MEM_RELEASE);
}

static void test_copy_fault_is_a_failed_read(void **state)
{
    SIZE_T page = page_size();
    BYTE *pages = two_pages(), buffer[64];

    (void)state;
    /* all of it unreadable; then straddling into the unreadable page */
    assert_false(probe_memory_copy(buffer, (ULONG_PTR)(pages + page), sizeof(buffer)));
    assert_false(probe_memory_copy(buffer, (ULONG_PTR)(pages + page - 16), sizeof(buffer)));
    assert_false(probe_read_memory(GetCurrentProcess(), (ULONG_PTR)(pages + page - 16), buffer,
                                   sizeof(buffer)));
    /* released */
    VirtualFree(pages, 0, MEM_RELEASE);
    assert_false(probe_memory_copy(buffer, (ULONG_PTR)pages, sizeof(buffer)));
    assert_false(probe_read_memory(GetCurrentProcess(), (ULONG_PTR)pages, buffer, sizeof(buffer)));
}

static LONG program_exceptions;

static LONG CALLBACK program_handler(EXCEPTION_POINTERS *info)
{
    if (info->ExceptionRecord->ExceptionCode != PROGRAM_EXCEPTION) return EXCEPTION_CONTINUE_SEARCH;
    InterlockedIncrement(&program_exceptions);
    return EXCEPTION_CONTINUE_EXECUTION;
}

/* The probe's handler, first in line, passes the program's own exceptions on. */
static void test_program_exceptions_passed_on(void **state)
{
    void *cookie = AddVectoredExceptionHandler(0, program_handler);

    (void)state;
    assert_non_null(cookie);
    RaiseException(PROGRAM_EXCEPTION, 0, 0, NULL);
    RemoveVectoredExceptionHandler(cookie);
    assert_int_equal(program_exceptions, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_copy_readable),
        cmocka_unit_test(test_copy_fault_is_a_failed_read),
        cmocka_unit_test(test_program_exceptions_passed_on),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}

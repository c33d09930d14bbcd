/*
 * test_probe_memory.c - reading the caller's own memory (src/probe/probe_memory.c): memory
 * that is not readable is never a crash, and never an exception that a handler of the
 * program's could see (issue 21).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built like the library, against Wine's headers.
 */

#include "probe_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

static SIZE_T page_size(void)
{
    SYSTEM_INFO info;

    GetSystemInfo(&info);
    return info.dwPageSize;
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

static LONG program_exceptions;

/* The program's own handler, first in line: counts every exception it sees. */
static LONG CALLBACK program_handler(EXCEPTION_POINTERS *info)
{
    (void)info;
    InterlockedIncrement(&program_exceptions);
    return EXCEPTION_CONTINUE_SEARCH;
}

static void test_read_readable(void **state)
{
    BYTE *pages = two_pages(), buffer[64];

    (void)state;
    memset(buffer, 0, sizeof(buffer));
    assert_true(probe_read_memory(GetCurrentProcess(), (ULONG_PTR)pages, buffer, sizeof(buffer)));
    assert_int_equal(buffer[0], 0x5a);
    assert_int_equal(buffer[63], 0x5a);
    VirtualFree(pages, 0, MEM_RELEASE);
}

/* Without access, straddling into it, released: never a crash, and the program's handler,
 * first in line, sees no exception. */
static void test_unreadable_is_a_failed_read_unseen(void **state)
{
    void *cookie = AddVectoredExceptionHandler(1, program_handler);
    SIZE_T page = page_size();
    BYTE *pages = two_pages(), buffer[64];

    (void)state;
    assert_non_null(cookie);
    program_exceptions = 0;
    /* A page without access: Windows fails the read; Wine's server reads it all the same
     * (through /proc/pid/mem, which ignores the protection). Either is the truth; a read
     * that succeeds gives the page's real bytes. */
    memset(buffer, 0, sizeof(buffer));
    if (probe_read_memory(GetCurrentProcess(), (ULONG_PTR)(pages + page), buffer, sizeof(buffer)))
        assert_int_equal(buffer[63], 0x5a);
    memset(buffer, 0, sizeof(buffer));
    if (probe_read_memory(GetCurrentProcess(), (ULONG_PTR)(pages + page - 16), buffer,
                          sizeof(buffer)))
        assert_int_equal(buffer[63], 0x5a);
    /* Released: Windows fails the read; Wine keeps the range mapped without access, and its
     * server may read it. Neither crashes nor raises. */
    VirtualFree(pages, 0, MEM_RELEASE);
    probe_read_memory(GetCurrentProcess(), (ULONG_PTR)pages, buffer, sizeof(buffer));
    assert_false(probe_read_memory(NULL, (ULONG_PTR)buffer, buffer, sizeof(buffer)));
    RemoveVectoredExceptionHandler(cookie);
    assert_int_equal(program_exceptions, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_read_readable),
        cmocka_unit_test(test_unreadable_is_a_failed_read_unseen),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

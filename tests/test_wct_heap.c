/*
 * test_wct_heap.c - wct allocates from a heap of its own, never the program's process heap
 * (issue 21.6: a thread ended at exit inside an allocation leaves its heap locked).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <windows.h>
#include <cmocka.h>

#include "wct_alloc.h"

static void test_heap_is_not_the_process_heap(void **state)
{
    BYTE *memory;

    (void)state;
    assert_non_null(wct_heap());
    assert_ptr_not_equal(wct_heap(), GetProcessHeap());
    assert_ptr_equal(wct_heap(), wct_heap());
    memory = wct_alloc(64);
    assert_non_null(memory);
    assert_int_equal(memory[63], 0);
    assert_true(HeapValidate(wct_heap(), 0, memory));
    assert_true(HeapSize(wct_heap(), 0, memory) >= 64);
    memory = wct_realloc(memory, 4096);
    assert_non_null(memory);
    assert_int_equal(memory[4095], 0);
    assert_true(HeapValidate(wct_heap(), 0, memory));
    wct_free(memory);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_is_not_the_process_heap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

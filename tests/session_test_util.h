/*
 * session_test_util.h - helpers for the session, pool and async tests: target threads,
 * bounded waits, and a thread-safe probe that answers at once.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CMocka's assertions may only run on the test thread: worker and helper threads record
 * what they see into structures and signal events, and the test thread asserts.
 */

#ifndef WCT_SESSION_TEST_UTIL_H
#define WCT_SESSION_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

/* Every wait of a test is bounded by this (milliseconds). */
#define TEST_TIMEOUT 5000

/* Starts fn(arg) on a new thread; fails the test if that is impossible. */
HANDLE test_start_thread(LPTHREAD_START_ROUTINE fn, void *arg, DWORD *thread_id);

/* Waits (bounded) for thread to end, then closes its handle; fails the test otherwise. */
void test_join_thread(HANDLE thread);

/* Waits (bounded) for an event or thread; fails the test on a timeout. */
void test_wait(HANDLE object);

/* A thread of this process that busy-loops until test_stop_spinner(). */
struct spinner
{
    HANDLE thread;
    DWORD thread_id;
    volatile LONG stop;
};
void test_start_spinner(struct spinner *spinner);
void test_stop_spinner(struct spinner *spinner);

/* The id of a thread that has run and exited (no thread has it now). */
DWORD test_exited_thread_id(void);

/* Polls (every 5 ms, bounded by timeout) until *value == expected; TRUE when it got there. */
BOOL test_wait_for_value(volatile LONG *value, LONG expected, DWORD timeout);

/* The number of handles this process has open. */
DWORD test_handle_count(void);

#endif /* WCT_SESSION_TEST_UTIL_H */

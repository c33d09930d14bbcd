/*
 * demo.h - wct_demo: a process that hangs on purpose, so that wctdump has something real to
 * show. scenarios.c sets up the hangs; main.c handles the command line, the child process
 * and the reporting.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_DEMO_H
#define WCT_DEMO_H

#include <windows.h>

#define DEMO_MAX_THREADS 16
#define DEMO_NAME_LENGTH 64

/* A thread the demo started, under the role name it is reported with ("deadlock-root"). */
struct demo_thread
{
    const char *role;
    DWORD tid;
    HANDLE handle;
};

struct demo
{
    struct demo_thread threads[DEMO_MAX_THREADS];
    unsigned int thread_count;
    HANDLE child;                           /* the child process the process waiter waits on */
    WCHAR mutex_name[DEMO_NAME_LENGTH];     /* the named mutex of the mutex scenario */
};

/* Starts every hang: (a) a critical-section deadlock reached through two joins, (b) a wait
 * on a mutex another thread owns, (c) a thread joining a sleeping thread, (d) a thread
 * waiting for the child process. Returns FALSE with a message on stderr. */
BOOL demo_start_scenarios(struct demo *demo);

/* Sets a thread's description to role, where SetThreadDescription exists. */
void demo_describe_thread(HANDLE thread, const char *role);

/* Waits until every thread has reached the point right before its blocking wait (bounded),
 * then a little more so that each is inside it. */
BOOL demo_wait_ready(DWORD timeout_ms);

#endif /* WCT_DEMO_H */

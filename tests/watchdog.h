/*
 * watchdog.h - turns a hang into a clear failure: when a driver thread makes no progress
 * for a while, prints what it was doing and ends the process with exit code 3.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * CTest's own timeout would also end a hung test, but silently; this names the call.
 */

#ifndef WCT_TESTS_WATCHDOG_H
#define WCT_TESTS_WATCHDOG_H

#include <windows.h>

/* Prints what thread number `index` was doing (called on the watchdog's thread). */
typedef void (*watchdog_describe)(DWORD index);

/*
 * Watches count progress counters (each bumped by one driver thread as it goes); when one
 * has not moved for stall_ms, calls describe(index) and exits the process.
 * FALSE when the watchdog thread cannot be started.
 */
BOOL watchdog_start(volatile LONG *progress, DWORD count, DWORD stall_ms,
                    watchdog_describe describe);

/* Stops watching (bounded wait for the watchdog's thread). */
void watchdog_stop(void);

#endif /* WCT_TESTS_WATCHDOG_H */

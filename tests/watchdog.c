/*
 * watchdog.c - ends a hung reliability test with a description of the stuck call.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>

#include "watchdog.h"

#define WATCHDOG_PERIOD_MS 1000
#define MAX_WATCHED 64

static struct
{
    HANDLE thread;
    HANDLE stop;
    volatile LONG *progress;
    DWORD count;
    DWORD stall_ms;
    watchdog_describe describe;
    LONG seen[MAX_WATCHED];
    DWORD still[MAX_WATCHED]; /* ms without progress */
} watchdog;


static void check(DWORD index)
{
    LONG now = InterlockedCompareExchange(&watchdog.progress[index], 0, 0);

    if (now != watchdog.seen[index])
    {
        watchdog.seen[index] = now;
        watchdog.still[index] = 0;
        return;
    }
    watchdog.still[index] += WATCHDOG_PERIOD_MS;
    if (watchdog.still[index] < watchdog.stall_ms) return;
    printf("HANG: driver %lu made no progress for %lu s:\n", index, watchdog.stall_ms / 1000);
    if (watchdog.describe) watchdog.describe(index);
    fflush(stdout);
    ExitProcess(3);
}


static DWORD WINAPI watchdog_proc(void *param)
{
    DWORD i;

    (void)param;
    while (WaitForSingleObject(watchdog.stop, WATCHDOG_PERIOD_MS) == WAIT_TIMEOUT)
        for (i = 0; i < watchdog.count; i++) check(i);
    return 0;
}


BOOL watchdog_start(volatile LONG *progress, DWORD count, DWORD stall_ms,
                    watchdog_describe describe)
{
    if (count > MAX_WATCHED) return FALSE;
    watchdog.progress = progress;
    watchdog.count = count;
    watchdog.stall_ms = stall_ms;
    watchdog.describe = describe;
    watchdog.stop = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (!watchdog.stop) return FALSE;
    watchdog.thread = CreateThread(NULL, 0, watchdog_proc, NULL, 0, NULL);
    return watchdog.thread != NULL;
}


void watchdog_stop(void)
{
    if (!watchdog.thread) return;
    SetEvent(watchdog.stop);
    WaitForSingleObject(watchdog.thread, 10000);
    CloseHandle(watchdog.thread);
    CloseHandle(watchdog.stop);
    watchdog.thread = watchdog.stop = NULL;
}

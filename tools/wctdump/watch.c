/*
 * watch.c - --watch SECONDS: samples the selected threads' chains repeatedly and keeps the
 * waits that stayed the same for the whole period (watch_track.c decides what is the same).
 * Ctrl-C (or Ctrl-Break, or the console closing) ends the period early: what was seen so far
 * is reported.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "wctdump.h"

#define SAMPLE_INTERVAL_MS 500

static HANDLE stop_event;


static BOOL WINAPI console_handler(DWORD type)
{
    (void)type;
    /* Every kind ends the watch the same way: report, then exit. */
    SetEvent(stop_event);
    return TRUE;
}


/* Waits until the next sample is due (the last one starts at the end of the period); FALSE
 * once Ctrl-C was pressed. */
static BOOL wait_next(ULONGLONG now, ULONGLONG end)
{
    DWORD wait = SAMPLE_INTERVAL_MS;

    if (end <= now) wait = 0;
    else if (end - now < wait) wait = (DWORD)(end - now);
    return WaitForSingleObject(stop_event, wait) != WAIT_OBJECT_0;
}


/* One sample: a fresh snapshot (threads come and go) and its chains. */
static DWORD take_sample(const struct wctdump_options *options, struct wctdump_scan *sample,
                         char *error, size_t error_size)
{
    DWORD status = wctdump_enumerate(options, sample, error, error_size);

    if (!status && (status = wctdump_query(sample, error, error_size)))
        wctdump_scan_free(sample);
    return status;
}


/*
 * wctdump_watch: samples every SAMPLE_INTERVAL_MS for options->watch_seconds. scan gets the
 * last sample, filtered down to the waits seen for the whole period (or, after Ctrl-C, every
 * wait seen so far), each with its seen time.
 */
DWORD wctdump_watch(const struct wctdump_options *options, struct wctdump_scan *scan,
                    char *error, size_t error_size)
{
    struct wctdump_tracker tracker;
    struct wctdump_scan sample;
    ULONGLONG start, started = 0, now = 0, end = 0;
    DWORD status = ERROR_SUCCESS, samples = 0, period = options->watch_seconds * 1000;
    BOOL stopped = FALSE;

    memset(scan, 0, sizeof(*scan));
    if (!(stop_event = CreateEventW(NULL, TRUE, FALSE, NULL)))
    {
        snprintf(error, error_size, "cannot create an event: error %lu", GetLastError());
        return GetLastError();
    }
    SetConsoleCtrlHandler(console_handler, TRUE);
    wctdump_tracker_init(&tracker);
    start = GetTickCount64();
    for (;;)
    {
        started = GetTickCount64();
        if ((status = take_sample(options, &sample, error, error_size))) break;
        now = GetTickCount64();
        /* The period is counted from the end of the first sample: a wait seen by the first
         * and the last sample was seen for the whole period. */
        if (!samples++) end = now + period;
        wctdump_tracker_update(&tracker, &sample, started, now);
        if (tracker.failed)
        {
            snprintf(error, error_size, "out of memory while watching");
            status = ERROR_NOT_ENOUGH_MEMORY;
            wctdump_scan_free(&sample);
            break;
        }
        if (started >= end || (stopped = !wait_next(now, end))) break;
        wctdump_scan_free(&sample);
    }
    SetConsoleCtrlHandler(console_handler, FALSE);
    if (!status)
    {
        *scan = sample;
        scan->samples = samples;
        scan->interrupted = stopped;
        scan->watched_ms = (DWORD)(now - start);
        /* After Ctrl-C, everything seen so far; otherwise the waits of the whole period
         * (the first and last samples are period apart at least). */
        wctdump_tracker_filter(&tracker, scan, stopped ? 0 : period);
    }
    wctdump_tracker_free(&tracker);
    CloseHandle(stop_event);
    return status;
}

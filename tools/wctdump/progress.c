/*
 * progress.c - "scanning: 412/1010 threads" on stderr while a long scan runs, updated in
 * place and erased at the end; only when stderr is a terminal (never in a pipe or a file, so
 * scripts and tests read the report and nothing else).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>
#include <windows.h>
#include "wctdump.h"

/* A scan shorter than this shows nothing; a shown line is rewritten at most this often. */
#define PROGRESS_DELAY_MS    1000
#define PROGRESS_INTERVAL_MS 100


/***********************************************************************
 *           stderr_is_terminal   (internal)
 *
 * A console (GetConsoleMode succeeds), or a character device such as the terminal Wine
 * hands a program started from a shell. A pipe or a file is neither.
 */
static BOOL stderr_is_terminal(void)
{
    HANDLE handle = GetStdHandle(STD_ERROR_HANDLE);
    DWORD mode;

    if (!handle || handle == INVALID_HANDLE_VALUE) return FALSE;
    return GetConsoleMode(handle, &mode) || GetFileType(handle) == FILE_TYPE_CHAR;
}


/***********************************************************************
 *           progress_write   (internal)
 */
static void progress_write(struct wctdump_progress *progress, const char *text)
{
    fputs(text, stderr);
    fflush(stderr);
    progress->width = strlen(text) - 1; /* without the leading \r */
}


/***********************************************************************
 *           wctdump_progress_start
 */
void wctdump_progress_start(struct wctdump_progress *progress, size_t total)
{
    memset(progress, 0, sizeof(*progress));
    progress->total = total;
    progress->started_ms = GetTickCount64();
    progress->enabled = stderr_is_terminal();
}


/***********************************************************************
 *           wctdump_progress_update
 *
 * Called by the thread that runs the scan (never by several at once), with how many
 * threads are done.
 */
void wctdump_progress_update(struct wctdump_progress *progress, size_t done)
{
    ULONGLONG now;
    char line[80];

    if (!progress->enabled) return;
    now = GetTickCount64();
    if (now - progress->started_ms < PROGRESS_DELAY_MS) return;
    if (progress->width && now - progress->shown_ms < PROGRESS_INTERVAL_MS) return;
    snprintf(line, sizeof(line), "\rscanning: %u/%u threads", (unsigned int)done,
             (unsigned int)progress->total);
    progress_write(progress, line);
    progress->shown_ms = now;
}


/***********************************************************************
 *           wctdump_progress_end
 *
 * Erases the line, if one was shown: spaces over it, then back to the start of the line.
 */
void wctdump_progress_end(struct wctdump_progress *progress)
{
    char line[80];
    size_t width = progress->width;

    if (!width) return;
    if (width > sizeof(line) - 3) width = sizeof(line) - 3;
    line[0] = '\r';
    memset(line + 1, ' ', width);
    line[width + 1] = '\r';
    line[width + 2] = 0;
    fputs(line, stderr);
    fflush(stderr);
    progress->width = 0;
}

/*
 * wct_trace.c - optional tracing, switched on by WCT_DEBUG=1 in the environment.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Wine's own debug channels need Wine-only ntdll exports, and wct.dll must also load on
 * Windows, so it has this small switch of its own.
 */

/* Wine's CRT headers default to UCRT's inline printf family (__stdio_common_vfprintf),
 * which msvcrt.dll, the CRT this DLL links, does not export: use msvcrt's own functions. */
#define _NO_CRT_STDIO_INLINE
#include <stdarg.h>
#include <stdio.h>

#include "wct_private.h"

static INIT_ONCE trace_once = INIT_ONCE_STATIC_INIT;
static BOOL trace_enabled;

static BOOL CALLBACK read_trace_switch(INIT_ONCE *once, void *param, void **context)
{
    char value[8];
    DWORD length = GetEnvironmentVariableA("WCT_DEBUG", value, sizeof(value));

    (void)once; (void)param; (void)context;
    trace_enabled = length > 0 && length < sizeof(value) && value[0] != '0';
    return TRUE;
}

void wct_trace(const char *function, const char *format, ...)
{
    va_list args;

    InitOnceExecuteOnce(&trace_once, read_trace_switch, NULL, NULL);
    if (!trace_enabled) return;
    fprintf(stderr, "wct:%04lx:%s ", (unsigned long)GetCurrentThreadId(), function);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
}

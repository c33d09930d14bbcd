/*
 * wct_trace.c - tracing the Wine way: channel "wct", classes err, warn, fixme and trace.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Under Wine the lines go through Wine's own debug channels: WINEDEBUG=+wct, warn+wct,
 * -all... switch them as for any builtin DLL, and Wine writes them in its own format
 * ("0024:trace:wct:OpenThreadWaitChainSession ..."). wct.dll is built by mingw-w64 and
 * must also load on Windows, so it does not link Wine's debug exports: ntdll's
 * __wine_dbg_get_channel_flags, __wine_dbg_header and __wine_dbg_output are looked up
 * once, by DllMain (wct_trace_init), under the loader lock the loader holds there anyway;
 * a trace on the inspection path only calls them.
 *
 * WCT_DEBUG=1 is an alias for "+wct" that WINEDEBUG cannot switch off: a line WINEDEBUG
 * leaves off is written, in the same format, to the process's standard error handle (where
 * a parent's redirection sends it; Wine's own output goes to the Unix stderr). Where there
 * is no Wine (Windows), WCT_DEBUG is the only switch and the lines go to OutputDebugString.
 */

/* Wine's CRT headers default to UCRT's inline printf family (__stdio_common_vfprintf),
 * which msvcrt.dll, the CRT this DLL links, does not export: use msvcrt's own functions. */
#define _NO_CRT_STDIO_INLINE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wct_private.h"

#define TRACE_LINE_SIZE 1024

/* The layout Wine's ntdll expects of a channel: flags (bit 7: not looked up yet), name. */
struct wine_debug_channel
{
    unsigned char flags;
    char name[15];
};

typedef unsigned char (__cdecl *wine_dbg_get_channel_flags)(struct wine_debug_channel *channel);
typedef int (__cdecl *wine_dbg_header)(int cls, struct wine_debug_channel *channel,
                                       const char *function);
typedef int (__cdecl *wine_dbg_output)(const char *text);

static struct wine_debug_channel trace_channel = { 0xff, "wct" };
static const char *const class_names[] = { "fixme", "err", "warn", "trace" };

/* Written once by trace_setup, then only read. */
static INIT_ONCE trace_once = INIT_ONCE_STATIC_INIT;
static wine_dbg_get_channel_flags p__wine_dbg_get_channel_flags;
static wine_dbg_header p__wine_dbg_header;
static wine_dbg_output p__wine_dbg_output;
static BOOL trace_alias; /* WCT_DEBUG=1: every class, whatever WINEDEBUG says */


/***********************************************************************
 *           read_alias   (internal)
 *
 * Whether WCT_DEBUG asks for every trace line (set, not starting with '0').
 */
static BOOL read_alias(void)
{
    char value[8];
    DWORD length = GetEnvironmentVariableA("WCT_DEBUG", value, sizeof(value));

    return length > 0 && length < sizeof(value) && value[0] != '0';
}


/***********************************************************************
 *           trace_setup   (internal)
 *
 * Finds Wine's debug entry points in ntdll (none on Windows) and reads WCT_DEBUG.
 * GetModuleHandle and GetProcAddress take the loader lock: only DllMain runs this.
 */
static BOOL CALLBACK trace_setup(INIT_ONCE *once, void *param, void **context)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    wine_dbg_get_channel_flags get_flags = NULL;
    wine_dbg_header header = NULL;
    wine_dbg_output output = NULL;

    (void)once; (void)param; (void)context;
    if (ntdll)
    {
        get_flags = (wine_dbg_get_channel_flags)(void *)GetProcAddress(ntdll,
            "__wine_dbg_get_channel_flags");
        header = (wine_dbg_header)(void *)GetProcAddress(ntdll, "__wine_dbg_header");
        output = (wine_dbg_output)(void *)GetProcAddress(ntdll, "__wine_dbg_output");
    }
    if (get_flags && header && output)
    {
        p__wine_dbg_get_channel_flags = get_flags;
        p__wine_dbg_header = header;
        p__wine_dbg_output = output;
    }
    trace_alias = read_alias();
    return TRUE;
}


/***********************************************************************
 *           wct_trace_init   (internal)
 *
 * Called by DllMain(PROCESS_ATTACH). A program that links wct_core without the DLL (the
 * tests) may call it from its own code; without it, nothing is traced.
 */
void wct_trace_init(void)
{
    InitOnceExecuteOnce(&trace_once, trace_setup, NULL, NULL);
}


/* Whether trace_setup has run, without running it (that takes the loader lock). The
 * thread's last error is kept: a trace never changes what a caller sees. */
static BOOL trace_ready(void)
{
    DWORD last_error = GetLastError();
    BOOL pending, ready;

    ready = InitOnceBeginInitialize(&trace_once, INIT_ONCE_CHECK_ONLY, &pending, NULL) && !pending;
    SetLastError(last_error);
    return ready;
}


/***********************************************************************
 *           wct_trace_on   (internal)
 *
 * Whether lines of class cls are written: as WINEDEBUG says for channel wct under Wine,
 * or WCT_DEBUG=1.
 */
BOOL wct_trace_on(enum wct_trace_class cls)
{
    if (!trace_ready()) return FALSE;
    if (trace_alias) return TRUE;
    return p__wine_dbg_get_channel_flags
           && (p__wine_dbg_get_channel_flags(&trace_channel) & (1 << cls));
}


/* snprintf, which msvcrt.dll does not export under that name. */
static int format_text(char *text, size_t size, const char *format, ...)
{
    va_list args;
    int length;

    va_start(args, format);
    length = vsnprintf(text, size, format, args);
    va_end(args);
    return length;
}


/* A line the alias alone asked for under Wine: to the standard error handle, whole. */
static void write_standard_error(const char *line, int length)
{
    HANDLE error = GetStdHandle(STD_ERROR_HANDLE);
    DWORD written;

    if (error == NULL || error == INVALID_HANDLE_VALUE) return;
    WriteFile(error, line, length, &written, NULL);
}


/***********************************************************************
 *           wct_trace_log   (internal)
 *
 * Writes one line of class cls from function, the thread's last error kept. Under Wine, Wine writes it when WINEDEBUG
 * asks for it; a line only WCT_DEBUG asked for gets the same header (thread, class,
 * channel, function) here and goes to the standard error handle. Elsewhere the line goes
 * to OutputDebugString.
 */
void wct_trace_log(enum wct_trace_class cls, const char *function, const char *format, ...)
{
    DWORD last_error = GetLastError();
    char line[TRACE_LINE_SIZE];
    int length;
    va_list args;

    if (!wct_trace_on(cls)) return;
    if (p__wine_dbg_output && p__wine_dbg_header(cls, &trace_channel, function) != -1)
    {
        va_start(args, format);
        vsnprintf(line, sizeof(line), format, args);
        va_end(args);
        p__wine_dbg_output(line);
        SetLastError(last_error);
        return;
    }
    if (p__wine_dbg_output)
        length = format_text(line, sizeof(line), "%04lx:%s:wct:%s ",
                             (unsigned long)GetCurrentThreadId(), class_names[cls], function);
    else
        length = format_text(line, sizeof(line), "wct:%s:%s ", class_names[cls], function);
    if (length < 0 || length >= (int)sizeof(line)) length = 0;
    va_start(args, format);
    vsnprintf(line + length, sizeof(line) - length, format, args);
    va_end(args);
    line[sizeof(line) - 1] = 0;
    if (p__wine_dbg_output) write_standard_error(line, (int)strlen(line));
    else OutputDebugStringA(line);
    SetLastError(last_error);
}


/***********************************************************************
 *           wct_trace   (internal)
 *
 * A trace-class line; the older name of WCT_TRACE's function, kept for its callers.
 */
void wct_trace(const char *function, const char *format, ...)
{
    char line[TRACE_LINE_SIZE];
    va_list args;

    if (!wct_trace_on(WCT_TRACE_CLASS_TRACE)) return;
    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    wct_trace_log(WCT_TRACE_CLASS_TRACE, function, "%s", line);
}

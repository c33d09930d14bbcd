/*
 * wctdump.h - declarations shared by the files of wctdump, a consumer of wct.dll that prints
 * the wait chains of the threads of a system, one process or one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout: options.c (command line), enumerate.c (processes and threads), query.c (the
 * chains, sync or async), privilege.c, names.c (readable names of types, statuses, errors),
 * out_buf.c (output text), format_text.c, format_json.c, summary.c (exit status), main.c.
 * Everything but enumerate.c, query.c, privilege.c and main.c is free of Win32 calls that
 * touch other processes, so the unit tests link it as the wctdump_core library.
 */

#ifndef WCTDUMP_H
#define WCTDUMP_H

#include <stddef.h>
#include <windows.h>
#include <wct.h>

/* mingw-w64's <winerror.h> lacks it (565 in the SDK). */
#ifndef ERROR_TOO_MANY_THREADS
#define ERROR_TOO_MANY_THREADS 565L
#endif

/* Exit statuses, for hang detectors that script wctdump. */
#define WCTDUMP_EXIT_OK       0 /* no deadlock found */
#define WCTDUMP_EXIT_ERROR    1 /* bad usage, no such process or thread, session failure */
#define WCTDUMP_EXIT_DEADLOCK 2 /* at least one chain is a cycle */

/* GetThreadWaitChain flags used when --flags is not given: every documented out-of-process
 * flag, as the SDK's WCTP_GETINFO_ALL_FLAGS and Microsoft's sample do. WCT_NETWORK_IO_FLAG is
 * not part of it (the GetThreadWaitChain documentation does not list it); --flags net adds it. */
#define WCTDUMP_DEFAULT_FLAGS (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG | WCT_OUT_OF_PROC_CS_FLAG)
#define WCTDUMP_KNOWN_FLAGS   (WCTDUMP_DEFAULT_FLAGS | WCT_NETWORK_IO_FLAG)

/* ----------------------------------------------------------------------------------------
 * Command line (options.c)
 */

enum wctdump_format
{
    WCTDUMP_FORMAT_TEXT,
    WCTDUMP_FORMAT_JSON
};

struct wctdump_options
{
    DWORD pid;        /* -p: only this process; 0 = every process */
    DWORD tid;        /* -t: only this thread; 0 = every thread */
    DWORD flags;      /* GetThreadWaitChain flags */
    BOOL async;       /* --async: an asynchronous session */
    BOOL help;        /* -h: print the usage and stop */
    enum wctdump_format format;
};

enum wctdump_parse_result
{
    WCTDUMP_PARSE_OK,
    WCTDUMP_PARSE_ERROR /* message in the caller's buffer */
};

enum wctdump_parse_result wctdump_parse_options(int argc, char **argv,
                                                struct wctdump_options *options,
                                                char *error, size_t error_size);
BOOL wctdump_parse_flags(const char *text, DWORD *flags, char *error, size_t error_size);
const char *wctdump_usage(void);

/* ----------------------------------------------------------------------------------------
 * What was scanned (enumerate.c fills the processes and threads, query.c the chains)
 */

/* One thread and its wait chain. */
struct wctdump_chain
{
    DWORD pid;
    DWORD tid;
    DWORD error;      /* ERROR_SUCCESS; ERROR_TOO_MANY_THREADS (the nodes are the first 16);
                         anything else: no nodes, the thread could not be inspected */
    DWORD count;      /* valid nodes */
    BOOL is_cycle;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
};

struct wctdump_process
{
    DWORD pid;
    WCHAR name[MAX_PATH]; /* executable file name, possibly empty */
    size_t first;         /* index of its first chain in wctdump_scan.chains */
    size_t count;         /* its chains, consecutive */
};

struct wctdump_scan
{
    struct wctdump_process *processes; /* ordered by pid */
    size_t process_count;
    struct wctdump_chain *chains;      /* grouped by process, in snapshot order */
    size_t chain_count;
    DWORD flags;                       /* GetThreadWaitChain flags used */
    BOOL async;
    DWORD self_pid;                    /* wctdump's own process: skipped unless asked for */
};

void wctdump_scan_free(struct wctdump_scan *scan);

/* enumerate.c: fills scan with the processes and threads options selects. Returns
 * ERROR_SUCCESS, or an error with a message in the buffer (no such process or thread). */
DWORD wctdump_enumerate(const struct wctdump_options *options, struct wctdump_scan *scan,
                        char *error, size_t error_size);

/* query.c: fills every chain of scan, synchronously or through an asynchronous session.
 * Returns ERROR_SUCCESS, or the error that made the whole scan fail (message in the buffer). */
DWORD wctdump_query(struct wctdump_scan *scan, char *error, size_t error_size);

/* privilege.c: enables SeDebugPrivilege where the token has it; TRUE when enabled. */
BOOL wctdump_enable_debug_privilege(void);

/* ----------------------------------------------------------------------------------------
 * Names (names.c)
 */

const char *wctdump_type_name(WCT_OBJECT_TYPE type);
const char *wctdump_status_name(WCT_OBJECT_STATUS status);
const char *wctdump_error_name(DWORD error); /* "ERROR_ACCESS_DENIED", or NULL if unknown */

/* ----------------------------------------------------------------------------------------
 * Output text (out_buf.c): a growable UTF-8 buffer. On allocation failure it stops growing
 * and remembers it (failed), so formatters need not check every call.
 */

struct out_buf
{
    char *data; /* zero-terminated */
    size_t length;
    size_t capacity;
    BOOL failed;
};

void out_init(struct out_buf *out);
void out_free(struct out_buf *out);
void out_append(struct out_buf *out, const char *text, size_t length);
void out_puts(struct out_buf *out, const char *text);
void out_printf(struct out_buf *out, const char *format, ...)
    __attribute__((format(gnu_printf, 2, 3)));
/* Append a UTF-16 string of at most max_chars characters (stopping at a zero) as UTF-8,
 * unpaired surrogates as U+FFFD.
 * out_escaped_utf16: escaped for a JSON string (quotes, backslashes, control characters);
 * out_text_utf16: for people, on one line: control characters as \n, \t, \r or \xNN, the
 * rest as it is (NT names are full of backslashes). */
void out_escaped_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars);
void out_text_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars);

/* ----------------------------------------------------------------------------------------
 * Formats and summary (format_text.c, format_json.c, summary.c)
 */

void wctdump_format_text(struct out_buf *out, const struct wctdump_scan *scan);
void wctdump_format_json(struct out_buf *out, const struct wctdump_scan *scan);

/* A chain that is reported at all (the thread did not vanish before it was queried). */
BOOL wctdump_chain_is_reported(const struct wctdump_chain *chain);
/* A chain whose nodes are valid (complete, or the first 16 of a longer one). */
BOOL wctdump_chain_has_nodes(const struct wctdump_chain *chain);
size_t wctdump_reported_threads(const struct wctdump_scan *scan);
size_t wctdump_deadlocked_threads(const struct wctdump_scan *scan);
int wctdump_exit_status(const struct wctdump_scan *scan);

#endif /* WCTDUMP_H */

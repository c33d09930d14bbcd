/*
 * wctdump.h - declarations shared by the files of wctdump, a consumer of wct.dll that prints
 * the wait chains of the threads of a system, one process or one thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Layout: options.c (command line), enumerate.c (processes and threads), image_name.c
 * (selection by name), describe.c (thread descriptions), query.c (the chains, sync or async,
 * one or several sessions), progress.c (the progress line), stacks.c (call stacks of blocked
 * threads), watch.c (--watch's sampling loop) and watch_track.c (what stayed the same),
 * privilege.c, names.c (readable names of types, statuses, errors), out_buf.c (output text),
 * format_text.c, format_json.c, format_dot.c, summary.c (exit status), main.c.
 * Everything but enumerate.c, describe.c, query.c, progress.c, stacks.c, watch.c,
 * privilege.c and main.c is free of Win32 calls that touch other processes, so the unit
 * tests link it as the wctdump_core library.
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
#define WCTDUMP_EXIT_HANG     3 /* --watch: a thread kept the same wait, no cycle */

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
    WCTDUMP_FORMAT_JSON,
    WCTDUMP_FORMAT_DOT
};

#define WCTDUMP_NAME_LENGTH    260 /* --name, in UTF-8 */
#define WCTDUMP_MAX_WATCH_SECONDS 86400

struct wctdump_options
{
    DWORD pid;        /* -p: only this process; 0 = every process */
    DWORD tid;        /* -t: only this thread; 0 = every thread */
    DWORD flags;      /* GetThreadWaitChain flags */
    BOOL async;       /* --async: an asynchronous session */
    BOOL help;        /* -h: print the usage and stop */
    BOOL stacks;      /* --stacks: the call stack of each blocked thread */
    DWORD watch_seconds; /* --watch: 0 = one snapshot */
    char name[WCTDUMP_NAME_LENGTH]; /* --name / NAME.exe: image name, "" = any */
    enum wctdump_format format;
};

enum wctdump_parse_result
{
    WCTDUMP_PARSE_OK,
    WCTDUMP_PARSE_ERROR /* message in the caller's buffer */
};

/* arguments.c: the wide command line (wmain's argv) in UTF-8, argc entries and a NULL;
 * NULL with a message in error when out of memory or an argument is not valid UTF-16.
 * Freed by wctdump_free_arguments. */
char **wctdump_utf8_arguments(int argc, WCHAR **wargv, char *error, size_t error_size);
void wctdump_free_arguments(int argc, char **argv);

enum wctdump_parse_result wctdump_parse_options(int argc, char **argv,
                                                struct wctdump_options *options,
                                                char *error, size_t error_size);
BOOL wctdump_parse_flags(const char *text, DWORD *flags, char *error, size_t error_size);
const char *wctdump_usage(void);

/* ----------------------------------------------------------------------------------------
 * What was scanned (enumerate.c fills the processes and threads, query.c the chains)
 */

/* One frame of a call stack, innermost first. */
#define WCTDUMP_MAX_FRAMES        32
#define WCTDUMP_FRAME_TEXT_LENGTH 96

struct wctdump_frame
{
    DWORD64 address;
    DWORD64 module_offset;  /* address - the module's base, when module is set */
    DWORD64 symbol_offset;  /* address - the symbol's start, when symbol is set */
    WCHAR module[WCTDUMP_FRAME_TEXT_LENGTH]; /* module file name, L"" unknown */
    WCHAR symbol[WCTDUMP_FRAME_TEXT_LENGTH]; /* function name, L"" unknown */
    BOOL own_code;          /* in the process's own executable */
};

/* A blocked thread's call stack, read from the other process while it waits. */
struct wctdump_stack
{
    DWORD error;   /* ERROR_SUCCESS; else no frames (ERROR_TIMEOUT: the time bound) */
    BOOL current;  /* the thread's chain was the same before and after the read */
    DWORD count;   /* frames shown: from the wait down to the program's own code */
    struct wctdump_frame frames[WCTDUMP_MAX_FRAMES];
};

#define WCTDUMP_DESCRIPTION_LENGTH 64

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
    WCHAR description[WCTDUMP_DESCRIPTION_LENGTH]; /* GetThreadDescription, "" if none */
    DWORD seen_ms;    /* --watch: how long this wait has been seen (a lower bound); 0 */
    struct wctdump_stack *stack; /* --stacks: NULL when not read (freed with the scan) */
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
    DWORD watched_ms;                  /* --watch: how long it watched (0: one snapshot) */
    DWORD samples;                     /* --watch: how many samples */
    BOOL interrupted;                  /* --watch: ended early by Ctrl-C */
    BOOL stacks_abandoned;             /* a stack reader still runs: chains are not freed */
};

void wctdump_scan_free(struct wctdump_scan *scan);

/* enumerate.c: fills scan with the processes and threads options selects. Returns
 * ERROR_SUCCESS, or an error with a message in the buffer (no such process or thread). */
DWORD wctdump_enumerate(const struct wctdump_options *options, struct wctdump_scan *scan,
                        char *error, size_t error_size);

/* query.c: fills every chain of scan, synchronously or through an asynchronous session.
 * Returns ERROR_SUCCESS, or the error that made the whole scan fail (message in the buffer). */
DWORD wctdump_query(struct wctdump_scan *scan, char *error, size_t error_size);

/* query.c: how many threads of its own (each with its own synchronous session) a scan of
 * count threads uses: WCTDUMP_SCAN_THREADS (1-16; 1 = one session, in order) when set,
 * else min(WCTDUMP_SCAN_THREADS_DEFAULT, processors) for a scan of at least
 * WCTDUMP_PARALLEL_MIN_CHAINS threads, else 1. */
#define WCTDUMP_SCAN_THREADS_MAX     16
#define WCTDUMP_SCAN_THREADS_DEFAULT 4
#define WCTDUMP_PARALLEL_MIN_CHAINS  64
DWORD wctdump_scan_threads(size_t count);

/* progress.c: "scanning: N/M threads" on stderr, rewritten in place, once a scan has run
 * for a second, only when stderr is a terminal; erased by wctdump_progress_end. */
struct wctdump_progress
{
    size_t total;
    ULONGLONG started_ms;
    ULONGLONG shown_ms; /* when the line was last written */
    size_t width;       /* characters of the line on the terminal; 0: nothing shown */
    BOOL enabled;       /* stderr is a terminal */
};

void wctdump_progress_start(struct wctdump_progress *progress, size_t total);
void wctdump_progress_update(struct wctdump_progress *progress, size_t done);
void wctdump_progress_end(struct wctdump_progress *progress);

/* image_name.c: whether an image name (as toolhelp gives it) is the one --name asks for:
 * case-insensitive, ".exe" optional in the name asked for. */
BOOL wctdump_image_name_matches(const WCHAR *image, const char *name);

/* describe.c: fills each chain's description (GetThreadDescription, where the system has
 * it: looked up at run time). */
void wctdump_describe_threads(struct wctdump_scan *scan);

/* stacks.c: reads the call stack of every blocked thread of scan (bounded in depth and
 * time; never suspends a thread), then checks each thread is still in the same wait. */
void wctdump_read_stacks(struct wctdump_scan *scan);

/* watch.c: --watch: samples for options->watch_seconds (or until Ctrl-C) and leaves in
 * scan the last sample's chains of the threads whose wait stayed the same, seen_ms set. */
DWORD wctdump_watch(const struct wctdump_options *options, struct wctdump_scan *scan,
                    char *error, size_t error_size);

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
/* Append a UTF-16 string of at most max_chars characters (stopping at a zero) as UTF-8.
 * out_escaped_utf16: escaped for a JSON string (quotes, backslashes, control characters),
 * unpaired surrogates as U+FFFD;
 * out_text_utf16: for people on a terminal, on one line. Every text of another process or
 * a symbol file (image, module, symbol, description, object names) goes through it, in the
 * text and DOT reports: \n, \t, \r; other C0 and C1 controls and DEL as \xNN; line
 * separators, bidirectional overrides and unpaired surrogates as \uNNNN; the rest as it is
 * (NT names are full of backslashes). */
void out_escaped_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars);
void out_text_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars);

/* ----------------------------------------------------------------------------------------
 * Formats and summary (format_text.c, format_json.c, summary.c)
 */

void wctdump_format_text(struct out_buf *out, const struct wctdump_scan *scan);
void wctdump_format_json(struct out_buf *out, const struct wctdump_scan *scan);
/* Graphviz: threads and objects as nodes, "waits for" as edges, a cycle in red. */
void wctdump_format_dot(struct out_buf *out, const struct wctdump_scan *scan);

/* ----------------------------------------------------------------------------------------
 * --watch bookkeeping (watch_track.c): which waits stayed the same from sample to sample.
 */

/* A thread that is blocked on something: its chain has a node after the thread. */
BOOL wctdump_chain_is_waiting(const struct wctdump_chain *chain);
/* Whether two chains of one thread show the same blocked wait: thread, object, owner (and,
 * where the system counts them, no context switch in between). */
BOOL wctdump_same_wait(const struct wctdump_chain *a, const struct wctdump_chain *b);

struct wctdump_watch_entry
{
    DWORD pid, tid;
    struct wctdump_chain chain; /* the wait as last seen */
    ULONGLONG first_ms;         /* the end of the sample that first saw this wait */
    ULONGLONG last_ms;          /* the start of the latest sample that saw it */
    DWORD sample;               /* the number of that sample */
};

struct wctdump_tracker
{
    struct wctdump_watch_entry *entries;
    size_t count, capacity;
    DWORD samples;  /* samples taken */
    BOOL failed;    /* out of memory */
};

void wctdump_tracker_init(struct wctdump_tracker *tracker);
void wctdump_tracker_free(struct wctdump_tracker *tracker);
/* Takes one sample, taken between started_ms and ended_ms: a thread whose wait is the same
 * as before keeps its first time; a new or changed wait starts at ended_ms; a thread no
 * longer waiting is dropped. The time seen runs from the end of the first sample that saw
 * the wait to the start of the last one: the thread was surely in it all that time. */
void wctdump_tracker_update(struct wctdump_tracker *tracker, const struct wctdump_scan *sample,
                            ULONGLONG started_ms, ULONGLONG ended_ms);
/* How long the thread's current wait has been seen (0: not waiting, or one sample only). */
DWORD wctdump_tracker_seen_ms(const struct wctdump_tracker *tracker, DWORD tid);
/* Keeps in scan (the last sample) only the waiting chains seen for at least min_ms (for
 * more than 0 when min_ms is 0), seen_ms set; processes left without a chain are dropped. */
void wctdump_tracker_filter(const struct wctdump_tracker *tracker, struct wctdump_scan *scan,
                            DWORD min_ms);

/* A chain that is reported at all (the thread did not vanish before it was queried). */
BOOL wctdump_chain_is_reported(const struct wctdump_chain *chain);
/* A chain whose nodes are valid (complete, or the first 16 of a longer one). */
BOOL wctdump_chain_has_nodes(const struct wctdump_chain *chain);
size_t wctdump_reported_threads(const struct wctdump_scan *scan);
size_t wctdump_deadlocked_threads(const struct wctdump_scan *scan);
/* 0, 2 for a deadlock; after --watch, 3 for a thread that kept its wait without a cycle. */
int wctdump_exit_status(const struct wctdump_scan *scan);

#endif /* WCTDUMP_H */

/*
 * main.c - wctdump: prints the wait chains of threads, marks deadlocks, and says by its exit
 * status whether it found one (0 no, 2 yes, 1 error; 3 after --watch: a hang without a
 * cycle).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include "wctdump.h"

#define ERROR_TEXT_SIZE 512

static int fail(const char *message)
{
    fprintf(stderr, "wctdump: %s\n", message);
    return WCTDUMP_EXIT_ERROR;
}


/* Writes the whole report at once, so a scan that fails prints nothing but the error. */
static int print_report(const struct wctdump_options *options, const struct wctdump_scan *scan)
{
    struct out_buf out;
    int status = wctdump_exit_status(scan);

    out_init(&out);
    if (options->format == WCTDUMP_FORMAT_JSON) wctdump_format_json(&out, scan);
    else if (options->format == WCTDUMP_FORMAT_DOT) wctdump_format_dot(&out, scan);
    else wctdump_format_text(&out, scan);
    if (out.failed)
        status = fail("out of memory while formatting the report");
    else if (fwrite(out.data, 1, out.length, stdout) != out.length || fflush(stdout))
        status = fail("cannot write the report to the standard output");
    out_free(&out);
    return status;
}


/* -t names one thread: if it cannot be inspected, that is the answer, and an error. */
static int check_single_thread(const struct wctdump_options *options, const struct wctdump_scan *scan)
{
    char message[ERROR_TEXT_SIZE];
    const char *name;

    if (!options->tid || scan->chain_count != 1 || wctdump_chain_has_nodes(&scan->chains[0]))
        return WCTDUMP_EXIT_OK;
    if (scan->chains[0].error == ERROR_OBJECT_NOT_FOUND)
        snprintf(message, sizeof(message), "thread %lu exited before it could be inspected",
                 options->tid);
    else if ((name = wctdump_error_name(scan->chains[0].error)))
        snprintf(message, sizeof(message), "cannot inspect thread %lu: %s", options->tid, name);
    else
        snprintf(message, sizeof(message), "cannot inspect thread %lu: error %lu", options->tid,
                 scan->chains[0].error);
    return fail(message);
}


/* Parses the wide command line; WCTDUMP_EXIT_OK, or the error is printed. */
static int parse_command_line(int argc, WCHAR **wargv, struct wctdump_options *options)
{
    char error[ERROR_TEXT_SIZE];
    enum wctdump_parse_result result;
    char **argv;

    if (!(argv = wctdump_utf8_arguments(argc, wargv, error, sizeof(error)))) return fail(error);
    result = wctdump_parse_options(argc, argv, options, error, sizeof(error));
    wctdump_free_arguments(argc, argv);
    if (result == WCTDUMP_PARSE_OK) return WCTDUMP_EXIT_OK;
    fprintf(stderr, "wctdump: %s\nTry 'wctdump -h' for help.\n", error);
    return WCTDUMP_EXIT_ERROR;
}


/* wmain (-municode): the arguments as UTF-16, whatever the ANSI code page can hold. */
int wmain(int argc, WCHAR **wargv)
{
    char error[ERROR_TEXT_SIZE];
    struct wctdump_options options;
    struct wctdump_scan scan;
    int status;

    /* Plain \n line ends, the same on a console, in a pipe and under Wine. */
    _setmode(_fileno(stdout), _O_BINARY);
    if ((status = parse_command_line(argc, wargv, &options)) != WCTDUMP_EXIT_OK) return status;
    if (options.help)
    {
        fputs(wctdump_usage(), stdout);
        return WCTDUMP_EXIT_OK;
    }

    wctdump_enable_debug_privilege();
    if (options.watch_seconds)
    {
        if (wctdump_watch(&options, &scan, error, sizeof(error))) return fail(error);
    }
    else
    {
        if (wctdump_enumerate(&options, &scan, error, sizeof(error))) return fail(error);
        if (wctdump_query(&scan, error, sizeof(error)))
        {
            wctdump_scan_free(&scan);
            return fail(error);
        }
    }
    wctdump_describe_threads(&scan);
    if (options.stacks) wctdump_read_stacks(&scan);
    if ((status = check_single_thread(&options, &scan)) == WCTDUMP_EXIT_OK)
        status = print_report(&options, &scan);
    wctdump_scan_free(&scan);
    return status;
}

/*
 * options.c - wctdump's command line: which threads, which flags, which output.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wctdump.h"

static const char usage_text[] =
    "Usage: wctdump [-p PID | -t TID | PID | NAME.exe | --name NAME] [--watch SECONDS]\n"
    "               [--stacks] [--json | --dot] [--async] [--flags LIST] [-h]\n"
    "Prints the wait chain of every thread of every process (wctdump's own process is\n"
    "skipped unless asked for), of one process (-p), of one thread (-t) or of every\n"
    "process with an image name (NAME.exe, --name).\n"
    "\n"
    "  -p, --pid PID      only the threads of process PID\n"
    "  -t, --tid TID      only thread TID\n"
    "  -n, --name NAME    only the processes whose image is NAME (any case, .exe optional)\n"
    "  -w, --watch SECS   sample for SECS seconds (1-86400) and report the threads whose\n"
    "                     wait (thread, object, owner) stayed the same all along, with how\n"
    "                     long wctdump saw it (a lower bound); Ctrl-C reports what was seen\n"
    "      --stacks       the call stack of each blocked thread, from the wait down to the\n"
    "                     program's own code (read without suspending the thread)\n"
    "      --json         one JSON document instead of the text tree\n"
    "      --dot          the wait-for graph for Graphviz (wctdump --dot | dot -Tsvg)\n"
    "      --async        use an asynchronous WCT session (results in the same order)\n"
    "      --flags LIST   GetThreadWaitChain flags: a comma-separated list of\n"
    "                     proc (WCT_OUT_OF_PROC_FLAG), com (WCT_OUT_OF_PROC_COM_FLAG),\n"
    "                     cs (WCT_OUT_OF_PROC_CS_FLAG), net (WCT_NETWORK_IO_FLAG),\n"
    "                     all (proc,com,cs: the default), none; or a number (0x7)\n"
    "  -h, --help         this text\n"
    "PID and TID are decimal, or hexadecimal with 0x.\n"
    "\n"
    "Exit status: 0 no deadlock found, 2 deadlock found, 3 (--watch) a thread kept the same\n"
    "wait for the whole period without a deadlock, 1 error (bad usage, no such process or\n"
    "thread, the WCT session failed).\n";

struct flag_name
{
    const char *name;
    DWORD value;
};

static const struct flag_name flag_names[] =
{
    { "proc", WCT_OUT_OF_PROC_FLAG },
    { "com",  WCT_OUT_OF_PROC_COM_FLAG },
    { "cs",   WCT_OUT_OF_PROC_CS_FLAG },
    { "net",  WCT_NETWORK_IO_FLAG },
    { "all",  WCTDUMP_DEFAULT_FLAGS },
    { "none", 0 },
};


const char *wctdump_usage(void)
{
    return usage_text;
}


/* Parses a whole unsigned 32-bit number: decimal, or hexadecimal with 0x. */
static BOOL parse_number(const char *text, DWORD *value)
{
    unsigned long long number;
    int base = 10;
    char *end;

    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
    {
        base = 16;
        text += 2;
    }
    if (!*text || !strchr("0123456789abcdefABCDEF", *text)) return FALSE;
    errno = 0;
    number = strtoull(text, &end, base);
    if (errno || *end || number > 0xffffffffull) return FALSE;
    *value = (DWORD)number;
    return TRUE;
}


static BOOL lookup_flag(const char *name, size_t length, DWORD *value)
{
    size_t i;

    for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
    {
        if (strlen(flag_names[i].name) == length && !strncmp(flag_names[i].name, name, length))
        {
            *value = flag_names[i].value;
            return TRUE;
        }
    }
    return FALSE;
}


/*
 * wctdump_parse_flags: "proc,cs", "none", "all", "0x5" or "5" into GetThreadWaitChain flags.
 * Bits wct does not know are refused, so a typo cannot reach the library.
 */
BOOL wctdump_parse_flags(const char *text, DWORD *flags, char *error, size_t error_size)
{
    const char *item = text;
    DWORD result = 0, value;

    if (parse_number(text, &value))
    {
        if (value & ~WCTDUMP_KNOWN_FLAGS)
        {
            snprintf(error, error_size, "--flags %s: unknown flag bits 0x%lx (known: proc=0x1, "
                     "com=0x2, cs=0x4, net=0x8)", text, value & ~WCTDUMP_KNOWN_FLAGS);
            return FALSE;
        }
        *flags = value;
        return TRUE;
    }
    for (;;)
    {
        size_t length = strcspn(item, ",");
        if (!lookup_flag(item, length, &value))
        {
            snprintf(error, error_size, "--flags %s: unknown flag '%.*s' (use proc, com, cs, "
                     "net, all, none or a number)", text, (int)length, item);
            return FALSE;
        }
        result |= value;
        if (!item[length]) break;
        item += length + 1;
    }
    *flags = result;
    return TRUE;
}


/* Matches argv[*index] against a short and a long option that take a value, in the forms
 * "-p 12", "-p12", "--pid 12" and "--pid=12". Returns the value, or NULL when the argument
 * is another option; sets *missing when the option is there but its value is not. */
static const char *option_value(int argc, char **argv, int *index, const char *short_name,
                                const char *long_name, BOOL *missing)
{
    const char *arg = argv[*index];
    size_t long_length = strlen(long_name);

    *missing = FALSE;
    if (short_name && !strncmp(arg, short_name, 2))
        arg += 2;
    else if (!strncmp(arg, long_name, long_length) && (!arg[long_length] || arg[long_length] == '='))
        arg += long_length + (arg[long_length] == '=');
    else
        return NULL;

    if (*arg || arg[-1] == '=') return arg;
    if (*index + 1 >= argc)
    {
        *missing = TRUE;
        return NULL;
    }
    return argv[++*index];
}


static BOOL parse_id(const char *option, const char *text, DWORD *id, char *error,
                     size_t error_size)
{
    if (!parse_number(text, id) || !*id)
    {
        snprintf(error, error_size, "%s: '%s' is not a process or thread id (a positive "
                 "number, decimal or 0x hexadecimal)", option, text);
        return FALSE;
    }
    return TRUE;
}


static BOOL parse_name(const char *text, struct wctdump_options *options, char *error,
                       size_t error_size)
{
    if (!text[0] || strlen(text) >= sizeof(options->name) || strpbrk(text, "\\/"))
    {
        snprintf(error, error_size, "--name: '%s' is not an image name (a file name such as "
                 "app.exe, at most %u bytes)", text, (unsigned int)sizeof(options->name) - 1);
        return FALSE;
    }
    strcpy(options->name, text);
    return TRUE;
}


static BOOL parse_watch(const char *text, DWORD *seconds, char *error, size_t error_size)
{
    if (!parse_number(text, seconds) || !*seconds || *seconds > WCTDUMP_MAX_WATCH_SECONDS)
    {
        snprintf(error, error_size, "--watch: '%s' is not a number of seconds (1 to %u)", text,
                 WCTDUMP_MAX_WATCH_SECONDS);
        return FALSE;
    }
    return TRUE;
}


/* Handles one option that takes a value. Returns FALSE with a message when it is wrong;
 * *matched tells whether argv[*index] was one of them. */
static BOOL parse_valued_option(int argc, char **argv, int *index,
                                struct wctdump_options *options, BOOL *matched,
                                char *error, size_t error_size)
{
    static const struct { const char *short_name, *long_name; } valued[] =
        { { "-p", "--pid" }, { "-t", "--tid" }, { NULL, "--flags" }, { "-n", "--name" },
          { "-w", "--watch" } };
    const char *value = NULL;
    BOOL missing = FALSE;
    size_t i;

    *matched = FALSE;
    for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
    {
        value = option_value(argc, argv, index, valued[i].short_name, valued[i].long_name,
                             &missing);
        if (value || missing) break;
    }
    if (i == sizeof(valued) / sizeof(valued[0])) return TRUE;
    *matched = TRUE;
    if (missing)
    {
        snprintf(error, error_size, "%s needs a value", valued[i].long_name);
        return FALSE;
    }
    if (i == 0) return parse_id("--pid", value, &options->pid, error, error_size);
    if (i == 1) return parse_id("--tid", value, &options->tid, error, error_size);
    if (i == 2) return wctdump_parse_flags(value, &options->flags, error, error_size);
    if (i == 3) return parse_name(value, options, error, error_size);
    return parse_watch(value, &options->watch_seconds, error, error_size);
}


static BOOL parse_switch(const char *arg, struct wctdump_options *options)
{
    if (!strcmp(arg, "--json")) options->format = WCTDUMP_FORMAT_JSON;
    else if (!strcmp(arg, "--dot")) options->format = WCTDUMP_FORMAT_DOT;
    else if (!strcmp(arg, "--stacks")) options->stacks = TRUE;
    else if (!strcmp(arg, "--async")) options->async = TRUE;
    else if (!strcmp(arg, "-h") || !strcmp(arg, "--help") || !strcmp(arg, "/?")) options->help = TRUE;
    else return FALSE;
    return TRUE;
}


/*
 * wctdump_parse_options: fills options from argv (argv[0] is the program). Every option
 * may appear once or more (the last one wins). -h stops at once, as later arguments do not
 * matter. Returns WCTDUMP_PARSE_ERROR with a one-line message for anything wrong.
 */
enum wctdump_parse_result wctdump_parse_options(int argc, char **argv,
                                                struct wctdump_options *options,
                                                char *error, size_t error_size)
{
    int i;

    memset(options, 0, sizeof(*options));
    options->flags = WCTDUMP_DEFAULT_FLAGS;
    options->format = WCTDUMP_FORMAT_TEXT;
    error[0] = 0;

    for (i = 1; i < argc; i++)
    {
        BOOL matched;

        if (parse_switch(argv[i], options))
        {
            if (options->help) return WCTDUMP_PARSE_OK;
            continue;
        }
        if (!parse_valued_option(argc, argv, &i, options, &matched, error, error_size))
            return WCTDUMP_PARSE_ERROR;
        if (matched) continue;
        if (argv[i][0] != '-')
        {
            /* A bare PID, as Microsoft's sample takes it; anything else is an image name. */
            if (strspn(argv[i], "0123456789") == strlen(argv[i])
                || (argv[i][0] == '0' && (argv[i][1] == 'x' || argv[i][1] == 'X')))
            {
                if (!parse_id("PID", argv[i], &options->pid, error, error_size))
                    return WCTDUMP_PARSE_ERROR;
            }
            else if (!parse_name(argv[i], options, error, error_size))
                return WCTDUMP_PARSE_ERROR;
            continue;
        }
        snprintf(error, error_size, "unknown option '%s'", argv[i]);
        return WCTDUMP_PARSE_ERROR;
    }
    return WCTDUMP_PARSE_OK;
}

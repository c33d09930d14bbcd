/*
 * test_wctdump_options.c - wctdump's command line (tools/wctdump/options.c) and selection
 * by image name (image_name.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "wctdump.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))

static char error[256];

static enum wctdump_parse_result parse(int argc, char **argv, struct wctdump_options *options)
{
    memset(error, 0x55, sizeof(error));
    return wctdump_parse_options(argc, argv, options, error, sizeof(error));
}


static void test_options_defaults(void **state)
{
    char *argv[] = { "wctdump" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.pid, 0);
    assert_int_equal(options.tid, 0);
    assert_int_equal(options.flags, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_COM_FLAG
                                     | WCT_OUT_OF_PROC_CS_FLAG);
    assert_false(options.async);
    assert_false(options.help);
    assert_int_equal(options.format, WCTDUMP_FORMAT_TEXT);
    assert_string_equal(error, "");
}


static void test_options_pid_forms(void **state)
{
    char *forms[][3] = { { "wctdump", "-p", "42" }, { "wctdump", "-p42", NULL },
                         { "wctdump", "--pid", "42" }, { "wctdump", "--pid=42", NULL },
                         { "wctdump", "-p", "0x2a" }, { "wctdump", "42", NULL } };
    struct wctdump_options options;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
    {
        int argc = forms[i][2] ? 3 : 2;
        assert_int_equal(parse(argc, forms[i], &options), WCTDUMP_PARSE_OK);
        assert_int_equal(options.pid, 42);
        assert_int_equal(options.tid, 0);
    }
}


static void test_options_tid_and_switches(void **state)
{
    char *argv[] = { "wctdump", "--tid", "0x10", "--json", "--async", "-p", "7" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.tid, 16);
    assert_int_equal(options.pid, 7);
    assert_true(options.async);
    assert_int_equal(options.format, WCTDUMP_FORMAT_JSON);
}


static void test_options_help_stops_parsing(void **state)
{
    char *argv[] = { "wctdump", "--help", "--no-such-option" };
    char *short_argv[] = { "wctdump", "-h" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_OK);
    assert_true(options.help);
    assert_int_equal(parse(ARGC(short_argv), short_argv, &options), WCTDUMP_PARSE_OK);
    assert_true(options.help);
    assert_non_null(strstr(wctdump_usage(), "Exit status: 0 no deadlock found, 2 deadlock found, 3 "
                                            "(--watch) a thread kept the same\nwait"));
}


static void test_options_bad_ids(void **state)
{
    char *bad[][3] = { { "wctdump", "-p", "0" }, { "wctdump", "-p", "12x" },
                       { "wctdump", "-t", "-3" }, { "wctdump", "--pid=", NULL },
                       { "wctdump", "-t", "4294967296" }, { "wctdump", "-p", "0x" },
                       { "wctdump", "0x", NULL }, { "wctdump", "0", NULL } };
    struct wctdump_options options;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        int argc = bad[i][2] ? 3 : 2;
        assert_int_equal(parse(argc, bad[i], &options), WCTDUMP_PARSE_ERROR);
        assert_non_null(strstr(error, "is not a process or thread id"));
    }
}


static void test_options_missing_value(void **state)
{
    char *argv[] = { "wctdump", "--flags" };
    char *pid_argv[] = { "wctdump", "--json", "-p" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_ERROR);
    assert_string_equal(error, "--flags needs a value");
    assert_int_equal(parse(ARGC(pid_argv), pid_argv, &options), WCTDUMP_PARSE_ERROR);
    assert_string_equal(error, "--pid needs a value");
}


static void test_options_unknown_option(void **state)
{
    char *argv[] = { "wctdump", "--pidx=3" };
    char *single_dash[] = { "wctdump", "-x" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_ERROR);
    assert_string_equal(error, "unknown option '--pidx=3'");
    assert_int_equal(parse(ARGC(single_dash), single_dash, &options), WCTDUMP_PARSE_ERROR);
    assert_string_equal(error, "unknown option '-x'");
}


static void test_flags_names(void **state)
{
    static const struct { const char *text; DWORD flags; } cases[] =
    {
        { "proc", WCT_OUT_OF_PROC_FLAG },
        { "cs,proc", WCT_OUT_OF_PROC_CS_FLAG | WCT_OUT_OF_PROC_FLAG },
        { "proc,cs,com,net", 0xf },
        { "all", 0x7 },
        { "all,net", 0xf },
        { "none", 0 },
        { "0", 0 },
        { "5", 5 },
        { "0x8", WCT_NETWORK_IO_FLAG },
        { "0XF", 0xf },
    };
    DWORD flags;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        flags = 0xdeadbeef;
        assert_true(wctdump_parse_flags(cases[i].text, &flags, error, sizeof(error)));
        assert_int_equal(flags, cases[i].flags);
    }
}


static void test_flags_rejected(void **state)
{
    DWORD flags = 0xdeadbeef;

    (void)state;
    assert_false(wctdump_parse_flags("proc,bogus", &flags, error, sizeof(error)));
    assert_non_null(strstr(error, "unknown flag 'bogus'"));
    assert_false(wctdump_parse_flags("proc,", &flags, error, sizeof(error)));
    assert_non_null(strstr(error, "unknown flag ''"));
    assert_false(wctdump_parse_flags("", &flags, error, sizeof(error)));
    assert_false(wctdump_parse_flags("0x10", &flags, error, sizeof(error)));
    assert_non_null(strstr(error, "unknown flag bits 0x10"));
    assert_int_equal(flags, 0xdeadbeef);
}


static void test_flags_through_options(void **state)
{
    char *argv[] = { "wctdump", "--flags=cs" };
    char *bad_argv[] = { "wctdump", "--flags", "proc;cs" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.flags, WCT_OUT_OF_PROC_CS_FLAG);
    assert_int_equal(parse(ARGC(bad_argv), bad_argv, &options), WCTDUMP_PARSE_ERROR);
    assert_non_null(strstr(error, "unknown flag 'proc;cs'"));
}


static void test_options_name_forms(void **state)
{
    char *forms[][3] = { { "wctdump", "wct_demo.exe", NULL }, { "wctdump", "--name", "wct_demo.exe" },
                         { "wctdump", "--name=wct_demo.exe", NULL }, { "wctdump", "-n", "wct_demo.exe" } };
    struct wctdump_options options;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
    {
        int argc = forms[i][2] ? 3 : 2;
        assert_int_equal(parse(argc, forms[i], &options), WCTDUMP_PARSE_OK);
        assert_string_equal(options.name, "wct_demo.exe");
        assert_int_equal(options.pid, 0);
    }
}


/* A bare number is a pid, a bare 0x number too; anything else a name. */
static void test_options_bare_pid_or_name(void **state)
{
    char *pid_argv[] = { "wctdump", "0x10" };
    char *name_argv[] = { "wctdump", "12abc" };
    char *path_argv[] = { "wctdump", "--name", "c:\\apps\\x.exe" };
    char *empty_argv[] = { "wctdump", "--name=" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(pid_argv), pid_argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.pid, 16);
    assert_string_equal(options.name, "");
    assert_int_equal(parse(ARGC(name_argv), name_argv, &options), WCTDUMP_PARSE_OK);
    assert_string_equal(options.name, "12abc");
    assert_int_equal(options.pid, 0);
    assert_int_equal(parse(ARGC(path_argv), path_argv, &options), WCTDUMP_PARSE_ERROR);
    assert_non_null(strstr(error, "not an image name"));
    assert_int_equal(parse(ARGC(empty_argv), empty_argv, &options), WCTDUMP_PARSE_ERROR);
}


static void test_options_watch_stacks_dot(void **state)
{
    char *argv[] = { "wctdump", "--watch", "5", "--stacks", "--dot", "app.exe" };
    char *short_argv[] = { "wctdump", "-w7", "--dot", "--json" };
    struct wctdump_options options;

    (void)state;
    assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.watch_seconds, 5);
    assert_true(options.stacks);
    assert_int_equal(options.format, WCTDUMP_FORMAT_DOT);
    assert_string_equal(options.name, "app.exe");
    /* The last format wins. */
    assert_int_equal(parse(ARGC(short_argv), short_argv, &options), WCTDUMP_PARSE_OK);
    assert_int_equal(options.watch_seconds, 7);
    assert_false(options.stacks);
    assert_int_equal(options.format, WCTDUMP_FORMAT_JSON);
}


static void test_options_watch_rejected(void **state)
{
    static char *values[] = { "0", "86401", "-1", "5s", "", "0x" };
    struct wctdump_options options;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
    {
        char *argv[] = { "wctdump", "--watch", values[i] };
        assert_int_equal(parse(ARGC(argv), argv, &options), WCTDUMP_PARSE_ERROR);
        assert_non_null(strstr(error, "--watch"));
    }
}


static void test_image_name_matches(void **state)
{
    (void)state;
    assert_true(wctdump_image_name_matches(L"wct_demo.exe", "wct_demo.exe"));
    assert_true(wctdump_image_name_matches(L"wct_demo.exe", "WCT_Demo.EXE"));
    assert_true(wctdump_image_name_matches(L"WCT_DEMO.EXE", "wct_demo"));
    assert_false(wctdump_image_name_matches(L"wct_demo.exe", "wct_dem"));
    assert_false(wctdump_image_name_matches(L"wct_demo.exe", "wct_demo.exe.exe"));
    assert_false(wctdump_image_name_matches(L"wct_demo.exe.exe", "wct_demo.exe"));
    assert_false(wctdump_image_name_matches(L"wct_demo.com", "wct_demo"));
    assert_false(wctdump_image_name_matches(L"", ""));
    assert_true(wctdump_image_name_matches(L"caf\x00e9.exe", "CAF\xc3\x89"));
}


/* The wide command line in UTF-8: names outside ASCII and outside the BMP kept exactly,
 * then parsed as a name; an unpaired surrogate refused, not changed. */
static void test_arguments_wide_to_utf8(void **state)
{
    WCHAR program[] = L"wctdump.exe", latin[] = { 't', 0xe9, 's', 't', '.', 'e', 'x', 'e', 0 };
    WCHAR cyrillic[] = { 0x442, 0x435, 0x441, 0x442, 0 }, clef[] = { 0xd834, 0xdd1e, 0 };
    WCHAR lone[] = { 'a', 0xdc00, 0 };
    WCHAR *wide[] = { program, latin, cyrillic, clef };
    WCHAR *bad[] = { program, lone };
    struct wctdump_options options;
    char error[256];
    char **argv;

    (void)state;
    argv = wctdump_utf8_arguments(4, wide, error, sizeof(error));
    assert_non_null(argv);
    assert_string_equal(argv[1], "t\xc3\xa9st.exe");
    assert_string_equal(argv[2], "\xd1\x82\xd0\xb5\xd1\x81\xd1\x82");
    assert_string_equal(argv[3], "\xf0\x9d\x84\x9e");
    assert_null(argv[4]);
    assert_int_equal(wctdump_parse_options(2, argv, &options, error, sizeof(error)),
                     WCTDUMP_PARSE_OK);
    assert_true(wctdump_image_name_matches(L"T\xc9ST.EXE", options.name));
    wctdump_free_arguments(4, argv);

    error[0] = 0;
    assert_null(wctdump_utf8_arguments(2, bad, error, sizeof(error)));
    assert_string_equal(error, "argument 1 is not valid Unicode (an unpaired surrogate)");
}


int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_options_defaults),
        cmocka_unit_test(test_options_pid_forms),
        cmocka_unit_test(test_options_tid_and_switches),
        cmocka_unit_test(test_options_help_stops_parsing),
        cmocka_unit_test(test_options_bad_ids),
        cmocka_unit_test(test_options_missing_value),
        cmocka_unit_test(test_options_unknown_option),
        cmocka_unit_test(test_flags_names),
        cmocka_unit_test(test_flags_rejected),
        cmocka_unit_test(test_flags_through_options),
        cmocka_unit_test(test_options_name_forms),
        cmocka_unit_test(test_options_bare_pid_or_name),
        cmocka_unit_test(test_options_watch_stacks_dot),
        cmocka_unit_test(test_options_watch_rejected),
        cmocka_unit_test(test_image_name_matches),
        cmocka_unit_test(test_arguments_wide_to_utf8),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

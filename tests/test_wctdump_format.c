/*
 * test_wctdump_format.c - wctdump's reports (tools/wctdump/format_text.c, format_json.c,
 * out_buf.c, summary.c) on hand-made scans: the tree, the deadlock marker, errors,
 * truncation, JSON well-formedness and the escaping of odd names, and the exit status;
 * descriptions, --watch's seen times, --stacks' frames and the Graphviz graph (format_dot.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>
#include "wctdump.h"
#include "json_check.h"

#define PID 32
#define INDENT(n) INDENT_##n
#define INDENT_44 "                                            "
#define INDENT_47 INDENT_44 "   "

/* A name with everything that needs care: quote, backslash, control characters, DEL,
 * Latin-1, CJK, a surrogate pair (U+1F600) and a lone surrogate. */
static const WCHAR odd_name[] = { '"', 'a', '\\', 'b', '\n', 0x01, 0x7f, 0xe9, 0x65e5, 0xd83d,
                                  0xde00, 0xd800, 'z', 0 };
static const char odd_name_escaped[] =
    "\\\"a\\\\b\\n\\u0001\\u007f\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\xef\xbf\xbdz";
/* The same for people: only control characters escaped, the lone surrogate shown. */
static const char odd_name_text[] =
    "\"a\\b\\n\\x01\\x7f\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80\\ud800z";

/* What an adversary puts in a name to act on the terminal or forge report lines: a title
 * (ESC ] 0; ... BEL), a screen clear (ESC [2J), a newline and a forged line, C1's CSI, a
 * right-to-left override and a lone low surrogate. */
static const WCHAR hostile_name[] = { 0x1b, ']', '0', ';', 'p', 'w', 'n', 0x07, 0x1b, '[', '2',
                                      'J', '\n', '#', '9', 0x9b, '3', '1', 'm', 0x202e, 'x',
                                      0xdc00, 0 };
static const char hostile_name_text[] =
    "\\x1b]0;pwn\\x07\\x1b[2J\\n#9\\x9b31m\\u202ex\\udc00";

static struct wctdump_process processes[2];
static struct wctdump_chain chains[6];
static struct wctdump_scan scan;


static void set_thread(WAITCHAIN_NODE_INFO *node, DWORD tid, WCT_OBJECT_STATUS status)
{
    memset(node, 0, sizeof(*node));
    node->ObjectType = WctThreadType;
    node->ObjectStatus = status;
    node->ThreadObject.ProcessId = PID;
    node->ThreadObject.ThreadId = tid;
}


static void set_object(WAITCHAIN_NODE_INFO *node, WCT_OBJECT_TYPE type, WCT_OBJECT_STATUS status,
                       const WCHAR *name)
{
    memset(node, 0, sizeof(*node));
    node->ObjectType = type;
    node->ObjectStatus = status;
    wcsncpy(node->LockObject.ObjectName, name, WCT_OBJNAME_LENGTH - 1);
}


/* root 100 joins 104, which joins 108; 108 and 112 deadlock on two critical sections. */
static void make_deadlock(struct wctdump_chain *chain)
{
    static const DWORD tids[] = { 100, 104, 108, 112, 108 };
    static const WCT_OBJECT_TYPE links[] = { WctThreadWaitType, WctThreadWaitType,
                                             WctCriticalSectionType, WctCriticalSectionType };
    DWORD i;

    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = 100;
    for (i = 0; i < 5; i++)
    {
        set_thread(&chain->nodes[2 * i], tids[i], WctStatusBlocked);
        if (i < 4)
            set_object(&chain->nodes[2 * i + 1], links[i],
                       i < 2 ? WctStatusBlocked : WctStatusOwned, L"");
    }
    chain->count = 9;
    chain->is_cycle = TRUE;
}


static void make_mutex_wait(struct wctdump_chain *chain, const WCHAR *name)
{
    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = 116;
    set_thread(&chain->nodes[0], 116, WctStatusBlocked);
    set_object(&chain->nodes[1], WctMutexType, WctStatusOwned, name);
    chain->count = 2;
}


/* Threads and objects alternating, longer than the 16 nodes reported. */
static void make_long_chain(struct wctdump_chain *chain)
{
    DWORD i;

    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = 200;
    for (i = 0; i < WCT_MAX_NODE_COUNT; i += 2)
    {
        set_thread(&chain->nodes[i], 200 + 4 * i, WctStatusBlocked);
        set_object(&chain->nodes[i + 1], WctThreadWaitType, WctStatusBlocked, L"");
    }
    chain->count = WCT_MAX_NODE_COUNT;
    chain->error = ERROR_TOO_MANY_THREADS;
}


static void make_failed(struct wctdump_chain *chain, DWORD tid, DWORD error)
{
    memset(chain, 0, sizeof(*chain));
    chain->pid = PID;
    chain->tid = tid;
    chain->error = error;
}


/* Process 32 with one chain of each kind (one thread exited), process 40 with one odd name
 * and no threads. */
static int setup_scan(void **state)
{
    (void)state;
    memset(&scan, 0, sizeof(scan));
    memset(processes, 0, sizeof(processes));
    make_deadlock(&chains[0]);
    make_mutex_wait(&chains[1], L"\\BaseNamedObjects\\wct-demo-mutex");
    make_failed(&chains[2], 120, ERROR_ACCESS_DENIED);
    make_failed(&chains[3], 124, ERROR_OBJECT_NOT_FOUND);
    make_long_chain(&chains[4]);
    make_failed(&chains[5], 128, 12345);
    processes[0].pid = PID;
    wcscpy(processes[0].name, L"wct_demo.exe");
    processes[0].first = 0;
    processes[0].count = 6;
    processes[1].pid = 40;
    wcscpy(processes[1].name, odd_name);
    processes[1].first = 6;
    scan.processes = processes;
    scan.process_count = 2;
    scan.chains = chains;
    scan.chain_count = 6;
    scan.flags = WCTDUMP_DEFAULT_FLAGS;
    return 0;
}


static void test_text_deadlock_tree(void **state)
{
    static const char expected[] =
        "Process 32 wct_demo.exe, 1 thread\n"
        "  32:100 Blocked\n"
        "  `- ThreadWait Blocked\n"
        "     `- 32:104 Blocked\n"
        "        `- ThreadWait Blocked\n"
        "           `- 32:108 Blocked\n"
        "              `- CriticalSection Owned\n"
        "                 `- 32:112 Blocked\n"
        "                    `- CriticalSection Owned\n"
        "                       `- 32:108 Blocked\n"
        "                          `- *** DEADLOCK *** 32:108 comes round again: the threads "
        "of this cycle wait for each other\n"
        "\n"
        "1 process, 1 thread: *** DEADLOCK *** 1 thread in a deadlocked chain\n";
    struct out_buf out;

    (void)state;
    processes[0].count = 1;
    scan.process_count = 1;
    scan.chain_count = 1;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_false(out.failed);
    assert_string_equal(out.data, expected);
    assert_int_equal(out.length, strlen(expected));
    out_free(&out);
}


static void test_text_every_kind(void **state)
{
    struct out_buf out;

    (void)state;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_false(out.failed);
    assert_non_null(strstr(out.data, "Process 32 wct_demo.exe, 5 threads\n"));
    assert_non_null(strstr(out.data, "  32:116 Blocked\n"
                                     "  `- Mutex Owned \"\\BaseNamedObjects\\wct-demo-mutex\"\n"));
    assert_non_null(strstr(out.data, "  32:120 (cannot inspect: ERROR_ACCESS_DENIED)\n"));
    assert_null(strstr(out.data, "32:124"));
    assert_non_null(strstr(out.data, "  32:128 (cannot inspect: error 12345)\n"));
    assert_non_null(strstr(out.data, "`- 32:256 Blocked\n"));
    /* The 16th node sits at depth 15 (2 + 3 * 14 columns), the note one level deeper. */
    assert_non_null(strstr(out.data, "\n" INDENT(44) "`- ThreadWait Blocked\n"
                                     INDENT(47) "`- ... the chain goes on (longer than 16 nodes)\n"));
    assert_non_null(strstr(out.data, "Process 40 "));
    assert_non_null(strstr(out.data, odd_name_text));
    assert_non_null(strstr(out.data, ", 0 threads\n"));
    assert_non_null(strstr(out.data, "\n2 processes, 5 threads (1 exited during the scan): "
                                     "*** DEADLOCK *** 1 thread in a deadlocked chain\n"));
    out_free(&out);
}


static void test_text_odd_name_on_one_line(void **state)
{
    char expected[256];
    struct out_buf out;

    (void)state;
    make_mutex_wait(&chains[1], odd_name);
    out_init(&out);
    wctdump_format_text(&out, &scan);
    snprintf(expected, sizeof(expected), "\n  `- Mutex Owned \"%s\"\n  32:120 ", odd_name_text);
    assert_non_null(strstr(out.data, expected));
    out_free(&out);
}


static void test_text_no_deadlock(void **state)
{
    struct out_buf out;

    (void)state;
    chains[0].is_cycle = FALSE;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_null(strstr(out.data, "DEADLOCK"));
    assert_non_null(strstr(out.data, "(1 exited during the scan): no deadlock\n"));
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_OK);
    out_free(&out);
}


static void test_text_wait_time_when_known(void **state)
{
    struct out_buf out;

    (void)state;
    chains[1].nodes[0].ThreadObject.WaitTime = 1500;
    chains[1].nodes[0].ThreadObject.ContextSwitches = 7;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_non_null(strstr(out.data, "  32:116 Blocked (waiting 1500 ms, 7 context switches)\n"));
    out_free(&out);
}


static void test_json_well_formed(void **state)
{
    struct out_buf out;
    const char *where;

    (void)state;
    out_init(&out);
    wctdump_format_json(&out, &scan);
    assert_false(out.failed);
    where = json_check(out.data, out.length);
    if (where) fail_msg("not JSON at offset %d: %.40s", (int)(where - out.data), where);
    out_free(&out);
}


static void test_json_content(void **state)
{
    struct out_buf out;

    (void)state;
    out_init(&out);
    wctdump_format_json(&out, &scan);
    assert_non_null(strstr(out.data, "\"flags\": 7,"));
    assert_non_null(strstr(out.data, "\"session\": \"sync\""));
    assert_non_null(strstr(out.data, "{\"tid\": 100, \"error\": null, \"errorCode\": 0, "
                                     "\"cycle\": true, \"truncated\": false, \"nodes\": ["));
    assert_non_null(strstr(out.data, "{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": 32, "
                                     "\"tid\": 112, \"waitTime\": 0, \"contextSwitches\": 0}"));
    assert_non_null(strstr(out.data, "{\"type\": \"CriticalSection\", \"status\": \"Owned\", "
                                     "\"name\": \"\"}"));
    assert_non_null(strstr(out.data, "{\"type\": \"Mutex\", \"status\": \"Owned\", \"name\": "
                                     "\"\\\\BaseNamedObjects\\\\wct-demo-mutex\"}"));
    assert_non_null(strstr(out.data, "{\"tid\": 120, \"error\": \"ERROR_ACCESS_DENIED\", "
                                     "\"errorCode\": 5, \"cycle\": false, \"truncated\": false, "
                                     "\"nodes\": []}"));
    assert_non_null(strstr(out.data, "\"error\": \"error 12345\", \"errorCode\": 12345"));
    assert_non_null(strstr(out.data, "\"error\": \"ERROR_TOO_MANY_THREADS\", \"errorCode\": 565, "
                                     "\"cycle\": false, \"truncated\": true"));
    assert_null(strstr(out.data, "\"tid\": 124"));
    assert_non_null(strstr(out.data, "\"threads\": 5,\n  \"exited\": 1,\n  \"deadlockedThreads\": 1,\n"
                                     "  \"deadlock\": true\n}\n"));
    out_free(&out);
}


static void test_json_odd_names_escaped(void **state)
{
    char expected[256];
    struct out_buf out;
    const char *where;

    (void)state;
    make_mutex_wait(&chains[1], odd_name);
    out_init(&out);
    wctdump_format_json(&out, &scan);
    snprintf(expected, sizeof(expected), "\"name\": \"%s\"}", odd_name_escaped);
    assert_non_null(strstr(out.data, expected));
    snprintf(expected, sizeof(expected), "{\"pid\": 40, \"name\": \"%s\", \"threads\": []}",
             odd_name_escaped);
    assert_non_null(strstr(out.data, expected));
    where = json_check(out.data, out.length);
    if (where) fail_msg("not JSON at offset %d: %.40s", (int)(where - out.data), where);
    out_free(&out);
}


static void test_json_name_fills_the_field(void **state)
{
    WAITCHAIN_NODE_INFO *node = &chains[1].nodes[1];
    struct out_buf out;
    char *name;
    int i;

    (void)state;
    /* 128 characters and no terminating zero: the formatter stops at the field's end. */
    for (i = 0; i < WCT_OBJNAME_LENGTH; i++) node->LockObject.ObjectName[i] = 'm';
    out_init(&out);
    wctdump_format_json(&out, &scan);
    name = strstr(out.data, "\"name\": \"mmm");
    assert_non_null(name);
    assert_int_equal(strspn(name + 9, "m"), WCT_OBJNAME_LENGTH);
    assert_int_equal(name[9 + WCT_OBJNAME_LENGTH], '"');
    assert_null(json_check(out.data, out.length));
    out_free(&out);
}


static void test_json_empty_scan(void **state)
{
    struct wctdump_scan empty;
    struct out_buf out;

    (void)state;
    memset(&empty, 0, sizeof(empty));
    empty.async = TRUE;
    out_init(&out);
    wctdump_format_json(&out, &empty);
    /* This program does not load wct.dll: its WCT is the system's. */
    assert_string_equal(out.data, "{\n  \"flags\": 0,\n  \"session\": \"async\",\n"
                                  "  \"implementation\": \"system\",\n  \"processes\": [],\n"
                                  "  \"threads\": 0,\n  \"exited\": 0,\n  \"deadlockedThreads\": 0,\n"
                                  "  \"deadlock\": false\n}\n");
    assert_null(json_check(out.data, out.length));
    out_free(&out);
}


static void test_json_checker_rejects(void **state)
{
    static const char *const bad[] = { "", "{", "{\"a\":}", "[1,]", "\"\x01\"", "\"\\x\"",
        "\"\xc3\"", "\"\xed\xa0\x80\"", "01", "{} {}", "[tru]", "{\"a\" 1}", "\"\xc0\xaf\"" };
    static const char *const good[] = { "{}", "[]", " [1, -2.5e3, \"\\u00e9\", true, null] ",
        "{\"a\": {\"b\": [false]}}", "\"\xf0\x9f\x98\x80\"" };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_non_null(json_check(bad[i], strlen(bad[i])));
    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_null(json_check(good[i], strlen(good[i])));
}


static void test_exit_status(void **state)
{
    (void)state;
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_DEADLOCK);
    assert_int_equal(wctdump_deadlocked_threads(&scan), 1);
    chains[0].error = ERROR_ACCESS_DENIED; /* a failed chain's cycle flag means nothing */
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_OK);
    chains[4].is_cycle = TRUE; /* truncated chains may still end in a cycle */
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_DEADLOCK);
}


static void test_names(void **state)
{
    (void)state;
    assert_string_equal(wctdump_type_name(WctCriticalSectionType), "CriticalSection");
    assert_string_equal(wctdump_type_name(WctProcessWaitType), "ProcessWait");
    assert_string_equal(wctdump_type_name(WctSmbIoType), "SmbIo");
    assert_string_equal(wctdump_type_name(WctMaxType), "?");
    assert_string_equal(wctdump_type_name((WCT_OBJECT_TYPE)0), "?");
    assert_string_equal(wctdump_status_name(WctStatusAbandoned), "Abandoned");
    assert_string_equal(wctdump_status_name(WctStatusMax), "?");
    assert_string_equal(wctdump_status_name((WCT_OBJECT_STATUS)-1), "?");
    assert_string_equal(wctdump_error_name(ERROR_OBJECT_NOT_FOUND), "ERROR_OBJECT_NOT_FOUND");
    assert_null(wctdump_error_name(12345));
}


/* A stack as stacks.c leaves it: from the wait down to the program's own code. */
static struct wctdump_stack demo_stack;

static void make_stack(BOOL current)
{
    memset(&demo_stack, 0, sizeof(demo_stack));
    demo_stack.current = current;
    demo_stack.count = 2;
    demo_stack.frames[0].address = 0x170001000;
    demo_stack.frames[0].module_offset = 0x1000;
    wcscpy(demo_stack.frames[0].module, L"ntdll.dll");
    demo_stack.frames[1].address = 0x140001a22;
    demo_stack.frames[1].module_offset = 0x1a22;
    demo_stack.frames[1].symbol_offset = 0x42;
    wcscpy(demo_stack.frames[1].module, L"wct_demo.exe");
    wcscpy(demo_stack.frames[1].symbol, L"take_\"locks\"");
    demo_stack.frames[1].own_code = TRUE;
}


static void test_text_description_seen_and_stack(void **state)
{
    struct out_buf out;

    (void)state;
    wcscpy(chains[1].description, L"mutex-waiter");
    wcscpy(chains[0].description, L"root");
    chains[1].seen_ms = 5049;
    make_stack(TRUE);
    chains[1].stack = &demo_stack;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_non_null(strstr(out.data, "  32:100 Blocked \"root\"\n"));
    assert_non_null(strstr(out.data, "  32:116 Blocked \"mutex-waiter\", seen in this wait for "
                                     "5.0 s (at least)\n"
                                     "  `- Mutex Owned \"\\BaseNamedObjects\\wct-demo-mutex\"\n"
                                     "    stack (read while the thread was in this wait):\n"
                                     "      #0 ntdll.dll+0x1000\n"
                                     "      #1 wct_demo.exe+0x1a22 take_\"locks\"+0x42\n"));
    make_stack(FALSE);
    out_free(&out);
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_non_null(strstr(out.data, "    stack (may be stale: the thread's wait changed around "
                                     "the read):\n"));
    demo_stack.error = ERROR_ACCESS_DENIED;
    out_free(&out);
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_non_null(strstr(out.data, "    stack: not read (cannot inspect: ERROR_ACCESS_DENIED)\n"));
    out_free(&out);
}


/* Counts the times needle occurs in haystack. */
static unsigned int count_of(const char *haystack, const char *needle)
{
    unsigned int count = 0;

    while ((haystack = strstr(haystack, needle)))
    {
        count++;
        haystack += strlen(needle);
    }
    return count;
}


/* Whether text holds nothing a terminal acts on: no control character but the line ends,
 * no C1 control, no bidirectional override, no encoded surrogate. */
static BOOL terminal_safe(const char *text)
{
    const unsigned char *p;

    for (p = (const unsigned char *)text; *p; p++)
    {
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f) return FALSE;
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) return FALSE;
        if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) return FALSE;
        if (p[0] == 0xed && p[1] >= 0xa0) return FALSE;
    }
    return TRUE;
}


/* Puts the hostile name everywhere text from another process or a symbol file goes. */
static void make_hostile_scan(void)
{
    wcscpy(processes[0].name, hostile_name);
    make_mutex_wait(&chains[1], hostile_name);
    wcscpy(chains[1].description, hostile_name);
    make_stack(TRUE);
    wcscpy(demo_stack.frames[0].module, hostile_name);
    wcscpy(demo_stack.frames[1].symbol, hostile_name);
    chains[1].stack = &demo_stack;
}


static void test_text_hostile_names_escaped(void **state)
{
    struct out_buf out;

    (void)state;
    make_hostile_scan();
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_false(out.failed);
    assert_true(terminal_safe(out.data));
    /* Image, description, mutex, module and symbol: each once, each on its own line. */
    assert_int_equal(count_of(out.data, hostile_name_text), 5);
    assert_null(strstr(out.data, "\n#9"));
    assert_non_null(strstr(out.data, "Process 32 "));
    assert_non_null(strstr(out.data, "      #0 "));
    assert_non_null(strstr(out.data, "+0x1000\n      #1 wct_demo.exe+0x1a22 "));
    out_free(&out);
}


static void test_dot_hostile_names_escaped(void **state)
{
    struct out_buf out;

    (void)state;
    make_hostile_scan();
    out_init(&out);
    wctdump_format_dot(&out, &scan);
    assert_false(out.failed);
    assert_true(terminal_safe(out.data));
    assert_null(strstr(out.data, "\n#9"));
    assert_true(count_of(out.data, "x1b]0;pwn") >= 2);
    out_free(&out);
}


static void test_json_hostile_names_escaped(void **state)
{
    struct out_buf out;

    (void)state;
    make_hostile_scan();
    out_init(&out);
    wctdump_format_json(&out, &scan);
    assert_false(out.failed);
    assert_true(terminal_safe(out.data));
    assert_int_equal(count_of(out.data, "\\u001b]0;pwn\\u0007"), 5);
    out_free(&out);
}


static void test_text_watch_header_and_summary(void **state)
{
    struct out_buf out;

    (void)state;
    scan.samples = 11;
    scan.watched_ms = 5230;
    chains[0].is_cycle = FALSE;
    chains[1].seen_ms = 5000;
    out_init(&out);
    wctdump_format_text(&out, &scan);
    assert_true(!strncmp(out.data, "Watched 5.2 s (11 samples): 5 threads kept the same wait "
                                   "(thread, object, owner) all along\n", 80));
    assert_non_null(strstr(out.data, "\n*** HANG *** 5 threads kept the same wait, no deadlock\n"));
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_HANG);
    /* Ctrl-C: what was seen, but no hang established. */
    scan.interrupted = TRUE;
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_OK);
    chains[0].is_cycle = TRUE;
    assert_int_equal(wctdump_exit_status(&scan), WCTDUMP_EXIT_DEADLOCK);
    out_free(&out);
}


static void test_json_extras(void **state)
{
    struct out_buf out;

    (void)state;
    wcscpy(chains[1].description, odd_name);
    chains[1].seen_ms = 5000;
    make_stack(TRUE);
    chains[1].stack = &demo_stack;
    scan.samples = 3;
    scan.watched_ms = 1234;
    out_init(&out);
    wctdump_format_json(&out, &scan);
    assert_false(out.failed);
    assert_null(json_check(out.data, out.length));
    assert_non_null(strstr(out.data, "\"description\": \""));
    assert_non_null(strstr(out.data, odd_name_escaped));
    assert_non_null(strstr(out.data, ", \"seenMs\": 5000"));
    assert_non_null(strstr(out.data, "\"stack\": {\"error\": null, \"errorCode\": 0, \"current\": true"));
    assert_non_null(strstr(out.data, "\"module\": \"wct_demo.exe\", \"moduleOffset\": 6690, "
                                     "\"function\": \"take_\\\"locks\\\"\", \"functionOffset\": 66, "
                                     "\"ownCode\": true}"));
    assert_non_null(strstr(out.data, "\"watchedMs\": 1234,\n  \"samples\": 3,\n  \"interrupted\": false"));
    out_free(&out);
}


/* Graphviz: every node once, the cycle (108 -> CS -> 112 -> CS -> 108) red, the edges that
 * lead into it black; the anonymous objects apart, the named mutex with its name. */
static void test_dot_graph(void **state)
{
    static const char *const red_edges[] =
    {
        "\"t32_108\" -> \"o2\" [color=\"#d00000\", penwidth=2];\n",
        "\"o2\" -> \"t32_112\" [color=\"#d00000\", penwidth=2];\n",
        "\"t32_112\" -> \"o3\" [color=\"#d00000\", penwidth=2];\n",
        "\"o3\" -> \"t32_108\" [color=\"#d00000\", penwidth=2];\n",
    };
    struct out_buf out;
    size_t i;

    (void)state;
    wcscpy(chains[0].description, L"a \"quoted\" role");
    out_init(&out);
    wctdump_format_dot(&out, &scan);
    assert_false(out.failed);
    assert_true(!strncmp(out.data, "digraph wct {\n", 14));
    assert_non_null(strstr(out.data, "subgraph \"cluster_32\" {\n    label=\"wct_demo.exe (pid 32)\";\n"));
    assert_non_null(strstr(out.data, "\"t32_100\" [label=\"32:100\\na \\\"quoted\\\" role\\nBlocked\"];\n"));
    assert_non_null(strstr(out.data, "\"t32_108\" [label=\"32:108\\nBlocked\", color=\"#d00000\""));
    assert_non_null(strstr(out.data, "\"t32_100\" -> \"o0\";\n"));
    assert_non_null(strstr(out.data, "\"o0\" -> \"t32_104\";\n"));
    assert_non_null(strstr(out.data, "\"o1\" -> \"t32_108\";\n"));
    for (i = 0; i < sizeof(red_edges) / sizeof(red_edges[0]); i++)
        assert_non_null(strstr(out.data, red_edges[i]));
    assert_non_null(strstr(out.data, "label=\"Mutex\\nOwned\\n\\\\BaseNamedObjects\\\\wct-demo-mutex\"];\n"));
    assert_non_null(strstr(out.data, "\"t32_116\" -> \"o4\";\n"));
    /* Nodes declared once: 108 appears in the chain twice. */
    assert_null(strstr(strstr(out.data, "\"t32_108\" [label") + 1, "\"t32_108\" [label"));
    /* The long chain (16 nodes) is drawn too; failed threads and process 40 are not. */
    assert_non_null(strstr(out.data, "\"t32_256\""));
    assert_null(strstr(out.data, "t32_120"));
    assert_null(strstr(out.data, "cluster_40"));
    assert_true(out.length > 2 && !strcmp(out.data + out.length - 2, "}\n"));
    out_free(&out);
}


int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test_setup(test_text_deadlock_tree, setup_scan),
        cmocka_unit_test_setup(test_text_every_kind, setup_scan),
        cmocka_unit_test_setup(test_text_odd_name_on_one_line, setup_scan),
        cmocka_unit_test_setup(test_text_no_deadlock, setup_scan),
        cmocka_unit_test_setup(test_text_wait_time_when_known, setup_scan),
        cmocka_unit_test_setup(test_json_well_formed, setup_scan),
        cmocka_unit_test_setup(test_json_content, setup_scan),
        cmocka_unit_test_setup(test_json_odd_names_escaped, setup_scan),
        cmocka_unit_test_setup(test_json_name_fills_the_field, setup_scan),
        cmocka_unit_test(test_json_empty_scan),
        cmocka_unit_test(test_json_checker_rejects),
        cmocka_unit_test_setup(test_exit_status, setup_scan),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup(test_text_description_seen_and_stack, setup_scan),
        cmocka_unit_test_setup(test_text_watch_header_and_summary, setup_scan),
        cmocka_unit_test_setup(test_json_extras, setup_scan),
        cmocka_unit_test_setup(test_dot_graph, setup_scan),
        cmocka_unit_test_setup(test_text_hostile_names_escaped, setup_scan),
        cmocka_unit_test_setup(test_dot_hostile_names_escaped, setup_scan),
        cmocka_unit_test_setup(test_json_hostile_names_escaped, setup_scan),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

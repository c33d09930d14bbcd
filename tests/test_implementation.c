/*
 * test_implementation.c - the system's WCT where it works, wct's own where it does not
 * (issue 14, src/system_wct.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The choice is made once per process, so each case runs in a child (this program with
 * --case NAME) under the environment the test sets (WCT_IMPLEMENTATION, WCT_DEBUG, the
 * double's DOUBLE_BROKEN_VARIABLE). Two DLLs play the parts:
 *   - wct_with_double.dll: wct built for the tests, whose system WCT is
 *     wct_system_double.dll (looked for beside it) instead of advapi32.dll;
 *   - wct_system_double.dll: a working system WCT with recognisable chains, handles and
 *     errors that records every call (system_double.h).
 * And wct.dll as shipped, whose system WCT is Wine's advapi32.dll, a stub.
 * A child loads the DLLs itself (so whether the double is loaded first is the case's) and
 * exits 0 when every check passed, 2 naming the first that did not.
 */

#include <stdio.h>
#include <string.h>

#include "session_test_util.h"
#include "system_double.h"

#define CHILD_BOUND 30000
#define TEST_WCT_DLL L"wct_with_double.dll"
#define BROKEN_VARIABLE DOUBLE_BROKEN_VARIABLE

/* ---------------------------------------------------------------------------------------
 * The child
 */

static void child_fail(const char *file, int line, const char *what)
{
    printf("%s:%d: check failed: %s (last error %lu)\n", file, line, what, GetLastError());
    fflush(stdout);
    ExitProcess(2);
}
#define CHECK(condition) ((condition) ? (void)0 : child_fail(__FILE__, __LINE__, #condition))

/* The exports of the wct DLL under test, and the double's record. */
static struct
{
    HWCT (WINAPI *open)(DWORD, PWAITCHAINCALLBACK);
    VOID (WINAPI *close)(HWCT);
    BOOL (WINAPI *get)(HWCT, DWORD_PTR, DWORD, DWORD, LPDWORD, PWAITCHAIN_NODE_INFO, LPBOOL);
    VOID (WINAPI *register_com)(PCOGETCALLSTATE, PCOGETACTIVATIONSTATE);
    const char *(WINAPI *implementation)(void);
    double_call_count_fn call_count;
    double_get_call_fn get_call;
} api;

static void load_wct(const WCHAR *name)
{
    HMODULE wct = LoadLibraryW(name);

    CHECK(wct != NULL);
    api.open = (void *)GetProcAddress(wct, "OpenThreadWaitChainSession");
    api.close = (void *)GetProcAddress(wct, "CloseThreadWaitChainSession");
    api.get = (void *)GetProcAddress(wct, "GetThreadWaitChain");
    api.register_com = (void *)GetProcAddress(wct, "RegisterWaitChainCOMCallback");
    api.implementation = (void *)GetProcAddress(wct, "WctGetImplementation");
    CHECK(api.open && api.close && api.get && api.register_com && api.implementation);
}

static void load_double(void)
{
    HMODULE dbl = LoadLibraryW(DOUBLE_DLL);

    CHECK(dbl != NULL);
    api.call_count = (double_call_count_fn)(void *)GetProcAddress(dbl, "double_call_count");
    api.get_call = (double_get_call_fn)(void *)GetProcAddress(dbl, "double_get_call");
    CHECK(api.call_count && api.get_call);
}

static struct double_call recorded(LONG index)
{
    struct double_call call;

    CHECK(api.get_call(index, &call));
    return call;
}

/* What an asynchronous callback saw. */
static struct
{
    volatile LONG count;
    HWCT handle;
    DWORD_PTR context;
    DWORD status;
    DWORD *node_count;
    WAITCHAIN_NODE_INFO *nodes;
    BOOL *is_cycle;
    DWORD thread_id;
    DWORD first_pid;
} seen;

static void CALLBACK record_callback(HWCT handle, DWORD_PTR context, DWORD status,
                                     LPDWORD node_count, PWAITCHAIN_NODE_INFO nodes,
                                     LPBOOL is_cycle)
{
    seen.handle = handle;
    seen.context = context;
    seen.status = status;
    seen.node_count = node_count;
    seen.nodes = nodes;
    seen.is_cycle = is_cycle;
    seen.thread_id = GetCurrentThreadId();
    seen.first_pid = status == ERROR_SUCCESS ? nodes[0].ThreadObject.ProcessId : 0;
    InterlockedIncrement(&seen.count);
}

static void check_call(const struct double_call *call, enum double_function function, HWCT handle)
{
    CHECK(call->function == function);
    CHECK(call->handle == handle);
}

static void check_recorded(LONG index, enum double_function function, HWCT handle)
{
    struct double_call call = recorded(index);

    check_call(&call, function, handle);
}

/* Every function reaches the double with the caller's arguments; its results, last errors
 * and callbacks reach the caller. */
static void child_delegate(BOOL preload)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT], async_nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT, async_count = WCT_MAX_NODE_COUNT;
    BOOL cycle = TRUE, async_cycle = TRUE;
    struct double_call call;
    HWCT session, async;
    LONG before;

    if (preload) load_double();
    load_wct(TEST_WCT_DLL);
    CHECK(!strcmp(api.implementation(), "system"));
    if (!preload) load_double(); /* wct loaded it: this only finds it */

    /* The choice: one session opened with (0, NULL) and closed. */
    CHECK(api.call_count() == 2);
    call = recorded(0);
    CHECK(call.function == DOUBLE_OPEN && call.flags == 0 && call.callback == NULL);
    CHECK(call.handle != NULL);
    check_recorded(1, DOUBLE_CLOSE, call.handle);

    /* Open: the double's handle and last error. */
    SetLastError(0xdeadbeef);
    session = api.open(0, NULL);
    CHECK(GetLastError() == DOUBLE_SUCCESS_ERROR);
    call = recorded(2);
    CHECK(session != NULL);
    check_call(&call, DOUBLE_OPEN, session);
    CHECK(call.flags == 0 && call.callback == NULL && call.thread_id == GetCurrentThreadId());

    /* Get: the caller's exact arguments and pointers; the double's chain. */
    SetLastError(0xdeadbeef);
    CHECK(api.get(session, 0x1234, WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG, 0x4444,
                  &count, nodes, &cycle));
    CHECK(GetLastError() == DOUBLE_SUCCESS_ERROR);
    call = recorded(3);
    check_call(&call, DOUBLE_GET, session);
    CHECK(call.context == 0x1234 && call.target_tid == 0x4444);
    CHECK(call.flags == (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG));
    CHECK(call.node_count == &count && call.nodes == nodes && call.is_cycle == &cycle);
    CHECK(count == 2 && !cycle);
    CHECK(nodes[0].ObjectType == WctThreadType && nodes[0].ThreadObject.ProcessId == DOUBLE_PID);
    CHECK(nodes[0].ThreadObject.ThreadId == 0x4444);
    CHECK(nodes[0].ThreadObject.WaitTime == DOUBLE_WAIT_TIME);
    CHECK(nodes[1].ObjectType == WctMutexType);
    CHECK(!lstrcmpW(nodes[1].LockObject.ObjectName, DOUBLE_MUTEX_NAME));

    /* Its failures, with its errors; junk handles go to it too. */
    SetLastError(0xdeadbeef);
    count = WCT_MAX_NODE_COUNT;
    CHECK(!api.get(session, 0, 0, DOUBLE_FAIL_TID, &count, nodes, &cycle));
    CHECK(GetLastError() == DOUBLE_ERROR);
    check_recorded(4, DOUBLE_GET, session);
    SetLastError(0xdeadbeef);
    CHECK(!api.get((HWCT)(ULONG_PTR)0x777, 0, 0, 0x4444, &count, nodes, &cycle));
    CHECK(GetLastError() == ERROR_INVALID_HANDLE);
    check_recorded(5, DOUBLE_GET, (HWCT)(ULONG_PTR)0x777);
    SetLastError(0xdeadbeef);
    CHECK(api.open(0x80, NULL) == NULL);
    CHECK(GetLastError() == DOUBLE_ERROR);
    call = recorded(6);
    check_call(&call, DOUBLE_OPEN, NULL);
    CHECK(call.flags == 0x80);

    /* Register: wct keeps the pair and the double gets it. */
    api.register_com((PCOGETCALLSTATE)(ULONG_PTR)0x1110, (PCOGETACTIVATIONSTATE)(ULONG_PTR)0x2220);
    call = recorded(7);
    check_call(&call, DOUBLE_REGISTER, NULL);
    CHECK((ULONG_PTR)call.call_state == 0x1110 && (ULONG_PTR)call.activation_state == 0x2220);

    SetLastError(0xdeadbeef);
    api.close(session);
    CHECK(GetLastError() == DOUBLE_SUCCESS_ERROR);
    check_recorded(8, DOUBLE_CLOSE, session);

    /* Asynchronous: the caller's callback, called by the double's thread; Close drains
     * through the double. */
    async = api.open(WCT_ASYNC_OPEN_FLAG, record_callback);
    CHECK(async != NULL);
    call = recorded(9);
    check_call(&call, DOUBLE_OPEN, async);
    CHECK(call.flags == WCT_ASYNC_OPEN_FLAG && call.callback == record_callback);
    SetLastError(0xdeadbeef);
    CHECK(!api.get(async, 0xc0ffee, 0, 0x5554, &async_count, async_nodes, &async_cycle));
    CHECK(GetLastError() == ERROR_IO_PENDING);
    check_recorded(10, DOUBLE_GET, async);
    api.close(async);
    CHECK(seen.count == 1); /* before Close returned */
    CHECK(seen.handle == async && seen.context == 0xc0ffee && seen.status == ERROR_SUCCESS);
    CHECK(seen.node_count == &async_count && seen.nodes == async_nodes
          && seen.is_cycle == &async_cycle);
    CHECK(seen.first_pid == DOUBLE_PID && async_nodes[0].ThreadObject.ThreadId == 0x5554);
    before = api.call_count();
    CHECK(before == 13);
    call = recorded(11);
    CHECK(call.function == DOUBLE_CALLBACK && call.thread_id == seen.thread_id);
    CHECK(seen.thread_id != GetCurrentThreadId());
    check_recorded(12, DOUBLE_CLOSE, async);
}

/* wct's own engine answers: a chain of this process, the caller's thread Running. */
static void check_own_chain(void)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL cycle;
    HWCT session, async;

    session = api.open(0, NULL);
    CHECK(session != NULL);
    CHECK(api.get(session, 0, 0, GetCurrentThreadId(), &count, nodes, &cycle));
    CHECK(count == 1 && nodes[0].ThreadObject.ProcessId == GetCurrentProcessId());
    CHECK(nodes[0].ObjectStatus == WctStatusRunning);
    api.register_com((PCOGETCALLSTATE)(ULONG_PTR)0x1110, (PCOGETACTIVATIONSTATE)(ULONG_PTR)0x2220);
    api.close(session);

    async = api.open(WCT_ASYNC_OPEN_FLAG, record_callback);
    CHECK(async != NULL);
    count = WCT_MAX_NODE_COUNT;
    CHECK(!api.get(async, 7, 0, GetCurrentThreadId(), &count, nodes, &cycle));
    CHECK(GetLastError() == ERROR_IO_PENDING);
    api.close(async);
    CHECK(seen.count == 1 && seen.handle == async && seen.context == 7);
    CHECK(seen.status == ERROR_CANCELLED || seen.first_pid == GetCurrentProcessId());
}

static void child_builtin(void)
{
    load_double();
    load_wct(TEST_WCT_DLL);
    CHECK(!strcmp(api.implementation(), "builtin"));
    check_own_chain();
    CHECK(api.call_count() == 0);
}

/* The double fails as Wine's stub does: auto takes wct's own after one try. */
static void child_broken_auto(void)
{
    load_double();
    load_wct(TEST_WCT_DLL);
    CHECK(!strcmp(api.implementation(), "builtin"));
    CHECK(api.call_count() == 1);
    check_recorded(0, DOUBLE_OPEN, NULL);
    check_own_chain();
    CHECK(api.call_count() == 1);
}

/* ... and system forced: no session, ERROR_NOT_SUPPORTED. */
static void child_broken_system(void)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT;
    BOOL cycle;

    load_double();
    load_wct(TEST_WCT_DLL);
    SetLastError(0xdeadbeef);
    CHECK(api.open(0, NULL) == NULL);
    CHECK(GetLastError() == ERROR_NOT_SUPPORTED);
    CHECK(!strcmp(api.implementation(), "none"));
    SetLastError(0xdeadbeef);
    CHECK(!api.get((HWCT)(ULONG_PTR)0x777, 0, 0, GetCurrentThreadId(), &count, nodes, &cycle));
    CHECK(GetLastError() == ERROR_NOT_SUPPORTED);
    api.close((HWCT)(ULONG_PTR)0x777);
    CHECK(api.call_count() == 1);
}

/* wct.dll as shipped, under Wine: the system's WCT is Wine's stub. */
static void child_wine(const char *expected)
{
    load_wct(L"wct.dll");
    if (!strcmp(expected, "builtin"))
    {
        check_own_chain();
        CHECK(!strcmp(api.implementation(), "builtin"));
        return;
    }
    SetLastError(0xdeadbeef);
    CHECK(api.open(0, NULL) == NULL);
    CHECK(GetLastError() == ERROR_NOT_SUPPORTED);
    CHECK(!strcmp(api.implementation(), expected));
}

static int run_child_case(const char *name)
{
    if (!strcmp(name, "delegate")) child_delegate(TRUE);
    else if (!strcmp(name, "delegate-late")) child_delegate(FALSE);
    else if (!strcmp(name, "builtin")) child_builtin();
    else if (!strcmp(name, "broken-auto")) child_broken_auto();
    else if (!strcmp(name, "broken-system")) child_broken_system();
    else if (!strcmp(name, "wine-auto")) child_wine("builtin");
    else if (!strcmp(name, "wine-system")) child_wine("none");
    else return 1;
    printf("case %s passed\n", name);
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * The tests: each starts one child
 */

/* Runs COMMAND (this program's --case NAME when command is NULL) with the variables set
 * (NAME=VALUE, NULL-terminated; "NAME=" removes one) and its stderr, or stdout, in
 * output_file when given; returns its exit code. */
static DWORD run_child(const char *case_name, const char *command, const char *const *variables,
                       const char *output_file, BOOL capture_stdout)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    PROCESS_INFORMATION process;
    char line[2 * MAX_PATH], self[MAX_PATH], name[64];
    HANDLE output = INVALID_HANDLE_VALUE;
    DWORD code = 0xdead;
    int i;

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    for (i = 0; variables[i]; i++)
    {
        const char *equals = strchr(variables[i], '=');
        snprintf(name, sizeof(name), "%.*s", (int)(equals - variables[i]), variables[i]);
        assert_true(SetEnvironmentVariableA(name, equals[1] ? equals + 1 : NULL));
    }
    GetModuleFileNameA(NULL, self, sizeof(self));
    if (command) snprintf(line, sizeof(line), "%s", command);
    else snprintf(line, sizeof(line), "\"%s\" --case %s", self, case_name);
    if (output_file)
    {
        output = CreateFileA(output_file, GENERIC_WRITE, FILE_SHARE_READ, &inherit, CREATE_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL, NULL);
        assert_true(output != INVALID_HANDLE_VALUE);
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        startup.hStdOutput = capture_stdout ? output : GetStdHandle(STD_OUTPUT_HANDLE);
        startup.hStdError = capture_stdout ? GetStdHandle(STD_ERROR_HANDLE) : output;
    }
    assert_true(CreateProcessA(NULL, line, NULL, NULL, output_file != NULL, 0, NULL, NULL,
                               &startup, &process));
    if (WaitForSingleObject(process.hProcess, CHILD_BOUND) != WAIT_OBJECT_0)
        TerminateProcess(process.hProcess, 3);
    GetExitCodeProcess(process.hProcess, &code);
    CloseHandle(process.hProcess);
    CloseHandle(process.hThread);
    if (output != INVALID_HANDLE_VALUE) CloseHandle(output);
    for (i = 0; variables[i]; i++)
    {
        const char *equals = strchr(variables[i], '=');
        snprintf(name, sizeof(name), "%.*s", (int)(equals - variables[i]), variables[i]);
        SetEnvironmentVariableA(name, NULL);
    }
    return code;
}

/* Whether file holds text. */
static BOOL file_contains(const char *file, const char *text)
{
    static char content[65536];
    FILE *f = fopen(file, "rb");
    size_t length;

    if (!f) return FALSE;
    length = fread(content, 1, sizeof(content) - 1, f);
    fclose(f);
    content[length] = 0;
    if (!strstr(content, text)) printf("not found in %s: %s\n---\n%s---\n", file, text, content);
    return strstr(content, text) != NULL;
}

static void test_implementation_auto_delegates_every_call(void **state)
{
    const char *const variables[] = { "WCT_DEBUG=1", NULL };

    (void)state;
    assert_int_equal(run_child("delegate", NULL, variables, "implementation_auto.err", FALSE), 0);
    assert_true(file_contains("implementation_auto.err",
        "implementation system (WCT_IMPLEMENTATION=auto: wct_system_double.dll works)"));
}

static void test_implementation_system_delegates_every_call(void **state)
{
    const char *const variables[] = { "WCT_IMPLEMENTATION=system", NULL };

    (void)state;
    assert_int_equal(run_child("delegate", NULL, variables, NULL, FALSE), 0);
}

static void test_implementation_system_dll_loaded_on_first_call(void **state)
{
    const char *const variables[] = { NULL };

    (void)state;
    assert_int_equal(run_child("delegate-late", NULL, variables, NULL, FALSE), 0);
}

static void test_implementation_unknown_value_is_auto(void **state)
{
    const char *const variables[] = { "WCT_IMPLEMENTATION=sytem", "WCT_DEBUG=1", NULL };

    (void)state;
    assert_int_equal(run_child("delegate", NULL, variables, "implementation_unknown.err", FALSE), 0);
    assert_true(file_contains("implementation_unknown.err",
                              "unknown WCT_IMPLEMENTATION, taken as auto"));
}

static void test_implementation_builtin_never_calls_system(void **state)
{
    const char *const variables[] = { "WCT_IMPLEMENTATION=BuiltIn", "WCT_DEBUG=1", NULL };

    (void)state;
    assert_int_equal(run_child("builtin", NULL, variables, "implementation_builtin.err", FALSE), 0);
    assert_true(file_contains("implementation_builtin.err",
        "implementation builtin (WCT_IMPLEMENTATION=builtin: wct_system_double.dll not checked)"));
}

static void test_implementation_auto_takes_builtin_when_system_fails(void **state)
{
    const char *const variables[] = { BROKEN_VARIABLE "=1", NULL };

    (void)state;
    assert_int_equal(run_child("broken-auto", NULL, variables, NULL, FALSE), 0);
}

static void test_implementation_system_without_working_one_not_supported(void **state)
{
    const char *const variables[] = { BROKEN_VARIABLE "=1", "WCT_IMPLEMENTATION=system", NULL };

    (void)state;
    assert_int_equal(run_child("broken-system", NULL, variables, NULL, FALSE), 0);
}

static void test_implementation_wine_auto_is_builtin(void **state)
{
    const char *const variables[] = { "WCT_DEBUG=1", NULL };

    (void)state;
    assert_int_equal(run_child("wine-auto", NULL, variables, "implementation_wine.err", FALSE), 0);
    assert_true(file_contains("implementation_wine.err",
        "implementation builtin (WCT_IMPLEMENTATION=auto: advapi32.dll does not work: "));
    /* Wine 8 lacks CloseThreadWaitChainSession; a Wine that has it fails the session. */
    assert_true(file_contains("implementation_wine.err", "no export CloseThreadWaitChainSession)")
                || file_contains("implementation_wine.err",
                                 "OpenThreadWaitChainSession(0, NULL) failed, error 50)"));
}

static void test_implementation_wine_system_not_supported(void **state)
{
    const char *const variables[] = { "WCT_IMPLEMENTATION=system", NULL };

    (void)state;
    assert_int_equal(run_child("wine-system", NULL, variables, NULL, FALSE), 0);
}

static void test_implementation_wctdump_json_names_it(void **state)
{
    const char *const variables[] = { NULL };
    char command[64];

    (void)state;
    snprintf(command, sizeof(command), "wctdump.exe --json -t %lu", GetCurrentThreadId());
    assert_int_equal(run_child(NULL, command, variables, "implementation_dump.json", TRUE), 0);
    assert_true(file_contains("implementation_dump.json", "\"implementation\": \"builtin\""));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_implementation_auto_delegates_every_call),
        cmocka_unit_test(test_implementation_system_delegates_every_call),
        cmocka_unit_test(test_implementation_system_dll_loaded_on_first_call),
        cmocka_unit_test(test_implementation_unknown_value_is_auto),
        cmocka_unit_test(test_implementation_builtin_never_calls_system),
        cmocka_unit_test(test_implementation_auto_takes_builtin_when_system_fails),
        cmocka_unit_test(test_implementation_system_without_working_one_not_supported),
        cmocka_unit_test(test_implementation_wine_auto_is_builtin),
        cmocka_unit_test(test_implementation_wine_system_not_supported),
        cmocka_unit_test(test_implementation_wctdump_json_names_it),
    };

    if (argc == 3 && !strcmp(argv[1], "--case")) return run_child_case(argv[2]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

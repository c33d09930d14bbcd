/*
 * main.c - wct_demo: sets up real hangs (a deadlock, a mutex wait, a join, a process wait),
 * prints what it set up in a form scripts can read, and stays hung until it is killed or
 * --seconds pass.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Output, one "key=value" line each, then "ready" once every thread is in its wait:
 *   demo pid=32
 *   child pid=48
 *   mutex name=wct-demo-mutex
 *   deadlock-cs-a tid=100
 *   ...
 *   ready
 * `wct_demo --child PID SECONDS` is the child: it waits for process PID to end (at most
 * SECONDS and a little more), so it never outlives the demo.
 */

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "demo.h"

#define DEFAULT_SECONDS  60
#define MAX_SECONDS      86400
#define READY_TIMEOUT_MS 10000
#define CHILD_GRACE_MS   5000

static void usage(FILE *stream)
{
    fputs("Usage: wct_demo [--seconds N]\n"
          "Sets up a critical-section deadlock, a mutex wait, a thread join and a wait for a\n"
          "child process, prints the pid and the thread ids, then \"ready\"; exits after N\n"
          "seconds (default 60) or when killed. Then run: wctdump -p <pid>\n", stream);
}


static BOOL parse_seconds(const char *text, DWORD *seconds)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);

    if (!*text || *end || !value || value > MAX_SECONDS) return FALSE;
    *seconds = (DWORD)value;
    return TRUE;
}


static int run_child(const char *parent_pid, const char *seconds_text)
{
    DWORD pid, seconds = DEFAULT_SECONDS;
    HANDLE parent;

    pid = strtoul(parent_pid, NULL, 10);
    if (seconds_text) parse_seconds(seconds_text, &seconds);
    demo_describe_thread(GetCurrentThread(), "child");
    if ((parent = OpenProcess(SYNCHRONIZE, FALSE, pid)))
        WaitForSingleObject(parent, seconds * 1000 + CHILD_GRACE_MS);
    else
        Sleep(seconds * 1000 + CHILD_GRACE_MS);
    ExitProcess(0);
}


static BOOL start_child(struct demo *demo, DWORD seconds)
{
    WCHAR path[MAX_PATH], command[MAX_PATH + 64];
    STARTUPINFOW startup;
    PROCESS_INFORMATION info;

    if (!GetModuleFileNameW(NULL, path, MAX_PATH)) return FALSE;
    swprintf(command, sizeof(command) / sizeof(command[0]), L"\"%ls\" --child %lu %lu", path,
             GetCurrentProcessId(), seconds);
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    if (!CreateProcessW(path, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
    {
        fprintf(stderr, "wct_demo: cannot start the child process: error %lu\n", GetLastError());
        return FALSE;
    }
    CloseHandle(info.hThread);
    demo->child = info.hProcess;
    printf("child pid=%lu\n", info.dwProcessId);
    return TRUE;
}


static void print_threads(const struct demo *demo)
{
    unsigned int i;

    printf("mutex name=%ls\n", demo->mutex_name);
    for (i = 0; i < demo->thread_count; i++)
        printf("%s tid=%lu\n", demo->threads[i].role, demo->threads[i].tid);
    fflush(stdout);
}


/* Deadlocked threads cannot be joined: the process ends with them still hung. */
static void finish(struct demo *demo, UINT code)
{
    fflush(stdout);
    if (demo->child) TerminateProcess(demo->child, 0);
    ExitProcess(code);
}


int main(int argc, char **argv)
{
    static struct demo demo;
    DWORD seconds = DEFAULT_SECONDS;

    _setmode(_fileno(stdout), _O_BINARY);
    if (argc >= 3 && !strcmp(argv[1], "--child")) return run_child(argv[2], argc > 3 ? argv[3] : NULL);
    if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
    {
        usage(stdout);
        return 0;
    }
    if (argc != 1 && (argc != 3 || strcmp(argv[1], "--seconds") || !parse_seconds(argv[2], &seconds)))
    {
        usage(stderr);
        return 1;
    }

    demo_describe_thread(GetCurrentThread(), "main");
    printf("demo pid=%lu\n", GetCurrentProcessId());
    fflush(stdout);
    if (!start_child(&demo, seconds) || !demo_start_scenarios(&demo)) finish(&demo, 1);
    print_threads(&demo);
    if (!demo_wait_ready(READY_TIMEOUT_MS))
    {
        fprintf(stderr, "wct_demo: the threads did not reach their waits within %u ms\n",
                READY_TIMEOUT_MS);
        finish(&demo, 1);
    }
    printf("ready\n");
    fflush(stdout);
    Sleep(seconds * 1000);
    printf("demo done after %lu s\n", seconds);
    finish(&demo, 0);
    return 0;
}

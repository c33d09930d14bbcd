/*
 * inspect_suspended.c - lists the threads left suspended in the Wine prefix (or in the given
 * processes), for test_inspect_killed.sh: a killed inspector must leave none behind.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: inspect_suspended [--all] [--skip PREFIX]... [PID...]
 *   --all          every process of the prefix (that is, of its wineserver) but this one
 *   --skip PREFIX  with --all, not the processes whose image name starts with PREFIX
 *                  (test programs that hold threads suspended on purpose, or read suspend
 *                  counts themselves, are left alone)
 *   PID            that process (an error if it is not there)
 * Win32 reads a suspend count only through SuspendThread, which returns the previous one;
 * each thread is suspended and resumed at once. A count above 0 is read again a few times
 * over half a second and only a lasting one is reported: a thread may be created suspended
 * for a moment (wct's pool does that), or a profiler may hold it for a sample.
 *
 * Output: one line per thread left suspended,
 *   suspended pid=P tid=T count=C name=NAME
 * then
 *   processes=N threads=N unopened=N suspended=N skipped=N
 * Exit status: 0 none suspended, 1 some, 2 usage or snapshot error, or a PID not found.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <tlhelp32.h>

#define MAX_PIDS 16
#define MAX_SKIPS 8
#define RECHECKS 5
#define RECHECK_MS 100

struct selection
{
    BOOL all;
    DWORD pids[MAX_PIDS];
    BOOL seen[MAX_PIDS];
    int pid_count;
    const char *skips[MAX_SKIPS];
    int skip_count;
    DWORD skipped[1024];        /* the processes --skip names, from the snapshot */
    int skipped_count;
};

struct totals
{
    unsigned long processes, threads, unopened, suspended;
};

/* The previous suspend count, put back at once; -1 if it cannot be read. */
static LONG read_suspend_count(HANDLE thread)
{
    DWORD previous = SuspendThread(thread);

    if (previous == (DWORD)-1) return -1;
    ResumeThread(thread);
    return (LONG)previous;
}

/* The count, read again while it is above 0 (see the banner). */
static LONG lasting_suspend_count(HANDLE thread)
{
    LONG count = read_suspend_count(thread);
    int i;

    for (i = 0; i < RECHECKS && count > 0; i++)
    {
        Sleep(RECHECK_MS);
        count = read_suspend_count(thread);
    }
    return count;
}

static BOOL selected(struct selection *selection, DWORD pid)
{
    int i;

    if (pid == GetCurrentProcessId() || pid == 0) return FALSE;
    for (i = 0; i < selection->pid_count; i++)
        if (selection->pids[i] == pid)
        {
            selection->seen[i] = TRUE;
            return TRUE;
        }
    for (i = 0; i < selection->skipped_count; i++)
        if (selection->skipped[i] == pid) return FALSE;
    return selection->all;
}

/* Notes the processes whose names start with a --skip prefix. */
static void find_skipped(HANDLE snapshot, struct selection *selection)
{
    PROCESSENTRY32 entry;
    BOOL more;
    int i;

    entry.dwSize = sizeof(entry);
    for (more = Process32First(snapshot, &entry); more; more = Process32Next(snapshot, &entry))
        for (i = 0; i < selection->skip_count; i++)
            if (!_strnicmp(entry.szExeFile, selection->skips[i], strlen(selection->skips[i]))
                && selection->skipped_count < (int)ARRAYSIZE(selection->skipped))
            {
                selection->skipped[selection->skipped_count++] = entry.th32ProcessID;
                break;
            }
}

/* The image name of pid from the process snapshot ("?" when it has gone). */
static void process_name(HANDLE snapshot, DWORD pid, char *name, size_t size)
{
    PROCESSENTRY32 entry;
    BOOL more;

    snprintf(name, size, "?");
    entry.dwSize = sizeof(entry);
    for (more = Process32First(snapshot, &entry); more; more = Process32Next(snapshot, &entry))
        if (entry.th32ProcessID == pid)
        {
            snprintf(name, size, "%s", entry.szExeFile);
            return;
        }
}

static void count_processes(HANDLE snapshot, struct selection *selection, struct totals *totals)
{
    PROCESSENTRY32 entry;
    BOOL more;

    entry.dwSize = sizeof(entry);
    for (more = Process32First(snapshot, &entry); more; more = Process32Next(snapshot, &entry))
        if (selected(selection, entry.th32ProcessID)) totals->processes++;
}

static void check_threads(HANDLE snapshot, struct selection *selection, struct totals *totals)
{
    THREADENTRY32 entry;
    BOOL more;

    entry.dwSize = sizeof(entry);
    for (more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
    {
        HANDLE thread;
        LONG count;
        char name[MAX_PATH];

        if (!selected(selection, entry.th32OwnerProcessID)) continue;
        totals->threads++;
        if (!(thread = OpenThread(THREAD_SUSPEND_RESUME, FALSE, entry.th32ThreadID)))
        {
            totals->unopened++; /* it has exited since the snapshot */
            continue;
        }
        count = lasting_suspend_count(thread);
        CloseHandle(thread);
        if (count < 0) totals->unopened++;
        if (count <= 0) continue;
        totals->suspended++;
        process_name(snapshot, entry.th32OwnerProcessID, name, sizeof(name));
        printf("suspended pid=%lu tid=%lu count=%ld name=%s\n", entry.th32OwnerProcessID,
               entry.th32ThreadID, count, name);
    }
}

static BOOL parse(int argc, char **argv, struct selection *selection)
{
    int i;

    memset(selection, 0, sizeof(*selection));
    for (i = 1; i < argc; i++)
    {
        char *end;
        unsigned long pid;

        if (!strcmp(argv[i], "--all"))
        {
            selection->all = TRUE;
            continue;
        }
        if (!strcmp(argv[i], "--skip") && i + 1 < argc && selection->skip_count < MAX_SKIPS)
        {
            selection->skips[selection->skip_count++] = argv[++i];
            continue;
        }
        pid = strtoul(argv[i], &end, 0);
        if (!*argv[i] || *end || !pid || selection->pid_count >= MAX_PIDS) return FALSE;
        selection->pids[selection->pid_count++] = (DWORD)pid;
    }
    return selection->all || selection->pid_count > 0;
}

int main(int argc, char **argv)
{
    struct selection selection;
    struct totals totals = { 0, 0, 0, 0 };
    HANDLE snapshot;
    int i, status = 0;

    if (!parse(argc, argv, &selection))
    {
        fputs("Usage: inspect_suspended [--all] [--skip PREFIX]... [PID...]\n", stderr);
        return 2;
    }
    snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    if (snapshot == INVALID_HANDLE_VALUE)
    {
        fprintf(stderr, "inspect_suspended: no snapshot: error %lu\n", GetLastError());
        return 2;
    }
    find_skipped(snapshot, &selection);
    count_processes(snapshot, &selection, &totals);
    check_threads(snapshot, &selection, &totals);
    CloseHandle(snapshot);
    for (i = 0; i < selection.pid_count; i++)
        if (!selection.seen[i])
        {
            fprintf(stderr, "inspect_suspended: no process with id %lu\n", selection.pids[i]);
            status = 2;
        }
    printf("processes=%lu threads=%lu unopened=%lu suspended=%lu skipped=%d\n",
           totals.processes, totals.threads, totals.unopened, totals.suspended,
           selection.skipped_count);
    fflush(stdout);
    if (status) return status;
    return totals.suspended ? 1 : 0;
}

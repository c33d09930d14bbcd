/*
 * enumerate.c - the processes and threads to scan, from one toolhelp snapshot.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <tlhelp32.h>
#include "wctdump.h"

struct thread_id
{
    DWORD pid;
    DWORD tid;
};

/* Everything the snapshot holds. */
struct snapshot_lists
{
    struct wctdump_process *processes;
    size_t process_count;
    struct thread_id *threads;
    size_t thread_count;
};


/* Grows *array (of element_size bytes each) so that it can hold one more than count. */
static BOOL grow(void **array, size_t count, size_t *capacity, size_t element_size)
{
    void *bigger;

    if (count < *capacity) return TRUE;
    *capacity = *capacity ? *capacity * 2 : 64;
    if (!(bigger = realloc(*array, *capacity * element_size))) return FALSE;
    *array = bigger;
    return TRUE;
}


static BOOL read_processes(HANDLE snapshot, struct snapshot_lists *lists)
{
    PROCESSENTRY32W entry;
    size_t capacity = 0;
    BOOL more;

    entry.dwSize = sizeof(entry);
    for (more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry))
    {
        struct wctdump_process *process;

        if (!grow((void **)&lists->processes, lists->process_count, &capacity,
                  sizeof(*lists->processes)))
            return FALSE;
        process = &lists->processes[lists->process_count++];
        memset(process, 0, sizeof(*process));
        process->pid = entry.th32ProcessID;
        memcpy(process->name, entry.szExeFile, sizeof(process->name));
        process->name[MAX_PATH - 1] = 0;
    }
    return TRUE;
}


static BOOL read_threads(HANDLE snapshot, struct snapshot_lists *lists)
{
    THREADENTRY32 entry;
    size_t capacity = 0;
    BOOL more;

    entry.dwSize = sizeof(entry);
    for (more = Thread32First(snapshot, &entry); more; more = Thread32Next(snapshot, &entry))
    {
        if (!grow((void **)&lists->threads, lists->thread_count, &capacity,
                  sizeof(*lists->threads)))
            return FALSE;
        lists->threads[lists->thread_count].pid = entry.th32OwnerProcessID;
        lists->threads[lists->thread_count].tid = entry.th32ThreadID;
        lists->thread_count++;
    }
    return TRUE;
}


static DWORD take_snapshot(struct snapshot_lists *lists, char *error, size_t error_size)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD, 0);
    DWORD status = ERROR_SUCCESS;

    if (snapshot == INVALID_HANDLE_VALUE)
    {
        status = GetLastError();
        snprintf(error, error_size, "cannot list the processes and threads: "
                 "CreateToolhelp32Snapshot failed with error %lu", status);
        return status;
    }
    if (!read_processes(snapshot, lists) || !read_threads(snapshot, lists))
    {
        status = ERROR_NOT_ENOUGH_MEMORY;
        snprintf(error, error_size, "out of memory while listing the threads");
    }
    CloseHandle(snapshot);
    return status;
}


static int compare_pids(const void *a, const void *b)
{
    DWORD pid_a = ((const struct wctdump_process *)a)->pid;
    DWORD pid_b = ((const struct wctdump_process *)b)->pid;

    return pid_a < pid_b ? -1 : pid_a > pid_b;
}


static const struct wctdump_process *find_process(const struct snapshot_lists *lists, DWORD pid)
{
    size_t i;

    for (i = 0; i < lists->process_count; i++)
        if (lists->processes[i].pid == pid) return &lists->processes[i];
    return NULL;
}


static const struct thread_id *find_thread(const struct snapshot_lists *lists, DWORD tid)
{
    size_t i;

    for (i = 0; i < lists->thread_count; i++)
        if (lists->threads[i].tid == tid) return &lists->threads[i];
    return NULL;
}


/* Whether --name names a process (pid's, when one is chosen), wctdump's own aside. */
static BOOL name_found(const struct wctdump_options *options, const struct snapshot_lists *lists,
                       DWORD pid)
{
    size_t i;

    for (i = 0; i < lists->process_count; i++)
    {
        const struct wctdump_process *process = &lists->processes[i];

        if ((pid ? process->pid == pid : process->pid != GetCurrentProcessId())
            && wctdump_image_name_matches(process->name, options->name))
            return TRUE;
    }
    return FALSE;
}


/* Which process to scan (0: every one but wctdump's own), checking that -p and -t exist
 * and agree. */
static DWORD selected_pid(const struct wctdump_options *options, const struct snapshot_lists *lists,
                          DWORD *pid, char *error, size_t error_size)
{
    const struct thread_id *thread;

    *pid = options->pid;
    if (options->tid)
    {
        if (!(thread = find_thread(lists, options->tid)))
        {
            snprintf(error, error_size, "no thread with id %lu", options->tid);
            return ERROR_OBJECT_NOT_FOUND;
        }
        if (options->pid && options->pid != thread->pid)
        {
            snprintf(error, error_size, "thread %lu belongs to process %lu, not to process %lu",
                     options->tid, thread->pid, options->pid);
            return ERROR_OBJECT_NOT_FOUND;
        }
        *pid = thread->pid;
    }
    if (*pid && !find_process(lists, *pid))
    {
        snprintf(error, error_size, "no process with id %lu", *pid);
        return ERROR_OBJECT_NOT_FOUND;
    }
    if (options->name[0] && !name_found(options, lists, *pid))
    {
        if (*pid) snprintf(error, error_size, "process %lu is not named %s", *pid, options->name);
        else snprintf(error, error_size, "no process named %s", options->name);
        return ERROR_OBJECT_NOT_FOUND;
    }
    return ERROR_SUCCESS;
}


static BOOL thread_selected(const struct wctdump_options *options, const struct thread_id *thread,
                            DWORD pid)
{
    return thread->pid == pid && (!options->tid || thread->tid == options->tid);
}


/* Moves the selected processes (ordered by pid) and their threads into scan. */
static DWORD fill_scan(const struct wctdump_options *options, struct snapshot_lists *lists,
                       DWORD pid, struct wctdump_scan *scan)
{
    size_t i, j;

    scan->processes = calloc(lists->process_count ? lists->process_count : 1, sizeof(*scan->processes));
    scan->chains = calloc(lists->thread_count ? lists->thread_count : 1, sizeof(*scan->chains));
    if (!scan->processes || !scan->chains) return ERROR_NOT_ENOUGH_MEMORY;

    qsort(lists->processes, lists->process_count, sizeof(*lists->processes), compare_pids);
    for (i = 0; i < lists->process_count; i++)
    {
        struct wctdump_process *process = &scan->processes[scan->process_count];

        if (pid ? lists->processes[i].pid != pid : lists->processes[i].pid == scan->self_pid)
            continue;
        if (options->name[0] && !wctdump_image_name_matches(lists->processes[i].name, options->name))
            continue;
        *process = lists->processes[i];
        process->first = scan->chain_count;
        for (j = 0; j < lists->thread_count; j++)
        {
            if (!thread_selected(options, &lists->threads[j], process->pid)) continue;
            scan->chains[scan->chain_count].pid = process->pid;
            scan->chains[scan->chain_count].tid = lists->threads[j].tid;
            scan->chain_count++;
        }
        process->count = scan->chain_count - process->first;
        scan->process_count++;
    }
    return ERROR_SUCCESS;
}


/*
 * wctdump_enumerate: lists, in one snapshot, every process but wctdump's own (or the one of
 * -p, or the one that owns -t's thread, or every one --name names) and its threads (or -t's
 * thread alone).
 */
DWORD wctdump_enumerate(const struct wctdump_options *options, struct wctdump_scan *scan,
                        char *error, size_t error_size)
{
    struct snapshot_lists lists;
    DWORD status, pid = 0;

    memset(&lists, 0, sizeof(lists));
    memset(scan, 0, sizeof(*scan));
    scan->flags = options->flags;
    scan->async = options->async;
    scan->self_pid = GetCurrentProcessId();

    status = take_snapshot(&lists, error, error_size);
    if (!status) status = selected_pid(options, &lists, &pid, error, error_size);
    if (!status && (status = fill_scan(options, &lists, pid, scan)))
        snprintf(error, error_size, "out of memory while listing the threads");
    free(lists.processes);
    free(lists.threads);
    if (status) wctdump_scan_free(scan);
    return status;
}

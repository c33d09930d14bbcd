/*
 * own_chain.c - prints the wait chain of one of its own threads: a worker that joins a
 * second worker, which waits on an event nobody sets.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <windows.h>
#include <wct.h>

static HANDLE never_set;

static DWORD WINAPI wait_forever(void *unused)
{
    (void)unused;
    return WaitForSingleObject(never_set, INFINITE);
}

static DWORD WINAPI join_thread(void *thread)
{
    return WaitForSingleObject((HANDLE)thread, INFINITE);
}

static const char *type_name(WCT_OBJECT_TYPE type)
{
    static const char *const names[] = { "?", "CriticalSection", "SendMessage", "Mutex", "Alpc",
        "Com", "ThreadWait", "ProcessWait", "Thread", "ComActivation", "Unknown", "SocketIo", "SmbIo" };
    return type > 0 && type < WctMaxType ? names[type] : "?";
}

static const char *status_name(WCT_OBJECT_STATUS status)
{
    static const char *const names[] = { "?", "NoAccess", "Running", "Blocked", "PidOnly",
        "PidOnlyRpcss", "Owned", "NotOwned", "Abandoned", "Unknown", "Error" };
    return status > 0 && status < WctStatusMax ? names[status] : "?";
}

int main(void)
{
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    DWORD count = WCT_MAX_NODE_COUNT, i, joiner_id;
    BOOL is_cycle = FALSE;
    HANDLE waiter, joiner;
    HWCT session;

    never_set = CreateEventW(NULL, TRUE, FALSE, NULL);
    waiter = CreateThread(NULL, 0, wait_forever, NULL, 0, NULL);
    joiner = CreateThread(NULL, 0, join_thread, waiter, 0, &joiner_id);
    Sleep(200); /* let both threads reach their waits */

    session = OpenThreadWaitChainSession(0, NULL);
    if (!session || !GetThreadWaitChain(session, 0, WCT_OUT_OF_PROC_FLAG, joiner_id, &count,
                                        nodes, &is_cycle))
    {
        fprintf(stderr, "own_chain: wait chain of thread %lu failed: error %lu\n",
                joiner_id, GetLastError());
        return 1;
    }
    printf("Wait chain of thread %lu (%lu nodes%s):\n", joiner_id, count, is_cycle ? ", DEADLOCK" : "");
    for (i = 0; i < count; i++)
    {
        if (nodes[i].ObjectType == WctThreadType)
            printf("  [thread pid=%lu tid=%lu %s]\n", nodes[i].ThreadObject.ProcessId,
                   nodes[i].ThreadObject.ThreadId, status_name(nodes[i].ObjectStatus));
        else
            printf("  [%s %s \"%ls\"]\n", type_name(nodes[i].ObjectType),
                   status_name(nodes[i].ObjectStatus), nodes[i].LockObject.ObjectName);
    }
    CloseThreadWaitChainSession(session);
    SetEvent(never_set);
    WaitForSingleObject(joiner, 5000);
    return 0;
}

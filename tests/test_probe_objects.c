/*
 * test_probe_objects.c - the probe on threads blocked on handles: thread joins, process
 * waits, mutexes (named, unnamed, owned, free, abandoned), events.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "probe_test_util.h"

enum wait_call { CALL_SINGLE, CALL_MULTIPLE_ALL, CALL_MSG_WAIT, CALL_SIGNAL_AND_WAIT };

/* What a waiter thread does: one bounded wait on handles[0] (and handles[1]). */
struct waiter
{
    enum wait_call call;
    HANDLE handles[2];
    DWORD count;
    DWORD result;
};

static DWORD WINAPI waiter_proc(void *arg)
{
    struct waiter *waiter = arg;

    switch (waiter->call)
    {
    case CALL_SINGLE:
        waiter->result = WaitForSingleObject(waiter->handles[0], PROBE_TEST_TIMEOUT);
        break;
    case CALL_MULTIPLE_ALL:
        waiter->result = WaitForMultipleObjects(waiter->count, waiter->handles, TRUE,
                                                PROBE_TEST_TIMEOUT);
        break;
    case CALL_MSG_WAIT:
        waiter->result = MsgWaitForMultipleObjects(1, waiter->handles, FALSE, PROBE_TEST_TIMEOUT,
                                                   QS_ALLINPUT);
        break;
    case CALL_SIGNAL_AND_WAIT:
        /* handles[1] is signalled, handles[0] waited on. */
        waiter->result = SignalObjectAndWait(waiter->handles[1], waiter->handles[0],
                                             PROBE_TEST_TIMEOUT, FALSE);
        break;
    }
    return 0;
}

static DWORD WINAPI sleeper_proc(void *arg)
{
    (void)arg;
    SleepEx(PROBE_TEST_TIMEOUT, TRUE);
    return 0;
}

/* A thread that owns a mutex until told to let it go (or abandons it at once). */
struct owner
{
    HANDLE mutex;
    HANDLE acquired;
    HANDLE release;                  /* NULL: exit at once, abandoning the mutex */
};

static DWORD WINAPI owner_proc(void *arg)
{
    struct owner *owner = arg;

    WaitForSingleObject(owner->mutex, PROBE_TEST_TIMEOUT);
    SetEvent(owner->acquired);
    if (!owner->release) return 0;
    WaitForSingleObject(owner->release, PROBE_TEST_TIMEOUT);
    ReleaseMutex(owner->mutex);
    return 0;
}

static BOOL running_on_wine(void)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), "wine_get_version") != NULL;
}

/* Starts waiter and inspects it until it shows object_type (0: blocked, no object). */
static HANDLE start_and_inspect(struct waiter *waiter, WCT_OBJECT_TYPE object_type,
                                struct probe_thread *thread, struct probe_wait *wait)
{
    DWORD tid;
    HANDLE handle = probe_test_start(waiter_proc, waiter, &tid);

    assert_int_equal(probe_test_inspect_until(tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              object_type, thread, wait), ERROR_SUCCESS);
    assert_int_equal(thread->thread_id, tid);
    assert_int_equal(thread->process_id, GetCurrentProcessId());
    assert_int_equal(thread->status, WctStatusBlocked);
    return handle;
}

static void assert_no_edge(const struct probe_wait *wait)
{
    assert_int_equal(wait->next_thread_id, 0);
    assert_int_equal(wait->next_process_id, 0);
}

static void test_probe_objects_thread_join(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct waiter waiter = { CALL_SINGLE, { NULL, NULL }, 1, 0 };
    DWORD sleeper_tid;
    HANDLE sleeper = probe_test_start(sleeper_proc, NULL, &sleeper_tid), joiner;

    (void)state;
    waiter.handles[0] = sleeper;
    joiner = start_and_inspect(&waiter, WctThreadWaitType, &thread, &wait);
    assert_int_equal(wait.object_type, WctThreadWaitType);
    assert_int_equal(wait.object_status, WctStatusOwned);
    assert_int_equal(wait.object_name[0], 0);
    assert_int_equal(wait.next_thread_id, sleeper_tid);
    assert_int_equal(wait.next_process_id, GetCurrentProcessId());

    probe_test_wake_join(sleeper);
    probe_test_join(joiner);
    assert_int_equal(waiter.result, WAIT_OBJECT_0);
}

static void test_probe_objects_thread_join_msgwait(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct waiter waiter = { CALL_MSG_WAIT, { NULL, NULL }, 1, 0 };
    DWORD sleeper_tid;
    HANDLE sleeper = probe_test_start(sleeper_proc, NULL, &sleeper_tid), joiner;

    (void)state;
    waiter.handles[0] = sleeper;
    joiner = start_and_inspect(&waiter, WctThreadWaitType, &thread, &wait);
    assert_int_equal(wait.next_thread_id, sleeper_tid);

    probe_test_wake_join(sleeper);
    probe_test_join(joiner);
}

static void test_probe_objects_signal_and_wait(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct waiter waiter = { CALL_SIGNAL_AND_WAIT, { NULL, NULL }, 2, 0 };
    DWORD sleeper_tid;
    HANDLE sleeper = probe_test_start(sleeper_proc, NULL, &sleeper_tid), joiner;

    (void)state;
    waiter.handles[0] = sleeper;
    waiter.handles[1] = CreateEventW(NULL, TRUE, FALSE, NULL);
    joiner = start_and_inspect(&waiter, WctThreadWaitType, &thread, &wait);
    assert_int_equal(wait.next_thread_id, sleeper_tid);

    probe_test_wake_join(sleeper);
    probe_test_join(joiner);
    CloseHandle(waiter.handles[1]);
}

/* A waiter on a mutex owned by another thread of this process. */
static void check_owned_mutex(const WCHAR *name)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct owner owner;
    struct waiter waiter = { CALL_SINGLE, { NULL, NULL }, 1, 0 };
    DWORD owner_tid;
    HANDLE owner_thread, waiting;

    owner.mutex = CreateMutexW(NULL, FALSE, name);
    owner.acquired = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner.release = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner_thread = probe_test_start(owner_proc, &owner, &owner_tid);
    assert_int_equal(WaitForSingleObject(owner.acquired, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);

    waiter.handles[0] = owner.mutex;
    waiting = start_and_inspect(&waiter, WctMutexType, &thread, &wait);
    assert_int_equal(wait.object_type, WctMutexType);
    assert_int_equal(wait.object_status, WctStatusOwned);
    if (name)
    {
        /* The object manager's full name: ...\BaseNamedObjects\<name>. */
        size_t length = wcslen(wait.object_name), tail = wcslen(name);

        assert_int_equal(wait.object_name[0], L'\\');
        assert_true(length > tail + 1);
        assert_int_equal(wait.object_name[length - tail - 1], L'\\');
        assert_memory_equal(wait.object_name + length - tail, name, tail * sizeof(WCHAR));
    }
    else assert_int_equal(wait.object_name[0], 0);
    /* Windows names the owner; Wine does not reveal it, so there the chain ends here. */
    if (running_on_wine()) assert_no_edge(&wait);
    else
    {
        assert_int_equal(wait.next_thread_id, owner_tid);
        assert_int_equal(wait.next_process_id, GetCurrentProcessId());
    }

    SetEvent(owner.release);
    probe_test_join(waiting);
    assert_int_equal(waiter.result, WAIT_OBJECT_0);
    ReleaseMutex(owner.mutex);
    probe_test_join(owner_thread);
    CloseHandle(owner.mutex);
    CloseHandle(owner.acquired);
    CloseHandle(owner.release);
}

static void test_probe_objects_mutex_named(void **state)
{
    WCHAR name[64];

    (void)state;
    swprintf(name, ARRAYSIZE(name), L"wct-probe-mutex-%lu", (unsigned long)GetCurrentProcessId());
    check_owned_mutex(name);
}

static void test_probe_objects_mutex_unnamed(void **state)
{
    (void)state;
    check_owned_mutex(NULL);
}

static void test_probe_objects_mutex_long_name_cut(void **state)
{
    WCHAR name[200];
    struct probe_thread thread;
    struct probe_wait wait;
    struct owner owner;
    struct waiter waiter = { CALL_SINGLE, { NULL, NULL }, 1, 0 };
    DWORD owner_tid;
    HANDLE owner_thread, waiting;
    int i;

    (void)state;
    for (i = 0; i < 180; i++) name[i] = L'a' + i % 26;
    name[180] = 0;
    owner.mutex = CreateMutexW(NULL, FALSE, name);
    assert_non_null(owner.mutex);
    owner.acquired = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner.release = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner_thread = probe_test_start(owner_proc, &owner, &owner_tid);
    assert_int_equal(WaitForSingleObject(owner.acquired, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);

    waiter.handles[0] = owner.mutex;
    waiting = start_and_inspect(&waiter, WctMutexType, &thread, &wait);
    /* Cut to WCT_OBJNAME_LENGTH - 1 characters and terminated. */
    assert_int_equal(wcslen(wait.object_name), WCT_OBJNAME_LENGTH - 1);
    assert_int_equal(wait.object_name[0], L'\\');

    SetEvent(owner.release);
    probe_test_join(waiting);
    ReleaseMutex(owner.mutex);
    probe_test_join(owner_thread);
    CloseHandle(owner.mutex);
    CloseHandle(owner.acquired);
    CloseHandle(owner.release);
}

static void test_probe_objects_mutex_not_owned(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct waiter waiter = { CALL_MULTIPLE_ALL, { NULL, NULL }, 2, 0 };
    HANDLE waiting;

    (void)state;
    /* Waiting for all of a free mutex and an unset event: blocked, the mutex not owned. */
    waiter.handles[0] = CreateMutexW(NULL, FALSE, NULL);
    waiter.handles[1] = CreateEventW(NULL, TRUE, FALSE, NULL);
    waiting = start_and_inspect(&waiter, WctMutexType, &thread, &wait);
    assert_int_equal(wait.object_status, WctStatusNotOwned);
    assert_no_edge(&wait);

    SetEvent(waiter.handles[1]);
    probe_test_join(waiting);
    assert_int_equal(waiter.result, WAIT_OBJECT_0);
    ReleaseMutex(waiter.handles[0]); /* the waiter owns it now; this thread does not */
    CloseHandle(waiter.handles[0]);
    CloseHandle(waiter.handles[1]);
}

static void test_probe_objects_mutex_abandoned(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct owner owner;
    struct waiter waiter = { CALL_MULTIPLE_ALL, { NULL, NULL }, 2, 0 };
    DWORD owner_tid;
    HANDLE waiting;

    (void)state;
    owner.mutex = CreateMutexW(NULL, FALSE, NULL);
    owner.acquired = CreateEventW(NULL, TRUE, FALSE, NULL);
    owner.release = NULL;
    probe_test_join(probe_test_start(owner_proc, &owner, &owner_tid)); /* exits owning it */

    waiter.handles[0] = owner.mutex;
    waiter.handles[1] = CreateEventW(NULL, TRUE, FALSE, NULL);
    waiting = start_and_inspect(&waiter, WctMutexType, &thread, &wait);
    assert_int_equal(wait.object_status, WctStatusAbandoned);
    assert_no_edge(&wait);

    SetEvent(waiter.handles[1]);
    probe_test_join(waiting);
    assert_int_equal(waiter.result, WAIT_ABANDONED_0);
    CloseHandle(owner.mutex);
    CloseHandle(owner.acquired);
    CloseHandle(waiter.handles[1]);
}

static void test_probe_objects_event_thread_alone(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct waiter waiter = { CALL_SINGLE, { NULL, NULL }, 1, 0 };
    HANDLE waiting;

    (void)state;
    waiter.handles[0] = CreateEventW(NULL, TRUE, FALSE, L"wct-probe-event");
    waiting = start_and_inspect(&waiter, 0, &thread, &wait);
    /* An event has no owner and is not a WCT primitive: the blocked thread alone. */
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(wait.object_name[0], 0);
    assert_no_edge(&wait);

    SetEvent(waiter.handles[0]);
    probe_test_join(waiting);
    CloseHandle(waiter.handles[0]);
}

static void test_probe_objects_process_wait(void **state)
{
    struct probe_thread thread;
    struct probe_wait wait;
    struct probe_child child;
    struct waiter waiter = { CALL_SINGLE, { NULL, NULL }, 1, 0 };
    HANDLE waiting;

    (void)state;
    probe_test_child_start(&child, "sleep", NULL);
    waiter.handles[0] = child.info.hProcess;
    waiting = start_and_inspect(&waiter, WctProcessWaitType, &thread, &wait);
    assert_int_equal(wait.object_type, WctProcessWaitType);
    assert_int_equal(wait.object_status, WctStatusOwned);
    /* A process has no owning thread: the chain ends at the process node. */
    assert_no_edge(&wait);

    probe_test_child_stop(&child);
    probe_test_join(waiting);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_objects_thread_join),
        cmocka_unit_test(test_probe_objects_thread_join_msgwait),
        cmocka_unit_test(test_probe_objects_signal_and_wait),
        cmocka_unit_test(test_probe_objects_mutex_named),
        cmocka_unit_test(test_probe_objects_mutex_unnamed),
        cmocka_unit_test(test_probe_objects_mutex_long_name_cut),
        cmocka_unit_test(test_probe_objects_mutex_not_owned),
        cmocka_unit_test(test_probe_objects_mutex_abandoned),
        cmocka_unit_test(test_probe_objects_event_thread_alone),
        cmocka_unit_test(test_probe_objects_process_wait),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

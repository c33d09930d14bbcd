/*
 * test_probe_critsec.c - the probe on threads blocked entering critical sections, and on
 * the other users of NtWaitForAlertByThreadId (SRW locks, condition variables,
 * WaitOnAddress), which must never be taken for critical sections.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "probe_test_util.h"

/* Holds a lock (or enters a section) until release is set. */
struct holder
{
    CRITICAL_SECTION *section;
    SRWLOCK *srw;
    HANDLE acquired;
    HANDLE release;
};

static DWORD WINAPI holder_proc(void *arg)
{
    struct holder *holder = arg;

    if (holder->section) EnterCriticalSection(holder->section);
    if (holder->srw) AcquireSRWLockExclusive(holder->srw);
    SetEvent(holder->acquired);
    WaitForSingleObject(holder->release, PROBE_TEST_TIMEOUT);
    if (holder->srw) ReleaseSRWLockExclusive(holder->srw);
    if (holder->section) LeaveCriticalSection(holder->section);
    return 0;
}

static DWORD WINAPI enter_proc(void *arg)
{
    EnterCriticalSection(arg);
    LeaveCriticalSection(arg);
    return 0;
}

static HANDLE start_holder(struct holder *holder, CRITICAL_SECTION *section, SRWLOCK *srw,
                           DWORD *tid)
{
    HANDLE thread;

    holder->section = section;
    holder->srw = srw;
    holder->acquired = CreateEventW(NULL, TRUE, FALSE, NULL);
    holder->release = CreateEventW(NULL, TRUE, FALSE, NULL);
    thread = probe_test_start(holder_proc, holder, tid);
    assert_int_equal(WaitForSingleObject(holder->acquired, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    return thread;
}

static void stop_holder(struct holder *holder, HANDLE thread)
{
    SetEvent(holder->release);
    probe_test_join(thread);
    CloseHandle(holder->acquired);
    CloseHandle(holder->release);
}

static void test_probe_critsec_owner(void **state)
{
    CRITICAL_SECTION section;
    struct holder holder;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD owner_tid, waiter_tid;
    HANDLE owner, waiter;

    (void)state;
    InitializeCriticalSection(&section);
    owner = start_holder(&holder, &section, NULL, &owner_tid);
    waiter = probe_test_start(enter_proc, &section, &waiter_tid);

    assert_int_equal(probe_test_inspect_until(waiter_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctCriticalSectionType, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(wait.object_type, WctCriticalSectionType);
    assert_int_equal(wait.object_status, WctStatusOwned);
    assert_int_equal(wait.object_name[0], 0);
    assert_int_equal(wait.next_thread_id, owner_tid);
    assert_int_equal(wait.next_process_id, GetCurrentProcessId());

    /* Without PROBE_WANT_WAIT only the thread node is filled. */
    assert_int_equal(probe_win_ops.inspect_thread(NULL, waiter_tid, 0, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(thread.status, WctStatusBlocked);
    assert_int_equal(wait.object_type, 0);

    stop_holder(&holder, owner);
    probe_test_join(waiter);
    DeleteCriticalSection(&section);
}

/* Two threads, each holding one section and entering the other's. */
struct crossed
{
    CRITICAL_SECTION *mine, *theirs;
    HANDLE entered, go;
};

static DWORD WINAPI crossed_proc(void *arg)
{
    struct crossed *crossed = arg;

    EnterCriticalSection(crossed->mine);
    SetEvent(crossed->entered);
    WaitForSingleObject(crossed->go, PROBE_TEST_TIMEOUT);
    EnterCriticalSection(crossed->theirs); /* never returns: ended by TerminateThread */
    return 0;
}

static void test_probe_critsec_deadlock(void **state)
{
    CRITICAL_SECTION one, two;
    struct crossed a, b;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD a_tid, b_tid;
    HANDLE a_thread, b_thread, go = CreateEventW(NULL, TRUE, FALSE, NULL);

    (void)state;
    InitializeCriticalSection(&one);
    InitializeCriticalSection(&two);
    a.mine = &one; a.theirs = &two; a.go = go; a.entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    b.mine = &two; b.theirs = &one; b.go = go; b.entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    a_thread = probe_test_start(crossed_proc, &a, &a_tid);
    b_thread = probe_test_start(crossed_proc, &b, &b_tid);
    assert_int_equal(WaitForSingleObject(a.entered, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_int_equal(WaitForSingleObject(b.entered, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    SetEvent(go);

    assert_int_equal(probe_test_inspect_until(a_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctCriticalSectionType, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(wait.next_thread_id, b_tid);
    assert_int_equal(probe_test_inspect_until(b_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctCriticalSectionType, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(wait.next_thread_id, a_tid);

    /* A real deadlock has no way out: end both threads (the sections are left behind). */
    TerminateThread(a_thread, 0);
    TerminateThread(b_thread, 0);
    probe_test_join(a_thread);
    probe_test_join(b_thread);
    CloseHandle(a.entered);
    CloseHandle(b.entered);
    CloseHandle(go);
}

/* Blocked on an SRW lock, with a contended, owned critical section's address at hand on
 * its stack: still not a critical-section wait. */
struct decoy
{
    CRITICAL_SECTION *section;
    SRWLOCK *srw;
};

static DWORD WINAPI decoy_proc(void *arg)
{
    struct decoy *decoy = arg;
    CRITICAL_SECTION *volatile section = decoy->section;
    CRITICAL_SECTION *volatile lock_semaphore_field = (void *)&decoy->section->LockSemaphore;

    AcquireSRWLockExclusive(decoy->srw);
    ReleaseSRWLockExclusive(decoy->srw);
    return section == lock_semaphore_field;
}

/* Blocked on an SRW lock with a forged Wine waiter record on its stack { links, the
 * section's &LockSemaphore, its own thread id }, next to the real one that names the SRW
 * lock. The old probe, seeing two records, fell back to searching the stack and took the
 * section. Two forgeries: links that go nowhere, and links that name the record itself (a
 * list of one, which never reaches a queue head in ntdll). */
static DWORD WINAPI forged_record_proc(void *arg)
{
    struct decoy *decoy = arg;
    volatile ULONG_PTR record[2][4];
    int i;

    for (i = 0; i < 2; i++)
    {
        record[i][0] = i ? (ULONG_PTR)&record[i][0] : 0x12340;
        record[i][1] = i ? (ULONG_PTR)&record[i][0] : 0x56780;
        record[i][2] = (ULONG_PTR)&decoy->section->LockSemaphore;
        record[i][3] = GetCurrentThreadId();
    }
    AcquireSRWLockExclusive(decoy->srw);
    ReleaseSRWLockExclusive(decoy->srw);
    return record[0][3] == record[1][3];
}

/* A contended section with a true waiter, and a thread blocked on an SRW lock running
 * decoy_fn (it keeps the section at hand in some form): the SRW waiter is reported alone,
 * every time. */
static void check_srw_waiter_alone(LPTHREAD_START_ROUTINE decoy_fn)
{
    CRITICAL_SECTION section;
    SRWLOCK srw = SRWLOCK_INIT;
    struct holder cs_holder, srw_holder;
    struct decoy decoy = { &section, &srw };
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD cs_owner_tid, srw_owner_tid, cs_waiter_tid, decoy_tid;
    HANDLE cs_owner, srw_owner, cs_waiter, decoy_thread;
    int i;

    InitializeCriticalSection(&section);
    cs_owner = start_holder(&cs_holder, &section, NULL, &cs_owner_tid);
    cs_waiter = probe_test_start(enter_proc, &section, &cs_waiter_tid);
    srw_owner = start_holder(&srw_holder, NULL, &srw, &srw_owner_tid);
    decoy_thread = probe_test_start(decoy_fn, &decoy, &decoy_tid);

    /* The section is contended (a true waiter sees it)... */
    assert_int_equal(probe_test_inspect_until(cs_waiter_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctCriticalSectionType, &thread, &wait),
                     ERROR_SUCCESS);
    /* ...yet the SRW waiter is reported alone, every time. */
    assert_int_equal(probe_test_inspect_until(decoy_tid, PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    for (i = 0; i < 10; i++)
    {
        assert_int_equal(probe_win_ops.inspect_thread(NULL, decoy_tid, PROBE_WANT_WAIT,
                                                      &thread, &wait), ERROR_SUCCESS);
        assert_int_equal(thread.status, WctStatusBlocked);
        assert_int_equal(wait.object_type, 0);
        assert_int_equal(wait.next_thread_id, 0);
    }

    stop_holder(&srw_holder, srw_owner);
    probe_test_join(decoy_thread);
    stop_holder(&cs_holder, cs_owner);
    probe_test_join(cs_waiter);
    DeleteCriticalSection(&section);
}

static void test_probe_critsec_srw_is_not_a_section(void **state)
{
    (void)state;
    check_srw_waiter_alone(decoy_proc);
}

static void test_probe_critsec_forged_record_on_srw_waiter(void **state)
{
    (void)state;
    check_srw_waiter_alone(forged_record_proc);
}

static CONDITION_VARIABLE condition = CONDITION_VARIABLE_INIT;

static DWORD WINAPI condition_proc(void *arg)
{
    CRITICAL_SECTION *section = arg;

    EnterCriticalSection(section);
    SleepConditionVariableCS(&condition, section, PROBE_TEST_TIMEOUT);
    LeaveCriticalSection(section);
    return 0;
}

static volatile LONG address_value;

static DWORD WINAPI address_proc(void *arg)
{
    LONG undesired = 0;

    (void)arg;
    WaitOnAddress(&address_value, &undesired, sizeof(undesired), PROBE_TEST_TIMEOUT);
    return 0;
}

static void test_probe_critsec_condition_and_address_alone(void **state)
{
    CRITICAL_SECTION section;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD condition_tid, address_tid;
    HANDLE condition_thread, address_thread;

    (void)state;
    InitializeCriticalSection(&section);
    condition_thread = probe_test_start(condition_proc, &section, &condition_tid);
    address_thread = probe_test_start(address_proc, NULL, &address_tid);

    assert_int_equal(probe_test_inspect_until(condition_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              0, &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(wait.object_type, 0);
    assert_int_equal(probe_test_inspect_until(address_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              0, &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(wait.object_type, 0);

    WakeAllConditionVariable(&condition);
    address_value = 1;
    WakeByAddressAll((void *)&address_value);
    probe_test_join(condition_thread);
    probe_test_join(address_thread);
    DeleteCriticalSection(&section);
}

/* Memory shaped as a held, contended section without debug info (DebugInfo -1, as Wine 10
 * and Windows leave it; OwningThread a live thread, LockCount 1), and a thread in
 * WaitOnAddress on its LockSemaphore: Wine links the same waiter record as for a section,
 * naming &LockSemaphore, but the waiter never entered RtlEnterCriticalSection, so it is no
 * section wait (static: a failed test leaves the waiter valid memory). */
static RTL_CRITICAL_SECTION shaped;

static DWORD WINAPI shaped_proc(void *arg)
{
    HANDLE undesired = NULL;

    (void)arg;
    WaitOnAddress(&shaped.LockSemaphore, &undesired, sizeof(undesired), PROBE_TEST_TIMEOUT);
    return 0;
}

static void test_probe_critsec_shaped_memory_is_not_a_section(void **state)
{
    struct holder holder;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD holder_tid, waiter_tid;
    HANDLE holder_thread, waiter;
    int i;

    (void)state;
    holder_thread = start_holder(&holder, NULL, NULL, &holder_tid);
    memset(&shaped, 0, sizeof(shaped));
    shaped.DebugInfo = (RTL_CRITICAL_SECTION_DEBUG *)(ULONG_PTR)-1;
    shaped.LockCount = 1;
    shaped.RecursionCount = 1;
    shaped.OwningThread = (HANDLE)(ULONG_PTR)holder_tid;
    waiter = probe_test_start(shaped_proc, NULL, &waiter_tid);

    assert_int_equal(probe_test_inspect_until(waiter_tid, PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    for (i = 0; i < 10; i++)
    {
        assert_int_equal(probe_win_ops.inspect_thread(NULL, waiter_tid, PROBE_WANT_WAIT,
                                                      &thread, &wait), ERROR_SUCCESS);
        assert_int_equal(thread.status, WctStatusBlocked);
        assert_int_equal(wait.object_type, 0);
        assert_int_equal(wait.next_thread_id, 0);
    }

    shaped.LockSemaphore = (HANDLE)1;
    WakeByAddressAll(&shaped.LockSemaphore);
    probe_test_join(waiter);
    stop_holder(&holder, holder_thread);
}

/*
 * A section's count of ended waits (wait_serial, from DebugInfo->ContentionCount): the same
 * at two looks at one wait, another once the waiter took the section and waits anew for the
 * same owner (a wait the node cannot tell from the first otherwise). Without debug info no
 * count is given.
 */
#define TEST_FORCE_DEBUG_INFO 0x10000000 /* RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO */

struct relay
{
    CRITICAL_SECTION *section;
    HANDLE held[2];                  /* the holder has it (first and second time) */
    HANDLE release[2];               /* the holder lets go of it */
    HANDLE entered;                  /* the waiter took it once and let go */
    HANDLE again;                    /* the waiter enters a second time */
};

static DWORD WINAPI relay_holder_proc(void *arg)
{
    struct relay *relay = arg;
    int round;

    for (round = 0; round < 2; round++)
    {
        if (round) WaitForSingleObject(relay->entered, PROBE_TEST_TIMEOUT);
        EnterCriticalSection(relay->section);
        SetEvent(relay->held[round]);
        WaitForSingleObject(relay->release[round], PROBE_TEST_TIMEOUT);
        LeaveCriticalSection(relay->section);
    }
    return 0;
}

static DWORD WINAPI relay_waiter_proc(void *arg)
{
    struct relay *relay = arg;

    EnterCriticalSection(relay->section);
    LeaveCriticalSection(relay->section);
    SetEvent(relay->entered);
    WaitForSingleObject(relay->again, PROBE_TEST_TIMEOUT);
    EnterCriticalSection(relay->section);
    LeaveCriticalSection(relay->section);
    return 0;
}

static void relay_look(DWORD waiter_tid, DWORD holder_tid, struct probe_wait *wait)
{
    struct probe_thread thread;

    assert_int_equal(probe_test_inspect_until(waiter_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctCriticalSectionType, &thread, wait),
                     ERROR_SUCCESS);
    assert_int_equal(wait->next_thread_id, holder_tid);
}

static void relay_run(DWORD flags, BOOL counted)
{
    struct probe_wait first, same, anew;
    CRITICAL_SECTION section;
    struct relay relay;
    DWORD holder_tid, waiter_tid;
    HANDLE holder, waiter;
    int i;

    assert_true(InitializeCriticalSectionEx(&section, 0, flags));
    relay.section = &section;
    for (i = 0; i < 2; i++)
    {
        relay.held[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
        relay.release[i] = CreateEventW(NULL, TRUE, FALSE, NULL);
    }
    relay.entered = CreateEventW(NULL, TRUE, FALSE, NULL);
    relay.again = CreateEventW(NULL, TRUE, FALSE, NULL);
    holder = probe_test_start(relay_holder_proc, &relay, &holder_tid);
    assert_int_equal(WaitForSingleObject(relay.held[0], PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    waiter = probe_test_start(relay_waiter_proc, &relay, &waiter_tid);

    relay_look(waiter_tid, holder_tid, &first);
    relay_look(waiter_tid, holder_tid, &same);
    SetEvent(relay.release[0]);
    assert_int_equal(WaitForSingleObject(relay.held[1], PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    SetEvent(relay.again);
    relay_look(waiter_tid, holder_tid, &anew);

    assert_int_equal(first.serial_known, counted);
    assert_int_equal(same.serial_known, counted);
    assert_int_equal(anew.serial_known, counted);
    if (counted)
    {
        assert_int_equal(same.wait_serial, first.wait_serial);
        /* Wine raises the count as each wait ends: one wait ended in between. */
        assert_int_equal(anew.wait_serial, first.wait_serial + 1);
    }
    else assert_int_equal(anew.wait_serial, 0);

    SetEvent(relay.release[1]);
    probe_test_join(waiter);
    probe_test_join(holder);
    for (i = 0; i < 2; i++)
    {
        CloseHandle(relay.held[i]);
        CloseHandle(relay.release[i]);
    }
    CloseHandle(relay.entered);
    CloseHandle(relay.again);
    DeleteCriticalSection(&section);
}

static void test_probe_critsec_serial(void **state)
{
    (void)state;
    relay_run(TEST_FORCE_DEBUG_INFO, TRUE);
    relay_run(CRITICAL_SECTION_NO_DEBUG_INFO, FALSE);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_critsec_owner),
        cmocka_unit_test(test_probe_critsec_deadlock),
        cmocka_unit_test(test_probe_critsec_serial),
        cmocka_unit_test(test_probe_critsec_srw_is_not_a_section),
        cmocka_unit_test(test_probe_critsec_forged_record_on_srw_waiter),
        cmocka_unit_test(test_probe_critsec_condition_and_address_alone),
        cmocka_unit_test(test_probe_critsec_shaped_memory_is_not_a_section),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

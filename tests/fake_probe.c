/*
 * fake_probe.c - the walker's unit-test probe: CMocka mocks behind struct probe_ops.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The mocks behave as the probe contract (probe.h) says the real one does: inspect_thread
 * fills *thread on success and *wait only when PROBE_WANT_WAIT is asked, zeroing it
 * otherwise. They also check what the walker promises: the context of begin_walk comes back
 * to every op, and no thread is inspected more than twice in one walk (the second time only
 * to confirm a cycle).
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "fake_probe.h"

#define FAKE_MAX_INSPECTED 64

/* State of the current test's walk; reset by fake_probe_setup. */
static void *expected_context;
static DWORD inspected[FAKE_MAX_INSPECTED];
static unsigned int inspected_count;


static DWORD fake_begin_walk(void **context)
{
    DWORD result = mock_type(DWORD);

    assert_non_null(context);
    if (result == ERROR_SUCCESS) *context = FAKE_PROBE_CONTEXT;
    return result;
}


static void fake_end_walk(void *context)
{
    check_expected_ptr(context);
}


/* The most looks at one thread in a walk: its first, and three more at a cycle whose waits
 * are not all counted (the walker's CYCLE_PASSES_UNCOUNTED). */
#define FAKE_LOOKS_PER_THREAD 4

/* Fails the test when thread_id was already inspected FAKE_LOOKS_PER_THREAD times. */
static void note_inspected(DWORD thread_id)
{
    unsigned int i, seen = 0;

    for (i = 0; i < inspected_count; i++)
    {
        if (inspected[i] == thread_id && ++seen == FAKE_LOOKS_PER_THREAD)
            fail_msg("thread %lu inspected %d times", (unsigned long)thread_id,
                     FAKE_LOOKS_PER_THREAD + 1);
    }
    assert_true(inspected_count < FAKE_MAX_INSPECTED);
    inspected[inspected_count++] = thread_id;
}


/* Contract: see probe_ops.inspect_thread in probe.h. */
static DWORD fake_inspect_thread(void *context, DWORD thread_id, DWORD want,
                                 struct probe_thread *thread, struct probe_wait *wait)
{
    const struct fake_thread *answer;

    assert_ptr_equal(context, expected_context);
    assert_non_null(thread);
    assert_non_null(wait);
    check_expected(thread_id);
    check_expected(want);
    answer = mock_ptr_type(const struct fake_thread *);
    note_inspected(thread_id);

    *thread = answer->thread;
    if (answer->error == ERROR_SUCCESS && (want & PROBE_WANT_WAIT)) *wait = answer->wait;
    else memset(wait, 0, sizeof(*wait));
    return answer->error;
}


const struct probe_ops fake_probe_ops = { fake_begin_walk, fake_end_walk, fake_inspect_thread, NULL, NULL, NULL };
const struct probe_ops fake_probe_inspect_only_ops = { NULL, NULL, fake_inspect_thread, NULL, NULL, NULL };


int fake_probe_setup(void **state)
{
    (void)state;
    expected_context = NULL;
    inspected_count = 0;
    return 0;
}


void fake_probe_expect_walk(DWORD begin_result)
{
    will_return(fake_begin_walk, begin_result);
    if (begin_result != ERROR_SUCCESS) return;
    expected_context = FAKE_PROBE_CONTEXT;
    expect_value(fake_end_walk, context, (uintptr_t)FAKE_PROBE_CONTEXT);
}


void fake_probe_expect_inspect(DWORD thread_id, DWORD want, const struct fake_thread *answer)
{
    expect_value(fake_inspect_thread, thread_id, thread_id);
    expect_value(fake_inspect_thread, want, want);
    will_return(fake_inspect_thread, (uintptr_t)answer);
}


unsigned int fake_probe_inspect_count(void)
{
    return inspected_count;
}


static void fake_thread_init(struct fake_thread *answer, DWORD process_id, DWORD thread_id,
                             WCT_OBJECT_STATUS status)
{
    memset(answer, 0, sizeof(*answer));
    answer->error = ERROR_SUCCESS;
    answer->thread.process_id = process_id;
    answer->thread.thread_id = thread_id;
    answer->thread.status = status;
    /* Recognisable values, so a test can tell they were copied from this answer. */
    answer->thread.wait_time = 1000 + thread_id;
    answer->thread.context_switches = 2000 + thread_id;
}


void fake_thread_running(struct fake_thread *answer, DWORD process_id, DWORD thread_id)
{
    fake_thread_init(answer, process_id, thread_id, WctStatusRunning);
}


void fake_thread_blocked(struct fake_thread *answer, DWORD process_id, DWORD thread_id)
{
    fake_thread_init(answer, process_id, thread_id, WctStatusBlocked);
}


void fake_thread_waiting(struct fake_thread *answer, DWORD process_id, DWORD thread_id,
                         WCT_OBJECT_TYPE type, WCT_OBJECT_STATUS status, const char *name,
                         DWORD next_process_id, DWORD next_thread_id)
{
    size_t i;

    fake_thread_init(answer, process_id, thread_id, WctStatusBlocked);
    answer->wait.object_type = type;
    answer->wait.object_status = status;
    /* ASCII names only; cut to fit with its terminator, as the probe contract requires. */
    for (i = 0; name && name[i] && i < WCT_OBJNAME_LENGTH - 1; i++)
        answer->wait.object_name[i] = (WCHAR)(unsigned char)name[i];
    answer->wait.next_process_id = next_process_id;
    answer->wait.next_thread_id = next_thread_id;
    /* A counted wait (as a critical section with debug info gives it), so one second look
     * confirms a cycle; a test clears or changes it to see the other ways. */
    answer->wait.serial_known = TRUE;
    answer->wait.wait_serial = 3000 + thread_id;
}


void fake_thread_failing(struct fake_thread *answer, DWORD error)
{
    memset(answer, 0, sizeof(*answer));
    answer->error = error;
}

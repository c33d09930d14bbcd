/*
 * test_false_cycles.c - no IsCycle for a cycle that never held at one time (issue 21.1).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two threads take two critical sections in opposite order, but the second lets go of the
 * first before it takes the other: they never deadlock. A walk can still see A waiting for B
 * and, a moment later, B waiting for A (when A no longer waits); without a second look at
 * the cycle that was a "deadlock". Every IsCycle here is false. Whatever else a walk says is
 * true at some moment, so only a cycle fails the test.
 *
 * Twice: with sections whose debug info counts the waits as they end (the walker then knows
 * a wait begun anew from the one it saw first; this is how one second look was fooled, twice
 * in 10,000 walks under Wine 8 in CI), and with sections without debug info, where nothing
 * counts them and the walker looks at the cycle three times over.
 */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <cmocka.h>
#include <wct.h>

#define DEFAULT_WALKS 10000
#define DEFAULT_SECONDS 40 /* at most: a loaded machine walks slower */
#define FORCE_DEBUG_INFO 0x10000000 /* RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO */

struct crossing
{
    CRITICAL_SECTION first, second;
    volatile LONG stop;
    volatile LONG rounds[2];
};

/*
 * The two threads' rhythm: A holds the first section and waits for the second while B holds
 * it; B lets go of it and at once waits for the first, which A now holds with the second for
 * a while. So A waits for B, then B waits for A while A runs: a walk of about a millisecond
 * can see both edges, never at the same moment.
 */
static DWORD WINAPI take_in_order(void *arg)
{
    struct crossing *c = arg;

    while (!c->stop)
    {
        EnterCriticalSection(&c->first);
        EnterCriticalSection(&c->second);
        Sleep(1);
        LeaveCriticalSection(&c->second);
        LeaveCriticalSection(&c->first);
        InterlockedIncrement(&c->rounds[0]);
    }
    return 0;
}

/* Takes second, lets go of it, then takes first: never both at once. */
static DWORD WINAPI take_crossed(void *arg)
{
    struct crossing *c = arg;

    while (!c->stop)
    {
        EnterCriticalSection(&c->second);
        Sleep(1);
        LeaveCriticalSection(&c->second);
        EnterCriticalSection(&c->first);
        LeaveCriticalSection(&c->first);
        InterlockedIncrement(&c->rounds[1]);
    }
    return 0;
}

static unsigned long env_number(const char *name, unsigned long fallback)
{
    const char *value = getenv(name);

    return value && *value ? strtoul(value, NULL, 10) : fallback;
}

static void crossed_sections(DWORD section_flags)
{
    unsigned long walks = env_number("WCT_FALSE_CYCLE_WALKS", DEFAULT_WALKS);
    DWORD seconds = (DWORD)env_number("WCT_FALSE_CYCLE_SECONDS", DEFAULT_SECONDS);
    unsigned long done = 0, edges = 0, cycles = 0, chains = 0;
    struct crossing c;
    HANDLE threads[2];
    DWORD ids[2], start;
    HWCT session;
    int i;

    memset(&c, 0, sizeof(c));
    assert_true(InitializeCriticalSectionEx(&c.first, 0, section_flags));
    assert_true(InitializeCriticalSectionEx(&c.second, 0, section_flags));
    threads[0] = CreateThread(NULL, 0, take_in_order, &c, 0, &ids[0]);
    threads[1] = CreateThread(NULL, 0, take_crossed, &c, 0, &ids[1]);
    assert_non_null(threads[0]);
    assert_non_null(threads[1]);
    session = OpenThreadWaitChainSession(0, NULL);
    assert_non_null(session);

    start = GetTickCount();
    while (done < walks && GetTickCount() - start < seconds * 1000)
    {
        WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
        DWORD count = WCT_MAX_NODE_COUNT;
        BOOL is_cycle = FALSE;

        if (!GetThreadWaitChain(session, 0, 0, ids[done % 2], &count, nodes, &is_cycle))
            fail_msg("walk %lu: error %lu", done, GetLastError());
        done++;
        chains++;
        if (count >= 3) edges++;
        if (is_cycle)
        {
            cycles++;
            print_error("walk %lu: a cycle of %lu nodes between threads that never deadlock\n",
                        done, count);
        }
    }

    c.stop = 1;
    assert_int_equal(WaitForMultipleObjects(2, threads, TRUE, 10000), WAIT_OBJECT_0);
    CloseThreadWaitChainSession(session);
    for (i = 0; i < 2; i++) CloseHandle(threads[i]);
    DeleteCriticalSection(&c.first);
    DeleteCriticalSection(&c.second);
    print_message("%lu walks in %lu ms, %lu with a wait edge, %lu cycles; rounds %ld and %ld\n",
                  chains, GetTickCount() - start, edges, cycles, c.rounds[0], c.rounds[1]);
    assert_int_equal(cycles, 0);
}

/* Sections whose debug info counts the waits. */
static void test_false_cycles_counted_sections(void **state)
{
    (void)state;
    crossed_sections(FORCE_DEBUG_INFO);
}

/* Sections without debug info: nothing counts the waits. */
static void test_false_cycles_uncounted_sections(void **state)
{
    (void)state;
    crossed_sections(CRITICAL_SECTION_NO_DEBUG_INFO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_false_cycles_counted_sections),
        cmocka_unit_test(test_false_cycles_uncounted_sections),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

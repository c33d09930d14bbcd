/*
 * test_probe_churn_aba.c - the race of test_probe_churn.c made certain: a handle value
 * leaves the waiter, names a decoy while the probe resolves it, and comes back to the very
 * same wait before the probe confirms (A-B-A). No fabricated edge may come of it.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The walk's test seam (probe_walk.seam) runs the steps inside one inspection:
 *   PROBE_SEAM_CAPTURED  the waiter's wait ends, it closes the value V and stops short of
 *                        its next wait (spinning, so the handle word of the finished wait
 *                        stays on its stack); a decoy handle takes V (thread: a handle to a
 *                        long-lived decoy thread; mutex: a named decoy mutex). The probe
 *                        then reads V from the stack and duplicates the decoy.
 *   PROBE_SEAM_ANALYSED  the decoy handle is closed, the waiter creates its next good object,
 *                        gets V again (the lowest free value: every lower hole is held by
 *                        the test) and waits on it exactly as before (same code, same
 *                        stack, same registers).
 *   PROBE_SEAM_CONFIRMED after the confirmation's capture: the waiter's second wait ends too,
 *                        it closes V and stops short again, and the very same decoy object
 *                        takes V once more (A-B-A-B-A: seen once in CI, test_probe_churn).
 * The confirmation's second capture then sees the same wait, and the handle word reads V
 * again: a probe that trusts these two reports the decoy, which the waiter never waited on;
 * one that reads what V names only after the second capture finds the decoy there again,
 * unless a third capture shows the waiter still in that wait.
 * Such a probe fails both tests (ThreadWait to the decoy thread; a Mutex named
 * wct-churn-decoy-...). The old suspending probe fails them as well (it resolved V the same
 * way, with nothing to confirm it). A probe that tells objects apart (e.g. compares what V
 * names after the second capture with what it duplicated) reports the good object or no
 * node.
 *
 * Each test first checks that the steps happened (the decoy took V; the waiter got V back),
 * so a pass is never an accident of handle allocation. In-process only: the seam runs in
 * the inspecting process, and the steps need the waiter's handle table at hand.
 * Built like the library, against Wine's headers, to reach the walk context's seam.
 */

#include "probe_internal.h"

#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#define STEP_TIMEOUT 5000
#define MAX_FILLERS 4096             /* handles that fill the holes below V */

/* ---- the waiter and its good objects ------------------------------------------------------ */

enum aba_kind
{
    ABA_THREAD,                      /* the waiter joins good threads */
    ABA_MUTEX,                       /* the waiter waits on good mutexes the holder owns */
};

struct stepper
{
    enum aba_kind kind;
    volatile LONG go;                /* set: start the next wait (the waiter clears it) */
    volatile LONG stop;
    volatile LONG started;           /* waits about to start (value and tid published) */
    volatile LONG closed;            /* waits finished (their handle closed) */
    volatile LONG stuck;             /* a step timed out */
    HANDLE volatile value;           /* the handle value of the current wait */
    volatile DWORD good_tid;         /* ABA_THREAD: the thread joined */
    HANDLE good_gate;                /* auto-reset: lets one good thread exit */
    /* ABA_MUTEX: the holder */
    HANDLE take, taken, let_go;      /* auto-reset: "hold this one", "held", "release it" */
    HANDLE volatile handoff;
};

/* Waits (spinning, bounded) for the flag. A shallow call: it leaves the finished wait's
 * handle word, deeper on the stack, as it was. */
static BOOL spin_until(volatile LONG *flag)
{
    DWORD start = GetTickCount();

    while (!*flag)
    {
        if (GetTickCount() - start > STEP_TIMEOUT) return FALSE;
        YieldProcessor();
    }
    return TRUE;
}

static DWORD WINAPI good_thread_proc(void *arg)
{
    struct stepper *s = arg;

    WaitForSingleObject(s->good_gate, STEP_TIMEOUT);
    return 0;
}

/* One join, the same code and stack each time (see the file's comment). */
static void __attribute__((noinline)) join_once(struct stepper *s)
{
    DWORD tid = 0;
    HANDLE thread;

    if (!spin_until(&s->go))
    {
        s->stuck = s->stop = 1;
        return;
    }
    if (s->stop) return;
    InterlockedExchange(&s->go, 0);
    thread = CreateThread(NULL, 0, good_thread_proc, s, 0, &tid);
    s->good_tid = tid;
    s->value = thread;
    InterlockedIncrement(&s->started);
    if (WaitForSingleObject(thread, STEP_TIMEOUT) != WAIT_OBJECT_0) s->stuck = 1;
    CloseHandle(thread);
    InterlockedIncrement(&s->closed);
}

/* One wait on an unnamed good mutex the holder owns, the same code and stack each time. */
static void __attribute__((noinline)) mutex_once(struct stepper *s)
{
    HANDLE mutex;

    if (!spin_until(&s->go))
    {
        s->stuck = s->stop = 1;
        return;
    }
    if (s->stop) return;
    InterlockedExchange(&s->go, 0);
    mutex = CreateMutexW(NULL, FALSE, NULL);
    s->value = mutex;
    InterlockedIncrement(&s->started);
    s->handoff = mutex;
    SetEvent(s->take);
    if (WaitForSingleObject(s->taken, STEP_TIMEOUT) != WAIT_OBJECT_0) s->stuck = 1;
    if (WaitForSingleObject(mutex, STEP_TIMEOUT) == WAIT_OBJECT_0) ReleaseMutex(mutex);
    else s->stuck = 1;
    CloseHandle(mutex);
    InterlockedIncrement(&s->closed);
}

static DWORD WINAPI waiter_proc(void *arg)
{
    struct stepper *s = arg;

    while (!s->stop)
    {
        if (s->kind == ABA_THREAD) join_once(s);
        else mutex_once(s);
    }
    return 0;
}

/* Owns each mutex handed over until let_go. */
static DWORD WINAPI holder_proc(void *arg)
{
    struct stepper *s = arg;

    while (!s->stop)
    {
        HANDLE mutex;

        if (WaitForSingleObject(s->take, 100) != WAIT_OBJECT_0) continue;
        mutex = s->handoff;
        if (WaitForSingleObject(mutex, STEP_TIMEOUT) != WAIT_OBJECT_0) s->stuck = 1;
        SetEvent(s->taken);
        if (WaitForSingleObject(s->let_go, STEP_TIMEOUT) != WAIT_OBJECT_0) s->stuck = 1;
        ReleaseMutex(mutex);
    }
    return 0;
}

/* A long-lived decoy thread: blocked until the test ends. */
static DWORD WINAPI decoy_proc(void *arg)
{
    WaitForSingleObject(arg, 4 * STEP_TIMEOUT);
    return 0;
}

/* ---- the steps, run by the seam ------------------------------------------------------------- */

struct hook
{
    struct stepper *s;
    DWORD waiter_tid;
    DWORD decoy_tid;                 /* ABA_THREAD */
    HANDLE value;                    /* V: the value of the first wait */
    int calls[PROBE_SEAMS];
    /* what the steps did */
    BOOL decoy_took_value;
    BOOL waiter_got_value_back;
    BOOL decoy_took_value_again;     /* the same decoy object, at the third step */
    const char *failed;              /* a step that did not happen, or NULL */
    WCT_OBJECT_TYPE analysed_type;   /* what the analysis between the steps found */
    DWORD analysed_next;
    WCHAR analysed_name[WCT_OBJNAME_LENGTH];
    /* handles the test holds for the length of the walk */
    HANDLE decoy;
    HANDLE decoy_kept;               /* keeps the decoy object while V is the waiter's */
    int decoy_serial;                /* its name's number (mutex) */
    HANDLE fillers[MAX_FILLERS];
    int filler_count;
};

/* Polls (bounded) until *counter reaches count: the waiter's waits started or closed. */
static BOOL until_count(volatile LONG *counter, LONG count)
{
    DWORD start = GetTickCount();

    while (*counter < count)
    {
        if (GetTickCount() - start > STEP_TIMEOUT) return FALSE;
        Sleep(1);
    }
    return TRUE;
}

/* Inspects tid (no walk, so no seam) until it shows an object of type naming next_tid
 * (bounded). */
static BOOL until_shows(DWORD tid, WCT_OBJECT_TYPE type, DWORD next_tid)
{
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD start = GetTickCount();

    do
    {
        if (probe_win_ops.inspect_thread(NULL, tid, PROBE_WANT_WAIT, &thread, &wait)
                == ERROR_SUCCESS
            && wait.object_type == type && wait.next_thread_id == next_tid)
            return TRUE;
        Sleep(5);
    } while (GetTickCount() - start < STEP_TIMEOUT);
    return FALSE;
}

/* Until the waiter shows its current wait: the good thread it joins, or a mutex. */
static BOOL until_in_wait(DWORD waiter_tid, const struct stepper *s)
{
    if (s->kind == ABA_THREAD) return until_shows(waiter_tid, WctThreadWaitType, s->good_tid);
    return until_shows(waiter_tid, WctMutexType, 0);
}

/* Appends n in decimal (built against Wine's headers, this program has no swprintf). */
static WCHAR *append_number(WCHAR *end, DWORD n)
{
    WCHAR digits[16];
    int count = 0;

    do digits[count++] = (WCHAR)(L'0' + n % 10);
    while (n /= 10);
    while (count) *end++ = digits[--count];
    *end = 0;
    return end;
}

/* A new decoy handle: to the decoy thread, or a mutex named wct-churn-decoy-<pid>-<n>. */
static HANDLE decoy_open(const struct hook *hook, int serial)
{
    static const WCHAR prefix[] = L"wct-churn-decoy-";
    WCHAR name[64], *end;

    if (hook->s->kind == ABA_THREAD)
        return OpenThread(SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION, FALSE,
                          hook->decoy_tid);
    memcpy(name, prefix, sizeof(prefix));
    end = append_number(name + ARRAYSIZE(prefix) - 1, GetCurrentProcessId());
    *end++ = L'-';
    append_number(end, (DWORD)serial);
    return CreateMutexW(NULL, FALSE, name);
}

/* Opens decoy handles until one gets V (handles take the lowest free value): those below
 * it fill the holes, and stay open so that V is the lowest free value again once the decoy
 * lets it go. */
static void decoy_take_value(struct hook *hook)
{
    while (hook->filler_count < MAX_FILLERS)
    {
        HANDLE handle = decoy_open(hook, hook->filler_count);

        if (!handle) return;
        if (handle == hook->value)
        {
            hook->decoy = handle;
            hook->decoy_serial = hook->filler_count;
            hook->decoy_took_value = TRUE;
            return;
        }
        hook->fillers[hook->filler_count++] = handle;
    }
}

/* After the capture: the waiter's wait ends and V goes to a decoy. */
static void step_leave(struct hook *hook)
{
    struct stepper *s = hook->s;

    if (s->kind == ABA_THREAD) SetEvent(s->good_gate);
    else SetEvent(s->let_go);
    if (!until_count(&s->closed, 1))
    {
        hook->failed = "the waiter did not finish its first wait";
        return;
    }
    decoy_take_value(hook);
    if (!hook->decoy_took_value) hook->failed = "no decoy handle got the waiter's value";
}

/* After the analysis: V comes back to the waiter, in the same wait. */
static void step_return(struct hook *hook)
{
    struct stepper *s = hook->s;

    /* The copy takes a value above V (every one below is a filler), and keeps the object. */
    DuplicateHandle(GetCurrentProcess(), hook->decoy, GetCurrentProcess(), &hook->decoy_kept, 0,
                    FALSE, DUPLICATE_SAME_ACCESS);
    CloseHandle(hook->decoy);
    hook->decoy = NULL;
    InterlockedExchange(&s->go, 1);
    if (!until_count(&s->started, 2) || !until_in_wait(hook->waiter_tid, s))
    {
        hook->failed = "the waiter did not start its second wait";
        return;
    }
    hook->waiter_got_value_back = s->value == hook->value;
    if (!hook->waiter_got_value_back) hook->failed = "the waiter's second wait is on another value";
}

/* After the confirmation's capture: the second wait ends as well, and the same decoy object
 * takes V again. */
static void step_leave_again(struct hook *hook)
{
    struct stepper *s = hook->s;
    HANDLE handle;

    if (s->kind == ABA_THREAD) SetEvent(s->good_gate);
    else SetEvent(s->let_go);
    if (!until_count(&s->closed, 2))
    {
        hook->failed = "the waiter did not finish its second wait";
        return;
    }
    handle = decoy_open(hook, hook->decoy_serial);
    if (handle == hook->value)
    {
        hook->decoy = handle;
        hook->decoy_took_value_again = TRUE;
        return;
    }
    if (handle) CloseHandle(handle);
    hook->failed = "the decoy did not get the waiter's value again";
}

static void seam_hook(void *param, enum probe_seam where, const struct probe_wait *finding)
{
    struct hook *hook = param;

    if (hook->calls[where]++ || hook->failed) return;
    if (where == PROBE_SEAM_CAPTURED)
    {
        step_leave(hook);
        return;
    }
    if (where == PROBE_SEAM_CONFIRMED)
    {
        step_leave_again(hook);
        return;
    }
    hook->analysed_type = finding->object_type;
    hook->analysed_next = finding->next_thread_id;
    memcpy(hook->analysed_name, finding->object_name, sizeof(hook->analysed_name));
    step_return(hook);
}

/* ---- the tests ------------------------------------------------------------------------------ */

struct world
{
    struct stepper s;
    HANDLE waiter, holder, decoy, decoy_stop;
    DWORD waiter_tid, decoy_tid;
};

static void world_start(struct world *world, enum aba_kind kind)
{
    memset(world, 0, sizeof(*world));
    world->s.kind = kind;
    assert_non_null(world->s.good_gate = CreateEventW(NULL, FALSE, FALSE, NULL));
    assert_non_null(world->s.take = CreateEventW(NULL, FALSE, FALSE, NULL));
    assert_non_null(world->s.taken = CreateEventW(NULL, FALSE, FALSE, NULL));
    assert_non_null(world->s.let_go = CreateEventW(NULL, FALSE, FALSE, NULL));
    assert_non_null(world->decoy_stop = CreateEventW(NULL, TRUE, FALSE, NULL));
    assert_non_null(world->decoy = CreateThread(NULL, 0, decoy_proc, world->decoy_stop, 0,
                                                &world->decoy_tid));
    if (kind == ABA_MUTEX)
        assert_non_null(world->holder = CreateThread(NULL, 0, holder_proc, &world->s, 0, NULL));
    assert_non_null(world->waiter = CreateThread(NULL, 0, waiter_proc, &world->s, 0,
                                                 &world->waiter_tid));
}

static void join(HANDLE thread)
{
    if (!thread) return;
    assert_int_equal(WaitForSingleObject(thread, 3 * STEP_TIMEOUT), WAIT_OBJECT_0);
    CloseHandle(thread);
}

static void world_stop(struct world *world)
{
    world->s.stop = 1;
    InterlockedExchange(&world->s.go, 1);
    SetEvent(world->s.good_gate);
    SetEvent(world->s.let_go);
    SetEvent(world->decoy_stop);
    join(world->waiter);
    join(world->holder);
    join(world->decoy);
    CloseHandle(world->s.good_gate);
    CloseHandle(world->s.take);
    CloseHandle(world->s.taken);
    CloseHandle(world->s.let_go);
    CloseHandle(world->decoy_stop);
}

/* The world started, its waiter in its first wait, and a hook on that wait's value. */
static void world_in_first_wait(struct world *world, enum aba_kind kind, struct hook *hook)
{
    world_start(world, kind);
    InterlockedExchange(&world->s.go, 1);
    assert_true(until_count(&world->s.started, 1));
    assert_true(until_in_wait(world->waiter_tid, &world->s));
    memset(hook, 0, sizeof(*hook));
    hook->s = &world->s;
    hook->waiter_tid = world->waiter_tid;
    hook->decoy_tid = world->decoy_tid;
    hook->value = world->s.value;
}

/* One walk from the waiter, with the steps in its seam. */
static void inspect_with_steps(struct hook *hook, struct probe_thread *thread,
                               struct probe_wait *wait)
{
    struct probe_walk *walk;
    void *context = NULL;
    int i;

    assert_int_equal(probe_win_ops.begin_walk(&context), ERROR_SUCCESS);
    walk = context;
    walk->seam = seam_hook;
    walk->seam_param = hook;
    assert_int_equal(probe_win_ops.inspect_thread(context, hook->waiter_tid, PROBE_WANT_WAIT,
                                                  thread, wait), ERROR_SUCCESS);
    probe_win_ops.end_walk(context);
    if (hook->decoy) CloseHandle(hook->decoy);
    if (hook->decoy_kept) CloseHandle(hook->decoy_kept);
    for (i = 0; i < hook->filler_count; i++) CloseHandle(hook->fillers[i]);
}

/* What the analysis between the steps found, and what the inspection reported. */
static void print_outcome(const char *what, const struct hook *hook,
                          const struct probe_wait *wait)
{
    print_message("%s: V = %#lx; the analysis between the steps found type %d -> %lu \"%ls\"; "
                  "reported: type %d status %d -> %lu \"%ls\" (%d captures)\n",
                  what, (unsigned long)(ULONG_PTR)hook->value, hook->analysed_type,
                  (unsigned long)hook->analysed_next, hook->analysed_name, wait->object_type,
                  wait->object_status, (unsigned long)wait->next_thread_id, wait->object_name,
                  hook->calls[PROBE_SEAM_CAPTURED]);
}

/* The steps must have happened, or the test proves nothing. The second runs only when the
 * analysis after the first found a node to confirm (a probe that sees through the decoy at
 * once has nothing to be fooled into). */
static void check_steps(const struct hook *hook)
{
    if (hook->failed) fail_msg("the steps did not happen: %s", hook->failed);
    assert_true(hook->decoy_took_value);
    if (hook->calls[PROBE_SEAM_ANALYSED]) assert_true(hook->waiter_got_value_back);
    if (hook->calls[PROBE_SEAM_CONFIRMED]) assert_true(hook->decoy_took_value_again);
    assert_int_equal(hook->s->stuck, 0);
}

static void test_probe_churn_aba_thread_join(void **state)
{
    struct world world;
    struct hook hook;
    struct probe_thread thread;
    struct probe_wait wait;
    DWORD second_tid;

    (void)state;
    world_in_first_wait(&world, ABA_THREAD, &hook);
    inspect_with_steps(&hook, &thread, &wait);
    second_tid = world.s.good_tid;
    print_outcome("thread join", &hook, &wait);
    world_stop(&world);
    check_steps(&hook);

    /* The waiter joined good threads only: the decoy is never named. At the end it joins
     * the second good thread: an edge, if any, names that one. */
    if (wait.next_thread_id == world.decoy_tid)
        fail_msg("fabricated edge: ThreadWait to the decoy thread %lu, which the waiter never "
                 "joined", (unsigned long)world.decoy_tid);
    if (wait.object_type)
    {
        assert_int_equal(wait.object_type, WctThreadWaitType);
        if (wait.next_thread_id) assert_int_equal(wait.next_thread_id, second_tid);
    }
}

static void test_probe_churn_aba_mutex(void **state)
{
    struct world world;
    struct hook hook;
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    world_in_first_wait(&world, ABA_MUTEX, &hook);
    inspect_with_steps(&hook, &thread, &wait);
    print_outcome("mutex", &hook, &wait);
    world_stop(&world);
    check_steps(&hook);

    /* The waiter waited on unnamed good mutexes only: a Mutex node, if any, has no name
     * (the decoys' are all named), and nothing else is reported. */
    if (wait.object_type)
    {
        assert_int_equal(wait.object_type, WctMutexType);
        if (wait.object_name[0])
            fail_msg("fabricated node: Mutex \"%ls\", which the waiter never waited on",
                     wait.object_name);
    }
}

/* ---- a session's last look (the hint) --------------------------------------------------------- */

static void count_seam(void *param, enum probe_seam where, const struct probe_wait *finding)
{
    struct hook *hook = param;

    (void)finding;
    hook->calls[where]++;
}

/* One look at the waiter through a session's walk (slot): what it reported, and how many
 * times it analysed the wait from a capture (0 when the session's last look held). */
static int inspect_cached(void *volatile *slot, struct hook *hook, struct probe_wait *wait)
{
    struct probe_thread thread;
    struct probe_walk *walk;
    void *context = NULL;

    memset(hook->calls, 0, sizeof(hook->calls));
    assert_int_equal(probe_win_ops.begin_cached_walk(slot, &context), ERROR_SUCCESS);
    walk = context;
    walk->seam = count_seam;
    walk->seam_param = hook;
    assert_int_equal(probe_win_ops.inspect_thread(context, hook->waiter_tid, PROBE_WANT_WAIT,
                                                  &thread, wait), ERROR_SUCCESS);
    walk->seam = NULL;
    probe_win_ops.end_walk(context);
    return hook->calls[PROBE_SEAM_CAPTURED];
}

/* The node the waiter's current wait gives: a join of the current good thread, or a mutex. */
static void check_node(const struct stepper *s, const struct probe_wait *wait)
{
    if (s->kind == ABA_THREAD)
    {
        assert_int_equal(wait->object_type, WctThreadWaitType);
        assert_int_equal(wait->next_thread_id, s->good_tid);
    }
    else assert_int_equal(wait->object_type, WctMutexType);
}

/*
 * A session looks at the waiter twice: for a join the second look, at the same wait, is taken
 * from the first (no analysis); a mutex is never kept between looks (the program would see it
 * outlive its handles), so each look analyses it. Then the wait ends and the next one, same
 * code, stack and registers, waits on a new object that got the very same handle value: the
 * session's last look no longer holds, and the wait is analysed anew (a probe that trusted
 * registers alone would report the first object again).
 */
static void check_hint_follows_the_value(enum aba_kind kind)
{
    void *volatile slot = NULL;
    struct world world;
    struct hook hook;
    struct probe_wait wait;
    DWORD first_tid;
    int i;

    world_in_first_wait(&world, kind, &hook);
    first_tid = world.s.good_tid;

    assert_int_equal(inspect_cached(&slot, &hook, &wait), 1);
    check_node(&world.s, &wait);
    assert_int_equal(inspect_cached(&slot, &hook, &wait), kind == ABA_THREAD ? 0 : 1);
    check_node(&world.s, &wait);

    step_leave(&hook);   /* the wait ends; a filler takes V so that V comes back */
    step_return(&hook);  /* the filler lets V go; the waiter's next wait gets V */
    if (hook.failed) fail_msg("the steps did not happen: %s", hook.failed);
    assert_true(hook.waiter_got_value_back);
    assert_int_equal(inspect_cached(&slot, &hook, &wait), 1);
    check_node(&world.s, &wait);
    if (kind == ABA_THREAD) assert_int_not_equal(wait.next_thread_id, first_tid);
    assert_int_equal(inspect_cached(&slot, &hook, &wait), kind == ABA_THREAD ? 0 : 1);
    check_node(&world.s, &wait);

    probe_win_ops.free_cache(slot);
    for (i = 0; i < hook.filler_count; i++) CloseHandle(hook.fillers[i]);
    world_stop(&world);
    assert_int_equal(world.s.stuck, 0);
}

static void test_probe_hint_thread_join(void **state)
{
    (void)state;
    check_hint_follows_the_value(ABA_THREAD);
}

static void test_probe_hint_mutex(void **state)
{
    (void)state;
    check_hint_follows_the_value(ABA_MUTEX);
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_churn_aba_thread_join),
        cmocka_unit_test(test_probe_churn_aba_mutex),
        cmocka_unit_test(test_probe_hint_thread_join),
        cmocka_unit_test(test_probe_hint_mutex),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_probe_churn.c - the probe never fabricates an edge when the handle value a thread
 * waits on is closed and reused, in the caller's process and in another one (issue 9).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A waiter joins short-lived good threads, or waits on short-lived good mutexes, one after
 * the other, while churner threads take every freed handle value for handles to long-lived
 * decoy threads, named decoy mutexes and the process (churn_world.c). The inspector looks at
 * the waiter as fast as it can for a while, through begin_walk / inspect_thread / end_walk
 * as the chain walker does (following each thread edge into the next inspection), and every
 * object node must be one the waiter really waits on: a ThreadWait edge names a good
 * thread, a Mutex node carries a good name (or none: the unnamed good ones); a decoy, a
 * process or any other thread is a fabricated edge.
 *
 * The probe of issue 4 read the handle value from the waiter's stack and resolved it after
 * the waiter had moved on: the value then named whatever the churners had opened under it,
 * and walks reported decoy threads and decoy mutexes (two runs on a loaded 2-core VM: 1 in
 * 2,000-2,700 walks in process with threads, 1-10 in 5,000 with mutexes; both in-process
 * tests failed each time). The probe now duplicates the value first, confirms with a second
 * capture that the waiter still sits in the same wait and reads the handle word again. That
 * is not enough when the value comes back to an identical wait before the second capture
 * (A-B-A: the waiter's waits all look alike here, as in any loop): with the waiter in
 * another process waiting on mutexes, it still reported ThreadWait edges to decoy threads,
 * ProcessWait nodes (the churners' handles to their own process) and decoy mutexes, 1 in
 * 1,500 to 3,000 walks on the same VM (in 4 of 7 runs). test_probe_churn_aba.c makes that
 * interleaving certain. These are races: how often they show depends on the machine's
 * load, so a pass here is evidence, not proof.
 *
 * Every test prints its counts (walks, edges, fabricated) so a run shows it was not vacuous.
 * WCT_CHURN_SECONDS sets how long each test inspects (default 10). Run with --churn-child,
 * this program is the other process of the cross-process tests.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "probe_test_util.h"
#include "churn_world.h"
#include "watchdog.h"

#define CHURN_DEFAULT_SECONDS 10
#define CHURN_SHOWN 8                /* fabricated edges printed in full */
#define CHURN_STALL_MS 30000         /* one inspection this long is a hang */

/* The waiter, as the inspector knows it. */
struct churn_target
{
    enum churn_kind kind;
    DWORD pid;
    DWORD waiter_tid;
    DWORD decoy_tid[CHURN_DECOYS];
    const struct churn_good *good;
    WCHAR good_prefix[64];
    WCHAR decoy_prefix[64];
};

/* What the inspector saw. */
struct churn_tally
{
    LONG walks;
    LONG blocked;                    /* the waiter was Blocked */
    LONG thread_edges;               /* ThreadWait nodes that name a next thread */
    LONG thread_ended;               /* ThreadWait nodes without one (the thread had exited) */
    LONG mutex_nodes, mutex_named;
    LONG followed;                   /* edges whose next thread was inspected in the walk */
    LONG fabricated;
    LONG errors;                     /* an inspection that failed or gave a malformed node */
};

static volatile LONG inspector_progress;
static const struct churn_target *inspected;

static DWORD churn_seconds(void)
{
    const char *text = getenv("WCT_CHURN_SECONDS");
    long seconds = text ? strtol(text, NULL, 10) : 0;

    return seconds > 0 ? (DWORD)seconds : CHURN_DEFAULT_SECONDS;
}

static const char *kind_name(enum churn_kind kind)
{
    return kind == CHURN_THREADS ? "threads" : "mutexes";
}

static void describe_inspector(DWORD index)
{
    (void)index;
    printf("  inspecting thread %lu of process %lu (%s)\n",
           (unsigned long)inspected->waiter_tid, (unsigned long)inspected->pid,
           kind_name(inspected->kind));
}

static void target_prefixes(struct churn_target *target)
{
    churn_good_prefix(target->good_prefix, ARRAYSIZE(target->good_prefix), target->pid);
    churn_decoy_prefix(target->decoy_prefix, ARRAYSIZE(target->decoy_prefix), target->pid);
}

/* ---- judging a node ------------------------------------------------------------------ */

static BOOL is_decoy(const struct churn_target *target, DWORD tid)
{
    int i;

    for (i = 0; i < CHURN_DECOYS; i++)
        if (target->decoy_tid[i] == tid) return TRUE;
    return FALSE;
}

/* The handle values of the waiter's good waits first..last (the last 16 of them). */
static void show_waited(const struct churn_good *good, LONG first, LONG last)
{
    LONG n;

    if (first < 0) first = 0;
    if (last - first > 15)
    {
        printf("  ... (%ld earlier waits)\n", last - 15 - first);
        first = last - 15;
    }
    for (n = first; n <= last; n++)
        printf("  good wait #%ld on handle value %#lx\n", n,
               (unsigned long)good->waited[(ULONG)n % CHURN_RING]);
}

/*
 * Prints a fabricated node (the first few): what it named, what that really is, and the
 * waits the waiter started from the one in progress when the walk began to the one in
 * progress when it ended.
 */
static void show_fabricated(const struct churn_target *target, const struct churn_tally *tally,
                            const struct probe_wait *wait, LONG waits_before, LONG waits_after)
{
    const char *what = "another object";

    if (tally->fabricated > CHURN_SHOWN) return;
    if (wait->object_type == WctThreadWaitType && wait->next_thread_id)
        what = wait->next_process_id != target->pid ? "a thread of another process"
               : is_decoy(target, wait->next_thread_id) ? "a decoy thread"
               : churn_good_has(target->good, wait->next_thread_id) ? "a good thread"
               : "a thread the waiter never joined";
    else if (wait->object_type == WctMutexType && wcsstr(wait->object_name, target->decoy_prefix))
        what = "a decoy mutex";
    printf("FABRICATED (%s, walk %ld): type %d status %d -> %lu:%lu \"%ls\": %s\n",
           kind_name(target->kind), tally->walks, wait->object_type, wait->object_status,
           (unsigned long)wait->next_process_id, (unsigned long)wait->next_thread_id,
           wait->object_name, what);
    printf("  the waiter started %ld good waits during the walk:\n", waits_after - waits_before);
    show_waited(target->good, waits_before - 1, waits_after - 1);
    fflush(stdout);
}

/*
 * Counts the waiter's object node and tells whether it is one the waiter really had: in the
 * threads world only ThreadWait nodes, whose next thread (if any) is a good one of the
 * waiter's process; in the mutexes world only Mutex nodes, named as the good ones or not
 * named (decoy mutexes always are). Nothing else, ever.
 */
static BOOL node_is_fabricated(const struct churn_target *target, const struct probe_wait *wait,
                               struct churn_tally *tally)
{
    switch (wait->object_type)
    {
    case WctThreadWaitType:
        if (!wait->next_thread_id)
        {
            tally->thread_ended++;
            return target->kind != CHURN_THREADS;
        }
        tally->thread_edges++;
        return target->kind != CHURN_THREADS || wait->next_process_id != target->pid
               || !churn_good_has(target->good, wait->next_thread_id);
    case WctMutexType:
        tally->mutex_nodes++;
        if (!wait->object_name[0]) return target->kind != CHURN_MUTEXES;
        tally->mutex_named++;
        return target->kind != CHURN_MUTEXES || !wcsstr(wait->object_name, target->good_prefix);
    default:
        return TRUE;
    }
}

/* ---- the inspector ---------------------------------------------------------------------- */

/* The walker's next step after a thread edge: that thread, in the same walk. It may have
 * exited meanwhile; if not, its node is the thread the edge named. */
static void follow_edge(void *context, const struct probe_wait *wait, struct churn_tally *tally)
{
    struct probe_thread next;
    struct probe_wait next_wait;
    DWORD error = probe_win_ops.inspect_thread(context, wait->next_thread_id, PROBE_WANT_WAIT,
                                               &next, &next_wait);

    if (error == ERROR_OBJECT_NOT_FOUND) return;
    tally->followed++;
    if (error != ERROR_SUCCESS || next.thread_id != wait->next_thread_id
        || next.process_id != wait->next_process_id)
        tally->errors++;
}

/* One walk: the waiter, and the thread its edge names. */
static void walk_once(const struct churn_target *target, struct churn_tally *tally)
{
    struct probe_thread thread;
    struct probe_wait wait;
    void *context = NULL;
    LONG waits_before = target->good->waits, waits_after;
    DWORD error;

    if (probe_win_ops.begin_walk(&context) != ERROR_SUCCESS)
    {
        tally->errors++;
        return;
    }
    error = probe_win_ops.inspect_thread(context, target->waiter_tid, PROBE_WANT_WAIT, &thread,
                                         &wait);
    waits_after = target->good->waits;
    tally->walks++;
    /* The waiter lives as long as the test looks at it. */
    if (error != ERROR_SUCCESS || thread.process_id != target->pid) tally->errors++;
    else
    {
        if (thread.status == WctStatusBlocked) tally->blocked++;
        if (wait.object_type && node_is_fabricated(target, &wait, tally))
        {
            tally->fabricated++;
            show_fabricated(target, tally, &wait, waits_before, waits_after);
        }
        if (wait.object_type == WctThreadWaitType && wait.next_thread_id)
            follow_edge(context, &wait, tally);
    }
    probe_win_ops.end_walk(context);
}

/* Walks from the waiter as fast as it can for ms; a walk that hangs ends the program. */
static void inspect_for(const struct churn_target *target, DWORD ms, struct churn_tally *tally)
{
    DWORD start = GetTickCount();

    memset(tally, 0, sizeof(*tally));
    inspected = target;
    assert_true(watchdog_start(&inspector_progress, 1, CHURN_STALL_MS, describe_inspector));
    while (GetTickCount() - start < ms)
    {
        walk_once(target, tally);
        InterlockedIncrement(&inspector_progress);
    }
    watchdog_stop();
}

static void print_tally(const char *where, const struct churn_target *target,
                        const struct churn_tally *tally)
{
    printf("%s, %s: %ld walks (%ld blocked): %ld thread edges (%ld followed), %ld ended "
           "joins, %ld mutex nodes (%ld named); errors %ld; fabricated = %ld\n",
           kind_name(target->kind), where, tally->walks, tally->blocked, tally->thread_edges,
           tally->followed, tally->thread_ended, tally->mutex_nodes, tally->mutex_named,
           tally->errors, tally->fabricated);
    fflush(stdout);
}

/* The verdict, after the world was stopped: no fabricated edge, and edges were seen. */
static void check_tally(const struct churn_target *target, const struct churn_tally *tally)
{
    if (tally->fabricated)
        fail_msg("%ld fabricated nodes in %ld walks (%s)", tally->fabricated, tally->walks,
                 kind_name(target->kind));
    assert_int_equal(tally->errors, 0);
    if (target->kind == CHURN_THREADS) assert_true(tally->thread_edges > 0);
    else assert_true(tally->mutex_named > 0 && tally->mutex_nodes > tally->mutex_named);
}

/* ---- in the caller's process ----------------------------------------------------------- */

static struct churn_good own_good;

static void churn_in_process(enum churn_kind kind)
{
    struct churn_world world;
    struct churn_target target;
    struct churn_tally tally;
    BOOL stopped;

    assert_true(churn_start(&world, kind, &own_good));
    memset(&target, 0, sizeof(target));
    target.kind = kind;
    target.pid = GetCurrentProcessId();
    target.waiter_tid = world.waiter_tid;
    memcpy(target.decoy_tid, world.decoy_tid, sizeof(target.decoy_tid));
    target.good = &own_good;
    target_prefixes(&target);

    inspect_for(&target, churn_seconds() * 1000, &tally);
    stopped = churn_stop(&world);
    printf("%s, in process: the waiter waited %ld times, the churners made %ld rounds\n",
           kind_name(kind), world.iterations, world.churns);
    print_tally("in process", &target, &tally);
    assert_true(stopped);
    assert_int_equal(world.errors, 0);
    check_tally(&target, &tally);
}

static void test_probe_churn_thread_edges_in_process(void **state)
{
    (void)state;
    churn_in_process(CHURN_THREADS);
}

static void test_probe_churn_mutex_nodes_in_process(void **state)
{
    (void)state;
    churn_in_process(CHURN_MUTEXES);
}

/* ---- in another process ----------------------------------------------------------------- */

/* This program run with --churn-child: the world in a process of its own. */
struct churn_child
{
    PROCESS_INFORMATION info;
    HANDLE stop;                     /* set: the child stops its world and exits */
    HANDLE mapping;                  /* the child's good ids */
    const struct churn_good *good;
};

static void stop_event_name(char *name, size_t size, enum churn_kind kind, DWORD parent)
{
    snprintf(name, size, "wct-churn-stop-%lu-%s", (unsigned long)parent, kind_name(kind));
}

static void good_mapping_name(char *name, size_t size, DWORD child)
{
    snprintf(name, size, "wct-churn-tids-%lu", (unsigned long)child);
}

/* Starts the child and reads "ready <waiter> <decoy>..." from it. */
static void child_start(struct churn_child *child, enum churn_kind kind,
                        struct churn_target *target)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA startup;
    char path[MAX_PATH], stop[64], line[MAX_PATH + 128], ready[16];
    unsigned long tids[1 + CHURN_DECOYS];
    HANDLE read_end, write_end;
    int i;

    memset(child, 0, sizeof(*child));
    stop_event_name(stop, sizeof(stop), kind, GetCurrentProcessId());
    assert_non_null(child->stop = CreateEventA(NULL, TRUE, FALSE, stop));
    assert_true(CreatePipe(&read_end, &write_end, &inherit, 0));
    SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = write_end;
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    assert_true(GetModuleFileNameA(NULL, path, sizeof(path)) > 0);
    snprintf(line, sizeof(line), "\"%s\" --churn-child %s %s", path, kind_name(kind), stop);
    assert_true(CreateProcessA(path, line, NULL, NULL, TRUE, 0, NULL, NULL, &startup,
                               &child->info));
    CloseHandle(write_end);
    probe_test_read_line(read_end, line, sizeof(line));
    CloseHandle(read_end);
    assert_int_equal(sscanf(line, "%15s %lu %lu %lu %lu %lu", ready, &tids[0], &tids[1],
                            &tids[2], &tids[3], &tids[4]), 1 + 1 + CHURN_DECOYS);
    assert_string_equal(ready, "ready");

    good_mapping_name(path, sizeof(path), child->info.dwProcessId);
    assert_non_null(child->mapping = OpenFileMappingA(FILE_MAP_READ, FALSE, path));
    assert_non_null(child->good = MapViewOfFile(child->mapping, FILE_MAP_READ, 0, 0,
                                                sizeof(struct churn_good)));
    memset(target, 0, sizeof(*target));
    target->kind = kind;
    target->pid = child->info.dwProcessId;
    target->waiter_tid = tids[0];
    for (i = 0; i < CHURN_DECOYS; i++) target->decoy_tid[i] = tids[1 + i];
    target->good = child->good;
    target_prefixes(target);
}

/* Stops the child; its exit code says whether its world ran without a hitch. */
static void child_stop(struct churn_child *child)
{
    DWORD code = 1;

    SetEvent(child->stop);
    assert_int_equal(WaitForSingleObject(child->info.hProcess, 4 * CHURN_TIMEOUT),
                     WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(child->info.hProcess, &code));
    UnmapViewOfFile((void *)child->good);
    CloseHandle(child->mapping);
    CloseHandle(child->info.hProcess);
    CloseHandle(child->info.hThread);
    CloseHandle(child->stop);
    assert_int_equal(code, 0);
}

static void churn_other_process(enum churn_kind kind)
{
    struct churn_child child;
    struct churn_target target;
    struct churn_tally tally;

    child_start(&child, kind, &target);
    /* Cross-process handle waits need no flag beyond PROBE_WANT_WAIT. */
    inspect_for(&target, churn_seconds() * 1000, &tally);
    print_tally("other process", &target, &tally);
    child_stop(&child);
    check_tally(&target, &tally);
}

static void test_probe_churn_thread_edges_other_process(void **state)
{
    (void)state;
    churn_other_process(CHURN_THREADS);
}

static void test_probe_churn_mutex_nodes_other_process(void **state)
{
    (void)state;
    churn_other_process(CHURN_MUTEXES);
}

/*
 * The child: runs the world until the parent sets the stop event (or 2 minutes pass),
 * publishing the good ids in a named mapping. Prints "ready <waiter> <decoys>"; exit code
 * 0 when the world ran and stopped cleanly.
 */
static int churn_child_main(const char *mode, const char *stop_name)
{
    static struct churn_world world;
    char name[64];
    struct churn_good *good;
    HANDLE stop, mapping;
    DWORD waited;
    BOOL stopped;
    int i;

    if (!(stop = OpenEventA(SYNCHRONIZE, FALSE, stop_name))) return 2;
    good_mapping_name(name, sizeof(name), GetCurrentProcessId());
    if (!(mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                       sizeof(struct churn_good), name)))
        return 2;
    if (!(good = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, sizeof(*good)))) return 2;
    if (!churn_start(&world, strcmp(mode, "mutexes") ? CHURN_THREADS : CHURN_MUTEXES, good))
        return 2;
    printf("ready %lu", (unsigned long)world.waiter_tid);
    for (i = 0; i < CHURN_DECOYS; i++) printf(" %lu", (unsigned long)world.decoy_tid[i]);
    printf("\n");
    fflush(stdout);

    waited = WaitForSingleObject(stop, 120000);
    stopped = churn_stop(&world);
    fprintf(stderr, "%s, child: the waiter waited %ld times, the churners made %ld rounds, "
            "%ld errors\n", mode, world.iterations, world.churns, world.errors);
    UnmapViewOfFile(good);
    CloseHandle(mapping);
    CloseHandle(stop);
    return waited == WAIT_OBJECT_0 && stopped && !world.errors ? 0 : 1;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_churn_thread_edges_in_process),
        cmocka_unit_test(test_probe_churn_mutex_nodes_in_process),
        cmocka_unit_test(test_probe_churn_thread_edges_other_process),
        cmocka_unit_test(test_probe_churn_mutex_nodes_other_process),
    };

    if (argc > 3 && !strcmp(argv[1], "--churn-child")) return churn_child_main(argv[2], argv[3]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

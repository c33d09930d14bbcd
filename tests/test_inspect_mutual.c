/*
 * test_inspect_mutual.c - inspectors that look at each other all keep running: threads that
 * call GetThreadWaitChain on each other (a pair, a ring of three; synchronous and
 * asynchronous sessions), an inspector sampled by a profiler that suspends it, and two
 * processes whose threads inspect each other. Afterwards no thread involved is left
 * suspended.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Why: a probe that suspends the thread it looks at (SuspendThread, GetThreadContext,
 * ResumeThread) freezes two inspectors that look at each other. A suspends B while B
 * suspends A; on Wine GetThreadContext then waits for the suspended thread to stop, which a
 * suspended caller never confirms, so neither reaches its ResumeThread, for good. A sampling
 * profiler that suspends the inspector while the inspector suspends the profiler is the
 * same knot with one side outside wct. The probe may only look (GetThreadContext alone).
 *
 * How the tests fail against the old, suspending probe (commit db64bd2^, measured): the
 * members of a scenario freeze within the first second (3 to 242 calls each, then nothing);
 * the test thread's bounded wait for them (FINISH_BOUND_MS) runs out and the test fails,
 * printing each member's counts and suspend count (1). The teardown then resumes every frozen
 * thread, so the tests that follow still run. Two cases pass there too: the in-process
 * asynchronous ones, because the old probe never suspended its own process's pool threads
 * and only those inspect, so no two suspenders could meet. They stay because the new probe
 * does look at pool threads (GetThreadContext): here pool workers inspect each other and the
 * threads that feed them. The two-process asynchronous case froze the old probe: the pool
 * workers of each process suspended those of the other.
 *
 * Run as `test_inspect_mutual --child NAME MODE`, this program is the second process of the
 * two-process cases: NAME names the shared section and events, MODE is sync or async.
 */

#include <stdio.h>
#include <string.h>

#include "session_test_util.h"

#define RUN_MS          2000  /* how long each member inspects (or samples) */
#define FINISH_BOUND_MS 20000 /* every member must be done within this, or the test fails */
#define CHILD_START_MS  30000 /* a Wine process takes a second or so to start; on a busy
                                 machine much more */
#define RELEASE_MS      60000 /* members wait this long at most for the test to let them go */
#define MAX_MEMBERS     4
#define MAX_LISTED      32
#define MAX_OUTSTANDING 4     /* asynchronous requests in flight per member */
#define CHAIN_FLAGS     (WCT_OUT_OF_PROC_FLAG | WCT_OUT_OF_PROC_CS_FLAG)

enum role
{
    ROLE_SYNC,     /* a synchronous session on the next member */
    ROLE_ASYNC,    /* an asynchronous session on the next member and on pool threads */
    ROLE_PROFILER, /* SuspendThread + GetThreadContext + ResumeThread on the next member */
};

/* Thread ids to pick targets from; filled while the members run (pool threads show up in
 * callbacks), also across processes in a shared section, so readers skip 0 (an entry
 * taken but not yet written). */
struct tid_list
{
    volatile LONG count;
    volatile LONG tids[MAX_LISTED];
};

/* What a member did; copied into the shared section by the child. */
struct tally
{
    LONG calls;      /* calls made, requests accepted, samples tried */
    LONG ok;         /* chains returned (sync or by callback), samples taken */
    LONG gone;       /* ERROR_OBJECT_NOT_FOUND: the target had exited (pool threads retire) */
    LONG failed;     /* any other error */
    LONG wrong_root; /* chains whose first node is not the thread asked for */
    LONG callbacks;
    LONG last_error;
    LONG finished;   /* its loop ended and, asynchronous, every callback came */
};

struct member;

/* One asynchronous request's buffers: they must live until its callback. */
struct request
{
    struct member *member;
    volatile LONG busy;
    DWORD tid;
    DWORD count;
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
    BOOL is_cycle;
};

struct team;

struct member
{
    struct team *team;
    int index;
    enum role role;
    HANDLE thread;
    DWORD tid;
    HANDLE done;   /* set once the member's work is over; then it waits for release */
    HANDLE slots;  /* asynchronous: a semaphore counting free requests */
    struct request requests[MAX_OUTSTANDING];
    struct tally tally; /* updated with Interlocked*: callbacks run on pool threads */
};

struct team
{
    int count;
    struct member members[MAX_MEMBERS];
    HANDLE go, release;          /* manual-reset events, named when shared with the child */
    struct tid_list *own;        /* pool threads seen (and, shared, the members too) */
    const struct tid_list *peer; /* the other process's threads to inspect, or NULL */
    struct tid_list local_own;
    BOOL passed;                 /* set by the test's last line: nothing to thaw */
};

/* The section the two processes share. */
struct shared
{
    struct tid_list lists[2];    /* [0] the parent's threads, [1] the child's */
    LONG child_count;
    struct tally child[MAX_MEMBERS];
};

/* A two-process case: the shared section, its events and the child. */
struct pair
{
    char name[64];
    HANDLE mapping;
    struct shared *shared;
    HANDLE ready, done;          /* set by the child */
    PROCESS_INFORMATION child;
};

struct fixture
{
    struct team team;
    struct pair pair;
};

/* ---- thread id lists ------------------------------------------------------------------- */

static LONG list_size(const struct tid_list *list)
{
    LONG count = InterlockedCompareExchange((volatile LONG *)&list->count, 0, 0);

    return count < MAX_LISTED ? count : MAX_LISTED;
}

/* Entry n (modulo the size), skipping entries not yet written; 0 if there is none. */
static DWORD list_pick(const struct tid_list *list, LONG n)
{
    LONG size = list_size(list), i;

    for (i = 0; i < size; i++)
    {
        DWORD tid = (DWORD)list->tids[(n + i) % size];

        if (tid) return tid;
    }
    return 0;
}

static void list_add(struct tid_list *list, DWORD tid)
{
    LONG size = list_size(list), i, slot;

    for (i = 0; i < size; i++)
        if ((DWORD)list->tids[i] == tid) return;
    if (size >= MAX_LISTED) return;
    slot = InterlockedIncrement(&list->count) - 1;
    if (slot < MAX_LISTED) InterlockedExchange(&list->tids[slot], (LONG)tid);
}

/* ---- suspend counts -------------------------------------------------------------------- */

/* The thread's suspend count, read the only way Win32 offers (SuspendThread returns the
 * previous count) and put back at once; -1 if the thread cannot be opened (it has exited). */
static LONG suspend_count(DWORD tid)
{
    HANDLE thread = OpenThread(THREAD_SUSPEND_RESUME, FALSE, tid);
    DWORD previous;

    if (!thread) return -1;
    previous = SuspendThread(thread);
    if (previous != (DWORD)-1) ResumeThread(thread);
    CloseHandle(thread);
    return previous == (DWORD)-1 ? -1 : (LONG)previous;
}

/* The suspend count, read again after a pause when it is not 0: an exited thread's id may
 * be reused by a thread that its creator starts suspended for a moment (wct's pool does
 * not, but other code may). */
static LONG lasting_suspend_count(DWORD tid)
{
    LONG count = suspend_count(tid);
    int i;

    for (i = 0; i < 5 && count > 0; i++)
    {
        Sleep(100);
        count = suspend_count(tid);
    }
    return count;
}

/* Resumes a thread until it runs again (a failed test leaves its members frozen). */
static void thaw(DWORD tid)
{
    HANDLE thread = OpenThread(THREAD_SUSPEND_RESUME, FALSE, tid);
    DWORD previous;
    int tries = 0;

    if (!thread) return;
    do previous = ResumeThread(thread);
    while (previous != (DWORD)-1 && previous > 1 && ++tries < 64);
    CloseHandle(thread);
}

static void thaw_list(const struct tid_list *list)
{
    LONG i, size = list_size(list);

    for (i = 0; i < size; i++)
        if (list->tids[i]) thaw((DWORD)list->tids[i]);
}

/* ---- what members record --------------------------------------------------------------- */

static void note_chain(struct member *member, DWORD tid, DWORD count,
                       const WAITCHAIN_NODE_INFO *nodes)
{
    InterlockedIncrement(&member->tally.ok);
    if (count < 1 || nodes[0].ObjectType != WctThreadType || nodes[0].ThreadObject.ThreadId != tid)
        InterlockedIncrement(&member->tally.wrong_root);
}

static void note_error(struct member *member, DWORD error)
{
    if (error == ERROR_OBJECT_NOT_FOUND) InterlockedIncrement(&member->tally.gone);
    else
    {
        InterlockedIncrement(&member->tally.failed);
        InterlockedExchange(&member->tally.last_error, (LONG)error);
    }
}

/* The thread member inspects on its n-th call. */
static DWORD pick_target(const struct member *member, LONG n)
{
    const struct team *team = member->team;
    DWORD tid;

    if (team->peer) return list_pick(team->peer, n);
    /* Every other asynchronous request goes to a pool thread seen in a callback: the pool's
     * workers then inspect each other too. */
    if (member->role == ROLE_ASYNC && (n & 1) && (tid = list_pick(team->own, n / 2))) return tid;
    return team->members[(member->index + 1) % team->count].tid;
}

static BOOL run_out(DWORD start)
{
    return GetTickCount() - start >= RUN_MS;
}

/* ---- the members ----------------------------------------------------------------------- */

static BOOL inspect_sync(struct member *member)
{
    HWCT session = OpenThreadWaitChainSession(0, NULL);
    DWORD start = GetTickCount();
    LONG n = 0;

    if (!session)
    {
        note_error(member, GetLastError());
        return FALSE;
    }
    while (!run_out(start))
    {
        WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
        DWORD count = WCT_MAX_NODE_COUNT, tid = pick_target(member, n++);
        BOOL is_cycle;

        InterlockedIncrement(&member->tally.calls);
        if (GetThreadWaitChain(session, 0, CHAIN_FLAGS, tid, &count, nodes, &is_cycle))
            note_chain(member, tid, count, nodes);
        else note_error(member, GetLastError());
    }
    CloseThreadWaitChainSession(session);
    return TRUE;
}

static VOID CALLBACK async_done(HWCT session, DWORD_PTR context, DWORD status, LPDWORD count,
                                PWAITCHAIN_NODE_INFO nodes, LPBOOL is_cycle)
{
    struct request *request = (struct request *)context;
    struct member *member = request->member;

    (void)session; (void)is_cycle;
    /* The pool thread running this callback becomes a target of later requests. */
    list_add(member->team->own, GetCurrentThreadId());
    if (status == ERROR_SUCCESS) note_chain(member, request->tid, *count, nodes);
    else note_error(member, status);
    InterlockedIncrement(&member->tally.callbacks);
    InterlockedExchange(&request->busy, 0);
    ReleaseSemaphore(member->slots, 1, NULL); /* last: the member may finish after this */
}

static struct request *take_request(struct member *member)
{
    int i;

    for (i = 0; i < MAX_OUTSTANDING; i++)
        if (!InterlockedCompareExchange(&member->requests[i].busy, 1, 0))
            return &member->requests[i];
    return NULL;
}

/* Posts requests (at most MAX_OUTSTANDING in flight) for RUN_MS, then waits for every
 * callback by taking every slot back. FALSE when a callback does not come in time. */
static BOOL inspect_async(struct member *member)
{
    HWCT session = OpenThreadWaitChainSession(WCT_ASYNC_OPEN_FLAG, async_done);
    DWORD start = GetTickCount();
    LONG n = 0;
    int i;

    if (!session)
    {
        note_error(member, GetLastError());
        return FALSE;
    }
    while (!run_out(start))
    {
        struct request *request;

        if (WaitForSingleObject(member->slots, FINISH_BOUND_MS) != WAIT_OBJECT_0) return FALSE;
        if (!(request = take_request(member))) return FALSE; /* cannot be: slots count them */
        request->member = member;
        request->tid = pick_target(member, n++);
        request->count = WCT_MAX_NODE_COUNT;
        if (GetThreadWaitChain(session, (DWORD_PTR)request, CHAIN_FLAGS, request->tid,
                               &request->count, request->nodes, &request->is_cycle)
            || GetLastError() != ERROR_IO_PENDING)
        {
            /* Refused at once: no callback will come (TRUE would break the contract). */
            note_error(member, GetLastError() ? GetLastError() : ERROR_INVALID_FUNCTION);
            InterlockedExchange(&request->busy, 0);
            ReleaseSemaphore(member->slots, 1, NULL);
            continue;
        }
        InterlockedIncrement(&member->tally.calls);
    }
    for (i = 0; i < MAX_OUTSTANDING; i++)
        if (WaitForSingleObject(member->slots, FINISH_BOUND_MS) != WAIT_OBJECT_0) return FALSE;
    CloseThreadWaitChainSession(session);
    return TRUE;
}

/* What a sampling profiler does to the thread it samples. */
static BOOL sample_next(struct member *member)
{
    DWORD start = GetTickCount(), target_tid = pick_target(member, 0);
    HANDLE target = OpenThread(THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT, FALSE, target_tid);

    if (!target)
    {
        note_error(member, GetLastError());
        return FALSE;
    }
    while (!run_out(start))
    {
        CONTEXT context;

        InterlockedIncrement(&member->tally.calls);
        if (SuspendThread(target) == (DWORD)-1)
        {
            note_error(member, GetLastError());
            continue;
        }
        memset(&context, 0, sizeof(context));
        context.ContextFlags = CONTEXT_CONTROL;
        if (GetThreadContext(target, &context)) InterlockedIncrement(&member->tally.ok);
        else note_error(member, GetLastError());
        ResumeThread(target);
    }
    CloseHandle(target);
    return TRUE;
}

static DWORD WINAPI member_proc(void *param)
{
    struct member *member = param;
    BOOL finished = FALSE;

    if (WaitForSingleObject(member->team->go, FINISH_BOUND_MS) != WAIT_OBJECT_0) return 1;
    switch (member->role)
    {
    case ROLE_SYNC: finished = inspect_sync(member); break;
    case ROLE_ASYNC: finished = inspect_async(member); break;
    case ROLE_PROFILER: finished = sample_next(member); break;
    }
    InterlockedExchange(&member->tally.finished, finished);
    SetEvent(member->done);
    /* Stays alive so the test can read its suspend count. */
    WaitForSingleObject(member->team->release, RELEASE_MS);
    return 0;
}

/* ---- teams ----------------------------------------------------------------------------- */

/* Starts count members with the given roles; each waits for team->go. The members are
 * listed in team->own when it is shared with another process. */
static BOOL team_start(struct team *team, const enum role *roles, int count)
{
    int i;

    team->count = count;
    for (i = 0; i < count; i++)
    {
        struct member *member = &team->members[i];

        member->team = team;
        member->index = i;
        member->role = roles[i];
        member->done = CreateEventW(NULL, TRUE, FALSE, NULL);
        member->slots = CreateSemaphoreW(NULL, MAX_OUTSTANDING, MAX_OUTSTANDING, NULL);
        if (!member->done || !member->slots) return FALSE;
        member->thread = CreateThread(NULL, 0, member_proc, member, 0, &member->tid);
        if (!member->thread) return FALSE;
        if (team->peer) list_add(team->own, member->tid);
    }
    return TRUE;
}

/* Waits (bounded) until every member is done; FALSE when one is not. */
static BOOL team_wait(const struct team *team, DWORD timeout)
{
    HANDLE done[MAX_MEMBERS];
    int i;

    for (i = 0; i < team->count; i++) done[i] = team->members[i].done;
    return WaitForMultipleObjects(team->count, done, TRUE, timeout) == WAIT_OBJECT_0;
}

static void print_tally(const char *who, int index, const struct tally *tally, LONG suspended)
{
    printf("    %s member %d: %ld calls, %ld ok, %ld gone, %ld failed (last error %ld), "
           "%ld wrong roots, %ld callbacks, finished %ld, suspend count %ld\n", who, index,
           tally->calls, tally->ok, tally->gone, tally->failed, tally->last_error,
           tally->wrong_root, tally->callbacks, tally->finished, suspended);
}

static void team_print(const struct team *team)
{
    int i;

    for (i = 0; i < team->count; i++)
        print_tally("this process's", i, &team->members[i].tally,
                    suspend_count(team->members[i].tid));
    printf("    %ld thread ids of this process listed as targets (pool threads seen in "
           "callbacks%s)\n", list_size(team->own), team->peer ? ", members" : "");
}

/* Lets the members go and joins them (bounded), resuming any that a failure left frozen. */
static void team_stop(struct team *team)
{
    int i;

    if (team->release) SetEvent(team->release);
    if (!team->passed)
    {
        for (i = 0; i < team->count; i++) thaw(team->members[i].tid);
        thaw_list(team->own);
    }
    for (i = 0; i < team->count; i++)
    {
        struct member *member = &team->members[i];

        if (member->thread)
        {
            WaitForSingleObject(member->thread, TEST_TIMEOUT);
            CloseHandle(member->thread);
        }
        if (member->done) CloseHandle(member->done);
        if (member->slots) CloseHandle(member->slots);
    }
    if (team->go) CloseHandle(team->go);
    if (team->release) CloseHandle(team->release);
    memset(team, 0, sizeof(*team));
}

/* ---- checks (test thread) -------------------------------------------------------------- */

/* The members all finished within FINISH_BOUND_MS of go. Against the suspending probe they
 * freeze: the wait runs out. */
static void expect_finished(const struct team *team)
{
    if (!team_wait(team, FINISH_BOUND_MS))
    {
        printf("    not done within %d s (inspectors that froze each other):\n",
               FINISH_BOUND_MS / 1000);
        team_print(team);
        fail_msg("the members did not finish");
    }
}

/* Every thread in the list that still exists runs (suspend count 0). */
static void expect_list_running(const struct tid_list *list, const char *what)
{
    LONG i, size = list_size(list);

    for (i = 0; i < size; i++)
    {
        LONG count = list->tids[i] ? lasting_suspend_count((DWORD)list->tids[i]) : -1;

        if (count > 0)
            fail_msg("%s thread %ld left with suspend count %ld", what, list->tids[i], count);
    }
}

/* Each member made progress, no call failed but on exited targets, each chain began at the
 * thread asked for, no member is left suspended; asynchronous members got every callback. */
static void expect_sound(const struct tally *tally, const char *who, int index)
{
    if (tally->ok <= 0 || tally->failed || tally->wrong_root || !tally->finished)
    {
        print_tally(who, index, tally, -1);
        fail_msg("%s member %d: %ld ok, %ld failed, %ld wrong roots, finished %ld", who, index,
                 tally->ok, tally->failed, tally->wrong_root, tally->finished);
    }
}

static void expect_team_sound(const struct team *team)
{
    int i;

    for (i = 0; i < team->count; i++)
    {
        const struct member *member = &team->members[i];

        assert_int_equal(lasting_suspend_count(member->tid), 0);
        expect_sound(&member->tally, "this process's", i);
        if (member->role == ROLE_ASYNC)
            assert_int_equal(member->tally.callbacks, member->tally.calls);
    }
    expect_list_running(team->own, "pool");
}

/* The whole in-process case: start, go, all done in time, nobody left suspended. */
static void run_team(struct team *team, const enum role *roles, int count)
{
    assert_true(team_start(team, roles, count));
    SetEvent(team->go);
    expect_finished(team);
    expect_team_sound(team);
    team_print(team);
    team->passed = TRUE;
}

static int setup_team(void **state)
{
    static struct fixture fixture;

    memset(&fixture, 0, sizeof(fixture));
    fixture.team.go = CreateEventW(NULL, TRUE, FALSE, NULL);
    fixture.team.release = CreateEventW(NULL, TRUE, FALSE, NULL);
    fixture.team.own = &fixture.team.local_own;
    *state = &fixture;
    return fixture.team.go && fixture.team.release ? 0 : -1;
}

static int teardown_team(void **state)
{
    struct fixture *fixture = *state;

    team_stop(&fixture->team);
    return 0;
}

/* ---- in-process cases ------------------------------------------------------------------ */

static void test_sync_pair_inspecting_each_other(void **state)
{
    static const enum role roles[] = { ROLE_SYNC, ROLE_SYNC };
    struct fixture *fixture = *state;

    run_team(&fixture->team, roles, ARRAYSIZE(roles));
}

static void test_sync_ring_of_three(void **state)
{
    static const enum role roles[] = { ROLE_SYNC, ROLE_SYNC, ROLE_SYNC };
    struct fixture *fixture = *state;

    run_team(&fixture->team, roles, ARRAYSIZE(roles));
}

static void test_async_pair_inspecting_each_other(void **state)
{
    static const enum role roles[] = { ROLE_ASYNC, ROLE_ASYNC };
    struct fixture *fixture = *state;

    run_team(&fixture->team, roles, ARRAYSIZE(roles));
}

static void test_async_ring_of_three(void **state)
{
    static const enum role roles[] = { ROLE_ASYNC, ROLE_ASYNC, ROLE_ASYNC };
    struct fixture *fixture = *state;

    run_team(&fixture->team, roles, ARRAYSIZE(roles));
}

/* The inspector inspects the profiler while the profiler suspends and samples the
 * inspector. The old probe froze here as with two inspectors: it suspended the profiler
 * while the profiler held the inspector suspended. */
static void test_inspector_sampled_by_profiler(void **state)
{
    static const enum role roles[] = { ROLE_SYNC, ROLE_PROFILER };
    struct fixture *fixture = *state;

    run_team(&fixture->team, roles, ARRAYSIZE(roles));
}

/* ---- two processes --------------------------------------------------------------------- */

static HANDLE named_event(const char *base, const char *suffix, BOOL create)
{
    char name[96];

    snprintf(name, sizeof(name), "%s-%s", base, suffix);
    return create ? CreateEventA(NULL, TRUE, FALSE, name)
                  : OpenEventA(EVENT_MODIFY_STATE | SYNCHRONIZE, FALSE, name);
}

/* Creates (parent) or opens (child) the section and the events of a two-process case. */
static BOOL pair_open(struct pair *pair, struct team *team, BOOL parent)
{
    pair->mapping = parent ? CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                                sizeof(struct shared), pair->name)
                           : OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, pair->name);
    if (!pair->mapping) return FALSE;
    pair->shared = MapViewOfFile(pair->mapping, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(struct shared));
    pair->ready = named_event(pair->name, "ready", parent);
    pair->done = named_event(pair->name, "done", parent);
    team->go = named_event(pair->name, "go", parent);
    team->release = named_event(pair->name, "release", parent);
    if (!pair->shared || !pair->ready || !pair->done || !team->go || !team->release) return FALSE;
    team->own = &pair->shared->lists[parent ? 0 : 1];
    team->peer = &pair->shared->lists[parent ? 1 : 0];
    return TRUE;
}

static void pair_close(struct pair *pair)
{
    if (pair->shared) UnmapViewOfFile(pair->shared);
    if (pair->mapping) CloseHandle(pair->mapping);
    if (pair->ready) CloseHandle(pair->ready);
    if (pair->done) CloseHandle(pair->done);
    memset(pair, 0, sizeof(*pair));
}

static void start_child(struct pair *pair, const char *mode)
{
    char path[MAX_PATH], command_line[MAX_PATH + 128];
    STARTUPINFOA startup;

    memset(&startup, 0, sizeof(startup));
    startup.cb = sizeof(startup);
    assert_true(GetModuleFileNameA(NULL, path, MAX_PATH) > 0);
    snprintf(command_line, sizeof(command_line), "\"%s\" --child %s %s", path, pair->name, mode);
    assert_true(CreateProcessA(path, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
                               &pair->child));
}

/* Waits (bounded) for event, failing the test if the child exits first. */
static void wait_for_child(const struct pair *pair, HANDLE event, DWORD timeout, const char *what)
{
    HANDLE objects[2] = { event, pair->child.hProcess };
    DWORD exit_code = 0, result = WaitForMultipleObjects(2, objects, FALSE, timeout);

    if (result == WAIT_OBJECT_0) return;
    if (result == WAIT_OBJECT_0 + 1)
    {
        GetExitCodeProcess(pair->child.hProcess, &exit_code);
        fail_msg("the child exited (code %lu) before it was %s", exit_code, what);
    }
    fail_msg("the child was not %s within %lu s", what, timeout / 1000);
}

static void print_child(const struct pair *pair)
{
    LONG i;

    /* The child listed its members first. */
    for (i = 0; i < pair->shared->child_count && i < MAX_MEMBERS; i++)
        print_tally("child's", (int)i, &pair->shared->child[i],
                    suspend_count((DWORD)pair->shared->lists[1].tids[i]));
}

/* Both processes' members inspect the other process's threads (and, asynchronous, the pool
 * threads its callbacks ran on) for RUN_MS; all must be done within FINISH_BOUND_MS. */
static void run_pair(struct fixture *fixture, enum role role)
{
    const enum role roles[] = { role, role };
    struct team *team = &fixture->team;
    struct pair *pair = &fixture->pair;
    DWORD exit_code = 0;
    LONG i;

    snprintf(pair->name, sizeof(pair->name), "wct-inspect-mutual-%lu-%d",
             GetCurrentProcessId(), (int)role);
    /* The fixture's unnamed events give way to the named ones the child opens too. */
    CloseHandle(team->go);
    CloseHandle(team->release);
    assert_true(pair_open(pair, team, TRUE));
    assert_true(team_start(team, roles, ARRAYSIZE(roles)));
    start_child(pair, role == ROLE_SYNC ? "sync" : "async");
    wait_for_child(pair, pair->ready, CHILD_START_MS, "ready");
    SetEvent(team->go);

    expect_finished(team);
    wait_for_child(pair, pair->done, FINISH_BOUND_MS, "done");
    /* Every thread of both processes that took part runs; the child's are still there. */
    expect_list_running(&pair->shared->lists[0], "this process's");
    expect_list_running(&pair->shared->lists[1], "the child's");
    expect_team_sound(team);
    assert_int_equal(pair->shared->child_count, ARRAYSIZE(roles));
    for (i = 0; i < pair->shared->child_count; i++)
        expect_sound(&pair->shared->child[i], "child's", (int)i);
    team_print(team);
    print_child(pair);

    SetEvent(team->release);
    assert_int_equal(WaitForSingleObject(pair->child.hProcess, FINISH_BOUND_MS), WAIT_OBJECT_0);
    assert_true(GetExitCodeProcess(pair->child.hProcess, &exit_code));
    assert_int_equal(exit_code, 0);
    team->passed = TRUE;
}

static void test_two_processes_sync(void **state)
{
    run_pair(*state, ROLE_SYNC);
}

/* The pool workers of each process inspect those of the other. */
static void test_two_processes_async(void **state)
{
    run_pair(*state, ROLE_ASYNC);
}

static int teardown_pair(void **state)
{
    struct fixture *fixture = *state;
    struct pair *pair = &fixture->pair;

    if (pair->shared && !fixture->team.passed) thaw_list(&pair->shared->lists[1]);
    team_stop(&fixture->team); /* sets release: the child exits */
    if (pair->child.hProcess)
    {
        if (WaitForSingleObject(pair->child.hProcess, TEST_TIMEOUT) != WAIT_OBJECT_0)
            TerminateProcess(pair->child.hProcess, 1);
        CloseHandle(pair->child.hProcess);
        CloseHandle(pair->child.hThread);
    }
    pair_close(pair);
    return 0;
}

/* The child: the same team, on the parent's threads. Its exit code says how far it got. */
static int child_main(const char *name, const char *mode)
{
    static struct fixture fixture;
    const enum role role = strcmp(mode, "async") ? ROLE_SYNC : ROLE_ASYNC;
    const enum role roles[] = { role, role };
    struct team *team = &fixture.team;
    struct pair *pair = &fixture.pair;
    int i;

    snprintf(pair->name, sizeof(pair->name), "%s", name);
    if (!pair_open(pair, team, FALSE)) return 10;
    if (!team_start(team, roles, ARRAYSIZE(roles))) return 11;
    SetEvent(pair->ready);
    if (!team_wait(team, FINISH_BOUND_MS + CHILD_START_MS)) return 12;
    for (i = 0; i < team->count; i++)
        memcpy(&pair->shared->child[i], &team->members[i].tally, sizeof(struct tally));
    InterlockedExchange(&pair->shared->child_count, team->count);
    SetEvent(pair->done);
    if (WaitForSingleObject(team->release, RELEASE_MS) != WAIT_OBJECT_0) return 13;
    for (i = 0; i < team->count; i++) WaitForSingleObject(team->members[i].thread, TEST_TIMEOUT);
    return 0;
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sync_pair_inspecting_each_other, setup_team,
                                        teardown_team),
        cmocka_unit_test_setup_teardown(test_sync_ring_of_three, setup_team, teardown_team),
        cmocka_unit_test_setup_teardown(test_async_pair_inspecting_each_other, setup_team,
                                        teardown_team),
        cmocka_unit_test_setup_teardown(test_async_ring_of_three, setup_team, teardown_team),
        cmocka_unit_test_setup_teardown(test_inspector_sampled_by_profiler, setup_team,
                                        teardown_team),
        cmocka_unit_test_setup_teardown(test_two_processes_sync, setup_team, teardown_pair),
        cmocka_unit_test_setup_teardown(test_two_processes_async, setup_team, teardown_pair),
    };

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 3 && !strcmp(argv[1], "--child")) return child_main(argv[2], argv[3]);
    return cmocka_run_group_tests(tests, NULL, NULL);
}

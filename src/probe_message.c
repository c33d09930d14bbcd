/*
 * probe_message.c - SendMessage to another thread's window, and that window's thread.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sender blocks in win32u's NtUserMessageCall(hwnd, msg, wparam, lparam, info, type,
 * ansi); the type (sixth argument, on the stack) says whether it is a send that waits for
 * the receiver. The window (first argument) does not survive the system call on Wine, so
 * the receiver is looked for among window handles left in the sender's saved registers and
 * stack, and believed only when:
 *   - the value is a window (IsWindow) of a thread other than the sender;
 *   - it is the only such thread found (two candidates: nothing is claimed);
 *   - that thread is not idle in its message loop (GetMessage, WaitMessage,
 *     MsgWaitForMultipleObjects), where it would already have taken a sent message.
 * Otherwise the chain ends at the SendMessage node.
 */

#include <string.h>

#include "probe_internal.h"
#include "worker_pool.h"

/* NtUserMessageCall types that wait for the receiver (Wine's NtUserSendMessage and
 * NtUserSendMessageTimeout, the same numbers as Windows' FNID values). */
#define PROBE_SEND_MESSAGE         0x2b1
#define PROBE_SEND_MESSAGE_TIMEOUT 0x2b3

/* Index of NtUserMessageCall's sixth argument (type) among the stack words. */
#if defined(__x86_64__)
/* [rsp] return address, four home slots, then the fifth and sixth arguments */
#define PROBE_MESSAGE_TYPE_WORD 6
#else
#define PROBE_MESSAGE_TYPE_WORD (PROBE_I386_FIRST_ARG_WORD + 5)
#endif

typedef BOOL (WINAPI *probe_IsWindow)(HWND);
typedef DWORD (WINAPI *probe_GetWindowThreadProcessId)(HWND, DWORD *);

static INIT_ONCE user_once = INIT_ONCE_STATIC_INIT;
static HMODULE user32;               /* kept loaded for the process lifetime */
static probe_IsWindow pIsWindow;
static probe_GetWindowThreadProcessId pGetWindowThreadProcessId;

static BOOL CALLBACK user_init(INIT_ONCE *once, void *param, void **context)
{
    /* Loaded on the first SendMessage wait only: a process that never meets one does not
     * get user32 from wct. */
    (void)once; (void)param; (void)context;
    user32 = LoadLibraryExW(L"user32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!user32) return TRUE;
    pIsWindow = (probe_IsWindow)(void *)GetProcAddress(user32, "IsWindow");
    pGetWindowThreadProcessId = (probe_GetWindowThreadProcessId)(void *)
        GetProcAddress(user32, "GetWindowThreadProcessId");
    return TRUE;
}

BOOL probe_message_is_send(const struct probe_capture *capture)
{
    ULONG_PTR type;

    if (capture->syscall != PROBE_SYSCALL_MESSAGE_CALL) return FALSE;
    if (capture->stack_words <= PROBE_MESSAGE_TYPE_WORD) return FALSE;
    type = capture->stack[PROBE_MESSAGE_TYPE_WORD] & 0xffffffff;
    return type == PROBE_SEND_MESSAGE || type == PROBE_SEND_MESSAGE_TIMEOUT;
}

struct receiver_search
{
    DWORD sender_tid;
    DWORD tid, pid;                  /* the one receiver found, or 0 */
    BOOL ambiguous;
};

/***********************************************************************
 *      receiver_try   (internal)
 *
 * Window handles are 32-bit values with a non-zero upper half (the generation), on Wine
 * and Windows alike; anything else is not tried, so small integers on the stack never pass
 * for windows.
 */
static void receiver_try(struct receiver_search *search, ULONG_PTR value)
{
    DWORD tid, pid = 0;

    if (value < 0x10000 || value > 0xffffffff) return;
    if (!pIsWindow((HWND)value)) return;
    tid = pGetWindowThreadProcessId((HWND)value, &pid);
    if (!tid || tid == search->sender_tid || tid == search->tid) return;
    if (search->tid) search->ambiguous = TRUE;
    search->tid = tid;
    search->pid = pid;
}

/***********************************************************************
 *      receiver_plausible   (internal)
 *
 * A receiver idle in its message loop would have taken the sent message already: it is
 * not the one the sender waits for. A thread that cannot be looked at is not believed.
 */
static BOOL receiver_plausible(const struct probe_nt *nt, DWORD tid, DWORD pid)
{
    /* Its system call is all that is needed: registers only, in another process. */
    struct probe_process registers_only = { pid, NULL, TRUE, FALSE };
    struct probe_capture capture;
    HANDLE thread;
    BOOL plausible = FALSE;

    /* The caller runs this code, it is busy; it is never suspended. The pool's threads
     * own no windows. */
    if (tid == GetCurrentThreadId()) return TRUE;
    if (worker_pool_owns_thread(tid)) return FALSE;
    if (!(thread = OpenThread(THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT
                              | THREAD_QUERY_LIMITED_INFORMATION, FALSE, tid)))
        return FALSE;
    if (probe_thread_capture(nt, thread, pid == GetCurrentProcessId() ? NULL : &registers_only,
                             0, &capture))
        plausible = capture.syscall != PROBE_SYSCALL_GET_MESSAGE
                    && capture.syscall != PROBE_SYSCALL_MSG_WAIT;
    CloseHandle(thread);
    return plausible;
}

void probe_message_wait(const struct probe_nt *nt, const struct probe_capture *capture,
                        DWORD sender_tid, struct probe_wait *wait)
{
    struct receiver_search search;
    unsigned int i;

    wait->object_type = WctSendMessageType;
    wait->object_status = WctStatusUnknown;
    InitOnceExecuteOnce(&user_once, user_init, NULL, NULL);
    if (!pIsWindow || !pGetWindowThreadProcessId) return;

    memset(&search, 0, sizeof(search));
    search.sender_tid = sender_tid;
    for (i = 0; i < ARRAYSIZE(capture->nonvolatile); i++)
        receiver_try(&search, capture->nonvolatile[i]);
    for (i = 0; i < capture->stack_words; i++) receiver_try(&search, capture->stack[i]);
    if (!search.tid || search.ambiguous) return;
    if (!receiver_plausible(nt, search.tid, search.pid)) return;

    wait->object_status = WctStatusOwned;
    wait->next_thread_id = search.tid;
    wait->next_process_id = search.pid;
}

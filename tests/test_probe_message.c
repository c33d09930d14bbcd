/*
 * test_probe_message.c - the probe on threads blocked in SendMessage to another thread's
 * window.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>

#include "probe_test_util.h"

#define WM_PROBE_BUSY (WM_USER + 1)

/* A thread with a window and a message loop; the window's handler of WM_PROBE_BUSY stays
 * busy until release is set. */
struct window_thread
{
    HANDLE thread;
    DWORD tid;
    HWND hwnd;
    HANDLE ready;                    /* the window exists */
    HANDLE busy;                     /* the handler runs */
    HANDLE release;                  /* let the handler return */
    HANDLE quit;                     /* leave the loop */
};

static struct window_thread *current_window(HWND hwnd)
{
    return (struct window_thread *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
}

static LRESULT CALLBACK window_proc(HWND hwnd, UINT message, WPARAM wparam, LPARAM lparam)
{
    if (message == WM_PROBE_BUSY)
    {
        struct window_thread *window = current_window(hwnd);

        SetEvent(window->busy);
        WaitForSingleObject(window->release, PROBE_TEST_TIMEOUT);
        return 1;
    }
    return DefWindowProcW(hwnd, message, wparam, lparam);
}

static DWORD WINAPI window_thread_proc(void *arg)
{
    struct window_thread *window = arg;
    DWORD start = GetTickCount();
    MSG msg;

    window->hwnd = CreateWindowW(L"wct_probe_window", L"probe", 0, 0, 0, 10, 10, HWND_MESSAGE,
                                 NULL, NULL, NULL);
    SetWindowLongPtrW(window->hwnd, GWLP_USERDATA, (LONG_PTR)window);
    SetEvent(window->ready);
    /* Bounded: leaves when quit is set, or after twice the test timeout. */
    while (GetTickCount() - start < 2 * PROBE_TEST_TIMEOUT)
    {
        if (MsgWaitForMultipleObjects(1, &window->quit, FALSE, 100, QS_ALLINPUT) == WAIT_OBJECT_0)
            break;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    }
    DestroyWindow(window->hwnd);
    return 0;
}

static void window_start(struct window_thread *window)
{
    memset(window, 0, sizeof(*window));
    window->ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    window->busy = CreateEventW(NULL, TRUE, FALSE, NULL);
    window->release = CreateEventW(NULL, TRUE, FALSE, NULL);
    window->quit = CreateEventW(NULL, TRUE, FALSE, NULL);
    window->thread = probe_test_start(window_thread_proc, window, &window->tid);
    assert_int_equal(WaitForSingleObject(window->ready, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_non_null(window->hwnd);
}

static void window_stop(struct window_thread *window)
{
    SetEvent(window->release);
    SetEvent(window->quit);
    probe_test_join(window->thread);
    CloseHandle(window->ready);
    CloseHandle(window->busy);
    CloseHandle(window->release);
    CloseHandle(window->quit);
}

/* A sender that keeps the window handle in a stack variable, as callers often do. */
static DWORD WINAPI send_kept_proc(void *arg)
{
    HWND volatile hwnd = ((struct window_thread *)arg)->hwnd;

    return (DWORD)SendMessageW(hwnd, WM_PROBE_BUSY, 0, 0);
}

/* A sender that passes a global straight through (nothing of it may be left to find) and
 * keeps another thread's window at hand on its stack: a decoy, whose thread idles in its
 * message loop and so cannot be the one the sender waits for. */
static HWND global_hwnd;

static DWORD WINAPI send_global_proc(void *arg)
{
    HWND volatile decoy = ((struct window_thread *)arg)->hwnd;
    DWORD_PTR result = 0;

    SendMessageTimeoutW(global_hwnd, WM_PROBE_BUSY, 0, 0, SMTO_NORMAL, PROBE_TEST_TIMEOUT,
                        &result);
    return (DWORD)result + (decoy == NULL);
}

/* Inspects the sender until it shows its SendMessage node: never a receiver. */
static void assert_send_alone(DWORD sender_tid)
{
    struct probe_thread thread;
    struct probe_wait wait;

    assert_int_equal(probe_test_inspect_until(sender_tid, PROBE_WANT_WAIT, WctStatusBlocked,
                                              WctSendMessageType, &thread, &wait),
                     ERROR_SUCCESS);
    assert_int_equal(wait.object_type, WctSendMessageType);
    assert_int_equal(wait.object_status, WctStatusUnknown);
    assert_int_equal(wait.next_thread_id, 0);
}

/* A sender that sends to one window while it keeps another thread's window on its stack
 * (the decoy; busy in a handler like a real receiver, or idle in its loop): neither thread
 * is named, the chain ends at the SendMessage node. The old probe named the busy decoy. */
static void check_decoy_not_named(BOOL decoy_busy)
{
    struct window_thread window, decoy;
    DWORD sender_tid;
    HANDLE sender;

    window_start(&window);
    window_start(&decoy);
    if (decoy_busy)
    {
        /* The decoy's thread leaves its message loop for a handler that blocks. */
        assert_true(PostMessageW(decoy.hwnd, WM_PROBE_BUSY, 0, 0));
        assert_int_equal(WaitForSingleObject(decoy.busy, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    }
    global_hwnd = window.hwnd;
    sender = probe_test_start(send_global_proc, &decoy, &sender_tid);
    assert_int_equal(WaitForSingleObject(window.busy, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_send_alone(sender_tid);
    window_stop(&window);
    window_stop(&decoy);
    probe_test_join(sender);
}

static void test_probe_message_decoy_window_not_named(void **state)
{
    (void)state;
    check_decoy_not_named(TRUE);
}

static void test_probe_message_receiver_unknown(void **state)
{
    (void)state;
    check_decoy_not_named(FALSE);
}

/* Even the real window kept on the sender's stack is not taken for the receiver: nothing
 * ties it to this send (docs/probe.md). */
static void test_probe_message_kept_window_not_named(void **state)
{
    struct window_thread window;
    DWORD sender_tid;
    HANDLE sender;

    (void)state;
    window_start(&window);
    sender = probe_test_start(send_kept_proc, &window, &sender_tid);
    assert_int_equal(WaitForSingleObject(window.busy, PROBE_TEST_TIMEOUT), WAIT_OBJECT_0);
    assert_send_alone(sender_tid);
    window_stop(&window);
    probe_test_join(sender);
}

static void test_probe_message_idle_loop_is_blocked_alone(void **state)
{
    struct window_thread window;
    struct probe_thread thread;
    struct probe_wait wait;

    (void)state;
    window_start(&window);
    /* In its message loop it waits for input: blocked, with no object (as Windows reports
     * a thread in its message loop). */
    assert_int_equal(probe_test_inspect_until(window.tid, PROBE_WANT_WAIT, WctStatusBlocked, 0,
                                              &thread, &wait), ERROR_SUCCESS);
    assert_int_equal(wait.object_type, 0);
    window_stop(&window);
}

static int group_setup(void **state)
{
    WNDCLASSW window_class;

    (void)state;
    memset(&window_class, 0, sizeof(window_class));
    window_class.lpfnWndProc = window_proc;
    window_class.lpszClassName = L"wct_probe_window";
    return RegisterClassW(&window_class) ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] =
    {
        cmocka_unit_test(test_probe_message_decoy_window_not_named),
        cmocka_unit_test(test_probe_message_kept_window_not_named),
        cmocka_unit_test(test_probe_message_receiver_unknown),
        cmocka_unit_test(test_probe_message_idle_loop_is_blocked_alone),
    };

    return cmocka_run_group_tests(tests, group_setup, NULL);
}

/*
 * probe_message.c - SendMessage to another thread's window.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A sender blocks in win32u's NtUserMessageCall(hwnd, msg, wparam, lparam, info, type,
 * ansi); the type (sixth argument, on the stack) says whether it is a send that waits for
 * the receiver. The window (first argument) does not survive the system call: on Wine the
 * stub's copy of it is lost, and nothing a user-mode probe can read ties any other window
 * handle to this send (one on the sender's stack may be a local variable naming any window).
 * So the SendMessage node is reported and the chain ends there (WctStatusUnknown: its owner
 * is not known); a receiver is never guessed.
 */

#include <string.h>

#include "probe_internal.h"

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

BOOL probe_message_is_send(HANDLE process, struct probe_capture *capture)
{
    ULONG_PTR type;

    if (capture->syscall != PROBE_SYSCALL_MESSAGE_CALL) return FALSE;
    probe_thread_read_stack(process, capture);
    if (capture->stack_words <= PROBE_MESSAGE_TYPE_WORD) return FALSE;
    type = capture->stack[PROBE_MESSAGE_TYPE_WORD] & 0xffffffff;
    return type == PROBE_SEND_MESSAGE || type == PROBE_SEND_MESSAGE_TIMEOUT;
}

void probe_message_wait(struct probe_wait *wait)
{
    memset(wait, 0, sizeof(*wait));
    wait->object_type = WctSendMessageType;
    wait->object_status = WctStatusUnknown;
}

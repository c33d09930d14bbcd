/*
 * com_callbacks.c - ole32's functions given by RegisterWaitChainCOMCallback.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "com_callbacks.h"

/* locked via com_lock: the two are set and read together */
static PCOGETCALLSTATE stored_call_state;
static PCOGETACTIVATIONSTATE stored_activation_state;

static SRWLOCK com_lock = SRWLOCK_INIT;

void com_callbacks_set(PCOGETCALLSTATE call_state, PCOGETACTIVATIONSTATE activation_state)
{
    AcquireSRWLockExclusive(&com_lock);
    stored_call_state = call_state;
    stored_activation_state = activation_state;
    ReleaseSRWLockExclusive(&com_lock);
}

void com_callbacks_get(PCOGETCALLSTATE *call_state, PCOGETACTIVATIONSTATE *activation_state)
{
    AcquireSRWLockShared(&com_lock);
    *call_state = stored_call_state;
    *activation_state = stored_activation_state;
    ReleaseSRWLockShared(&com_lock);
}

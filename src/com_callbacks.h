/*
 * com_callbacks.h - ole32's functions given by RegisterWaitChainCOMCallback.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_COM_CALLBACKS_H
#define WCT_COM_CALLBACKS_H

#include "wct_private.h"

/* Stores both pointers as one pair; the last call wins. Any thread, any time. */
void com_callbacks_set(PCOGETCALLSTATE call_state, PCOGETACTIVATIONSTATE activation_state);

/* The pair stored last (both NULL before any registration). */
void com_callbacks_get(PCOGETCALLSTATE *call_state, PCOGETACTIVATIONSTATE *activation_state);

#endif /* WCT_COM_CALLBACKS_H */

/*
 * prefix_anchor.c - one load-time import from the system's advapi32: advapi32_wine.dll for
 * the prefix variant, advapi32.dll for wct.dll.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every other export of the prefix variant is a forwarder to advapi32_wine.dll, resolved
 * only when a program imports that name; if advapi32_wine.dll has gone missing, programs
 * would start and then fail somewhere deep in their start-up (services and wineboot hang).
 * One real import makes the loader refuse the DLL at once, and every program of the prefix
 * then fails to start immediately and clearly (status c0000135), which tools/wct-wine
 * uninstall repairs.
 * Both DLLs: the system's WCT is then loaded before our DllMain, which finds it there
 * (system_wct.c) without loading anything on the first WCT call.
 */

#include "wct_private.h"

/* Never called: it only makes the import. */
BOOL __attribute__((used)) wct_prefix_anchor(void);

BOOL wct_prefix_anchor(void)
{
    return IsValidSid(NULL);
}

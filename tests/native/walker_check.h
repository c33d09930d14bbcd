/*
 * walker_check.h - invariants of one chain_walker_get call, and its agreement with the oracle.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_NATIVE_WALKER_CHECK_H
#define WCT_NATIVE_WALKER_CHECK_H

#include "walker_oracle.h"

/* What the caller's array holds before the call, byte by byte. */
#define WALKER_CHECK_STALE_BYTE 0xcc
/* What *is_cycle holds before the call: neither TRUE nor FALSE. */
#define WALKER_CHECK_STALE_CYCLE ((BOOL)0x5a5a5a5a)

/* One call, as the caller saw it. */
struct walker_call
{
    DWORD flags;
    DWORD capacity;                    /* *node_count before */
    DWORD error;                       /* returned */
    DWORD count;                       /* *node_count after */
    BOOL is_cycle;                     /* *is_cycle after */
    const WAITCHAIN_NODE_INFO *nodes;  /* the caller's array, capacity nodes */
};

/* Aborts unless the call keeps every invariant that holds for any probe answers. */
void walker_check_invariants(const struct walker_call *call);
/* Aborts unless the call returned exactly what the oracle expects. */
void walker_check_expected(const struct walker_call *call, const struct walker_outcome *expected);
/* Prints a chain to stderr, for failure reports. */
void walker_dump_chain(const char *title, const WAITCHAIN_NODE_INFO *nodes, DWORD stored);

#endif /* WCT_NATIVE_WALKER_CHECK_H */

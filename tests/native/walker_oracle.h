/*
 * walker_oracle.h - what chain_walker_get must return for a wait graph, computed the plain
 * way (a second, independent reading of the walker's rules; see src/chain_walker.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_NATIVE_WALKER_ORACLE_H
#define WCT_NATIVE_WALKER_ORACLE_H

#include "wait_graph.h"

/* One call's outputs. */
struct walker_outcome
{
    DWORD error;
    int outputs_untouched;  /* refused: *node_count, *is_cycle and nodes are left alone */
    DWORD count;            /* *node_count afterwards */
    BOOL is_cycle;
    DWORD stored;           /* nodes written to the caller's array */
    WAITCHAIN_NODE_INFO nodes[WCT_MAX_NODE_COUNT];
};

void walker_oracle(const struct wait_graph *graph, struct walker_outcome *expected);

#endif /* WCT_NATIVE_WALKER_ORACLE_H */

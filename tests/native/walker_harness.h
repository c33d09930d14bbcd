/*
 * walker_harness.h - one fuzz input, start to finish: decode, walk, check.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_NATIVE_WALKER_HARNESS_H
#define WCT_NATIVE_WALKER_HARNESS_H

#include "walker_oracle.h"

/*
 * Decodes data into a wait graph, runs chain_walker_get on it through the graph probe, with
 * the caller's array, count and cycle flag in their own heap blocks of exactly their size
 * (so ASan sees any write past them), then checks the probe usage, the invariants and the
 * oracle. Aborts on any failure. Fills *outcome (may be NULL) with what the walker returned.
 */
void walker_run_input(const uint8_t *data, size_t size, struct walker_outcome *outcome);

#endif /* WCT_NATIVE_WALKER_HARNESS_H */

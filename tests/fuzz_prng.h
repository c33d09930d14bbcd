/*
 * fuzz_prng.h - a small seeded pseudo-random generator and the environment knobs of the
 * reliability tests (test_api_fuzz, test_soak).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One generator per thread (no locking). The sequence depends on the seed only, so a run
 * of the single-threaded fuzz driver replays with the same seed.
 */

#ifndef WCT_TESTS_FUZZ_PRNG_H
#define WCT_TESTS_FUZZ_PRNG_H

#include <windows.h>

struct prng
{
    UINT64 state;
};

/* Starts the generator at seed (any value, 0 included). */
void prng_seed(struct prng *prng, UINT64 seed);

/* The next 64 random bits. */
UINT64 prng_next(struct prng *prng);

/* A number in 0..bound-1 (bound > 0). */
DWORD prng_below(struct prng *prng, DWORD bound);

/* TRUE with the given chance, in percent. */
BOOL prng_percent(struct prng *prng, DWORD percent);

/* The environment variable name as a number (decimal, or 0x hex), or fallback when it is
 * unset or not a number. */
UINT64 env_number(const char *name, UINT64 fallback);

/* The seed from the environment variable name, or a fresh one from the clock; printed
 * either way, with the line that replays it. */
UINT64 fuzz_seed(const char *name);

#endif /* WCT_TESTS_FUZZ_PRNG_H */

/*
 * fuzz_prng.c - splitmix64 and the environment knobs of the reliability tests.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_prng.h"

void prng_seed(struct prng *prng, UINT64 seed)
{
    prng->state = seed;
}


/* splitmix64: a Weyl sequence through a 64-bit mixing function; every seed is good. */
UINT64 prng_next(struct prng *prng)
{
    UINT64 z = (prng->state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}


DWORD prng_below(struct prng *prng, DWORD bound)
{
    /* The top 32 bits scaled to the bound: unbiased enough for a test, and no division. */
    return (DWORD)(((prng_next(prng) >> 32) * bound) >> 32);
}


BOOL prng_percent(struct prng *prng, DWORD percent)
{
    return prng_below(prng, 100) < percent;
}


UINT64 env_number(const char *name, UINT64 fallback)
{
    char value[32], *end;
    DWORD length = GetEnvironmentVariableA(name, value, sizeof(value));
    unsigned long long number;

    if (length == 0 || length >= sizeof(value)) return fallback;
    number = strtoull(value, &end, 0);
    if (end == value || *end) return fallback;
    return number;
}


UINT64 fuzz_seed(const char *name)
{
    LARGE_INTEGER counter;
    UINT64 seed;

    QueryPerformanceCounter(&counter);
    seed = (UINT64)counter.QuadPart ^ ((UINT64)GetCurrentProcessId() << 32) ^ GetTickCount64();
    seed = env_number(name, seed);
    printf("seed %llu (replay with %s=%llu)\n", (unsigned long long)seed, name,
           (unsigned long long)seed);
    fflush(stdout);
    return seed;
}

/*
 * native_check.h - how the native harness reports a broken invariant: a message, then
 * abort(), which libFuzzer records as a crash with its input and the test runner as a failure.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_NATIVE_CHECK_H
#define WCT_NATIVE_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define NATIVE_CHECK(cond, ...) \
    do { \
        if (!(cond)) \
        { \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__); \
            fputc('\n', stderr); \
            abort(); \
        } \
    } while (0)

#endif /* WCT_NATIVE_CHECK_H */

/*
 * json_check.h - a strict JSON (RFC 8259) well-formedness check for test output.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_TESTS_JSON_CHECK_H
#define WCT_TESTS_JSON_CHECK_H

#include <stddef.h>

/* Returns NULL when text (length bytes) is exactly one well-formed JSON value with valid
 * UTF-8 strings, else a pointer to where it goes wrong. */
const char *json_check(const char *text, size_t length);

#endif /* WCT_TESTS_JSON_CHECK_H */

/*
 * user_buffer.h - whether the caller's output buffers can be written (user_buffer.c).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef WCT_USER_BUFFER_H
#define WCT_USER_BUFFER_H

#include "wct_private.h"

/* TRUE when all size bytes at buffer are committed, writable memory (no guard page). */
BOOL user_buffer_writable(const void *buffer, SIZE_T size);

#endif /* WCT_USER_BUFFER_H */

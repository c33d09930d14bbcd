/*
 * out_buf.c - a growable UTF-8 output buffer, and UTF-16 names written into it escaped.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wctdump.h"

void out_init(struct out_buf *out)
{
    memset(out, 0, sizeof(*out));
}


void out_free(struct out_buf *out)
{
    free(out->data);
    out_init(out);
}


/* Makes room for extra more bytes plus the terminating zero. */
static BOOL out_reserve(struct out_buf *out, size_t extra)
{
    size_t capacity = out->capacity ? out->capacity : 4096;
    char *data;

    if (out->failed) return FALSE;
    while (capacity - out->length <= extra)
    {
        if (capacity > ((size_t)-1) / 2) goto fail;
        capacity *= 2;
    }
    if (capacity == out->capacity) return TRUE;
    if (!(data = realloc(out->data, capacity))) goto fail;
    out->data = data;
    out->capacity = capacity;
    return TRUE;

fail:
    out->failed = TRUE;
    return FALSE;
}


void out_append(struct out_buf *out, const char *text, size_t length)
{
    if (!out_reserve(out, length)) return;
    memcpy(out->data + out->length, text, length);
    out->length += length;
    out->data[out->length] = 0;
}


void out_puts(struct out_buf *out, const char *text)
{
    out_append(out, text, strlen(text));
}


void out_printf(struct out_buf *out, const char *format, ...)
{
    va_list args;
    int length;

    va_start(args, format);
    length = vsnprintf(NULL, 0, format, args);
    va_end(args);
    if (length < 0 || !out_reserve(out, (size_t)length)) return;
    va_start(args, format);
    vsnprintf(out->data + out->length, (size_t)length + 1, format, args);
    va_end(args);
    out->length += (size_t)length;
}


/* Appends one code point as UTF-8 (code_point <= 0x10ffff). */
static void out_utf8(struct out_buf *out, unsigned int code_point)
{
    char bytes[4];
    size_t length;

    if (code_point < 0x80)
    {
        bytes[0] = (char)code_point;
        length = 1;
    }
    else if (code_point < 0x800)
    {
        bytes[0] = (char)(0xc0 | (code_point >> 6));
        bytes[1] = (char)(0x80 | (code_point & 0x3f));
        length = 2;
    }
    else if (code_point < 0x10000)
    {
        bytes[0] = (char)(0xe0 | (code_point >> 12));
        bytes[1] = (char)(0x80 | ((code_point >> 6) & 0x3f));
        bytes[2] = (char)(0x80 | (code_point & 0x3f));
        length = 3;
    }
    else
    {
        bytes[0] = (char)(0xf0 | (code_point >> 18));
        bytes[1] = (char)(0x80 | ((code_point >> 12) & 0x3f));
        bytes[2] = (char)(0x80 | ((code_point >> 6) & 0x3f));
        bytes[3] = (char)(0x80 | (code_point & 0x3f));
        length = 4;
    }
    out_append(out, bytes, length);
}


static BOOL is_surrogate(unsigned int code_point)
{
    return code_point >= 0xd800 && code_point <= 0xdfff;
}


/* Whether a terminal could act on the code point, or show it as something else: C0 and
 * C1 controls, DEL, line and paragraph separators, bidirectional overrides and isolates,
 * and lone surrogates (not text at all). */
static BOOL is_unsafe_for_terminal(unsigned int code_point)
{
    return code_point < 0x20 || (code_point >= 0x7f && code_point <= 0x9f)
        || code_point == 0x2028 || code_point == 0x2029
        || (code_point >= 0x202a && code_point <= 0x202e)
        || (code_point >= 0x2066 && code_point <= 0x2069)
        || is_surrogate(code_point);
}


/* Appends one code point, escaped as JSON needs it; what a terminal could act on too. */
static void out_escaped_code_point(struct out_buf *out, unsigned int code_point)
{
    switch (code_point)
    {
    case '"':  out_puts(out, "\\\""); return;
    case '\\': out_puts(out, "\\\\"); return;
    case '\b': out_puts(out, "\\b"); return;
    case '\f': out_puts(out, "\\f"); return;
    case '\n': out_puts(out, "\\n"); return;
    case '\r': out_puts(out, "\\r"); return;
    case '\t': out_puts(out, "\\t"); return;
    }
    if (is_unsafe_for_terminal(code_point))
        out_printf(out, "\\u%04x", code_point);
    else
        out_utf8(out, code_point);
}


/* Decodes the UTF-16 code point at text[*i] (advancing *i); a lone surrogate is returned
 * as it is (0xd800 to 0xdfff), for the caller to show. */
static unsigned int next_code_point(const WCHAR *text, size_t max_chars, size_t *i)
{
    unsigned int unit = text[(*i)++];

    if (unit < 0xd800 || unit > 0xdfff) return unit;
    if (unit <= 0xdbff && *i < max_chars && text[*i] >= 0xdc00 && text[*i] <= 0xdfff)
        return 0x10000 + ((unit - 0xd800) << 10) + (text[(*i)++] - 0xdc00);
    return unit;
}


void out_escaped_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    unsigned int code_point;
    size_t i = 0;

    while (i < max_chars && text[i])
    {
        code_point = next_code_point(text, max_chars, &i);
        out_escaped_code_point(out, is_surrogate(code_point) ? 0xfffd : code_point);
    }
}


/* Appends one code point for people on a terminal: what is unsafe there as an escape. */
static void out_text_code_point(struct out_buf *out, unsigned int code_point)
{
    if (code_point == '\n') out_puts(out, "\\n");
    else if (code_point == '\r') out_puts(out, "\\r");
    else if (code_point == '\t') out_puts(out, "\\t");
    else if (!is_unsafe_for_terminal(code_point)) out_utf8(out, code_point);
    else if (code_point < 0x100) out_printf(out, "\\x%02x", code_point);
    else out_printf(out, "\\u%04x", code_point);
}


void out_text_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    size_t i = 0;

    while (i < max_chars && text[i])
        out_text_code_point(out, next_code_point(text, max_chars, &i));
}

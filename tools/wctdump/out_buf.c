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


/* Appends one code point, escaped as JSON needs it. */
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
    if (code_point < 0x20 || code_point == 0x7f)
        out_printf(out, "\\u%04x", code_point);
    else
        out_utf8(out, code_point);
}


/* Decodes the UTF-16 code point at text[*i] (advancing *i); lone surrogates give U+FFFD. */
static unsigned int next_code_point(const WCHAR *text, size_t max_chars, size_t *i)
{
    unsigned int unit = text[(*i)++];

    if (unit < 0xd800 || unit > 0xdfff) return unit;
    if (unit <= 0xdbff && *i < max_chars && text[*i] >= 0xdc00 && text[*i] <= 0xdfff)
        return 0x10000 + ((unit - 0xd800) << 10) + (text[(*i)++] - 0xdc00);
    return 0xfffd;
}


void out_escaped_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    size_t i = 0;

    while (i < max_chars && text[i])
        out_escaped_code_point(out, next_code_point(text, max_chars, &i));
}


void out_text_utf16(struct out_buf *out, const WCHAR *text, size_t max_chars)
{
    unsigned int code_point;
    size_t i = 0;

    while (i < max_chars && text[i])
    {
        code_point = next_code_point(text, max_chars, &i);
        if (code_point == '\n') out_puts(out, "\\n");
        else if (code_point == '\r') out_puts(out, "\\r");
        else if (code_point == '\t') out_puts(out, "\\t");
        else if (code_point < 0x20 || code_point == 0x7f) out_printf(out, "\\x%02x", code_point);
        else out_utf8(out, code_point);
    }
}


void out_escaped_utf8(struct out_buf *out, const char *text)
{
    for (; *text; text++)
    {
        unsigned char byte = (unsigned char)*text;

        if (byte == '"' || byte == '\\') out_printf(out, "\\%c", byte);
        else if (byte < 0x20 || byte == 0x7f) out_printf(out, "\\u%04x", byte);
        else out_append(out, text, 1);
    }
}

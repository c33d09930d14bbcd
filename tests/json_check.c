/*
 * json_check.c - a strict JSON well-formedness check (RFC 8259), for tests: one value,
 * whitespace around it, strings with valid escapes and valid UTF-8, no raw control
 * characters, numbers in JSON's own syntax.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include "json_check.h"

#define MAX_DEPTH 64

struct json_reader
{
    const unsigned char *p;
    const unsigned char *end;
    int depth;
};

static int read_value(struct json_reader *r);


static void skip_space(struct json_reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}


static int is_digit(struct json_reader *r)
{
    return r->p < r->end && *r->p >= '0' && *r->p <= '9';
}


static int read_literal(struct json_reader *r, const char *word)
{
    size_t length = strlen(word);

    if ((size_t)(r->end - r->p) < length || memcmp(r->p, word, length)) return 0;
    r->p += length;
    return 1;
}


static int read_digits(struct json_reader *r)
{
    if (!is_digit(r)) return 0;
    while (is_digit(r)) r->p++;
    return 1;
}


static int read_number(struct json_reader *r)
{
    if (r->p < r->end && *r->p == '-') r->p++;
    if (r->p < r->end && *r->p == '0') r->p++;
    else if (!read_digits(r)) return 0;
    if (r->p < r->end && *r->p == '.')
    {
        r->p++;
        if (!read_digits(r)) return 0;
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
        if (!read_digits(r)) return 0;
    }
    return 1;
}


/* One UTF-8 sequence of 2 to 4 bytes: no overlong forms, no surrogates, <= U+10FFFF. */
static int read_utf8(struct json_reader *r)
{
    unsigned int c = *r->p, code, count, i;

    if (c >= 0xc2 && c <= 0xdf) { count = 1; code = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { count = 2; code = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { count = 3; code = c & 0x07; }
    else return 0;
    if (r->end - r->p <= (long)count) return 0;
    for (i = 1; i <= count; i++)
    {
        if ((r->p[i] & 0xc0) != 0x80) return 0;
        code = (code << 6) | (r->p[i] & 0x3f);
    }
    if ((count == 2 && code < 0x800) || (count == 3 && (code < 0x10000 || code > 0x10ffff))
        || (code >= 0xd800 && code <= 0xdfff))
        return 0;
    r->p += count + 1;
    return 1;
}


static int read_escape(struct json_reader *r)
{
    int i;

    if (++r->p >= r->end) return 0;
    if (strchr("\"\\/bfnrt", *r->p) && *r->p)
    {
        r->p++;
        return 1;
    }
    if (*r->p++ != 'u') return 0;
    for (i = 0; i < 4; i++, r->p++)
        if (r->p >= r->end || !strchr("0123456789abcdefABCDEF", *r->p) || !*r->p) return 0;
    return 1;
}


static int read_string(struct json_reader *r)
{
    if (r->p >= r->end || *r->p != '"') return 0;
    r->p++;
    while (r->p < r->end && *r->p != '"')
    {
        if (*r->p < 0x20) return 0;
        if (*r->p == '\\')
        {
            if (!read_escape(r)) return 0;
        }
        else if (*r->p >= 0x80)
        {
            if (!read_utf8(r)) return 0;
        }
        else r->p++;
    }
    if (r->p >= r->end) return 0;
    r->p++;
    return 1;
}


/* Reads "[" values "]" or "{" members "}"; close is ']' or '}'. */
static int read_container(struct json_reader *r, unsigned char close)
{
    if (++r->depth > MAX_DEPTH) return 0;
    r->p++;
    skip_space(r);
    if (r->p < r->end && *r->p == close)
    {
        r->p++;
        r->depth--;
        return 1;
    }
    for (;;)
    {
        if (close == '}')
        {
            skip_space(r);
            if (!read_string(r)) return 0;
            skip_space(r);
            if (r->p >= r->end || *r->p++ != ':') return 0;
        }
        if (!read_value(r)) return 0;
        if (r->p >= r->end) return 0;
        if (*r->p == close) break;
        if (*r->p++ != ',') return 0;
    }
    r->p++;
    r->depth--;
    return 1;
}


/* A value with the whitespace around it. */
static int read_value(struct json_reader *r)
{
    int ok;

    skip_space(r);
    if (r->p >= r->end) return 0;
    switch (*r->p)
    {
    case '{': ok = read_container(r, '}'); break;
    case '[': ok = read_container(r, ']'); break;
    case '"': ok = read_string(r); break;
    case 't': ok = read_literal(r, "true"); break;
    case 'f': ok = read_literal(r, "false"); break;
    case 'n': ok = read_literal(r, "null"); break;
    default:  ok = read_number(r); break;
    }
    skip_space(r);
    return ok;
}


const char *json_check(const char *text, size_t length)
{
    struct json_reader r;

    r.p = (const unsigned char *)text;
    r.end = r.p + length;
    r.depth = 0;
    if (read_value(&r) && r.p == r.end) return NULL;
    return (const char *)(r.p < r.end ? r.p : r.end);
}

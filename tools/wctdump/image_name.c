/*
 * image_name.c - selection by image name: `wctdump wct_demo.exe`, `--name wct_demo`.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <string.h>
#include <wchar.h>
#include "wctdump.h"

/* Equal ignoring case, as the file system compares names (not only ASCII). */
static BOOL same_name(const WCHAR *a, const WCHAR *b)
{
    return CompareStringOrdinal(a, -1, b, -1, TRUE) == CSTR_EQUAL;
}


/* Whether a name given on the command line ends in ".exe" (any case). */
static BOOL has_exe_suffix(const WCHAR *name, size_t length)
{
    return length >= 4 && same_name(name + length - 4, L".exe");
}


/*
 * wctdump_image_name_matches: image is the file name toolhelp gives (UTF-16); name the
 * one asked for (UTF-8). Equal ignoring case, or equal once ".exe" is added to a name
 * without it. An empty name matches nothing.
 */
BOOL wctdump_image_name_matches(const WCHAR *image, const char *name)
{
    WCHAR wanted[WCTDUMP_NAME_LENGTH + 4];
    size_t length;

    if (!name[0] || !MultiByteToWideChar(CP_UTF8, 0, name, -1, wanted, WCTDUMP_NAME_LENGTH))
        return FALSE;
    if (same_name(image, wanted)) return TRUE;
    length = wcslen(wanted);
    if (has_exe_suffix(wanted, length)) return FALSE;
    wcscpy(wanted + length, L".exe");
    return same_name(image, wanted);
}

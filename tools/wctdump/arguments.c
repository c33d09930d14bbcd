/*
 * arguments.c - the command line as the program got it (UTF-16), in UTF-8 for the parser.
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * main(int, char **) would get the arguments in the ANSI code page, where a name such as
 * тест.exe is already lost ("????.exe"). wctdump starts at wmain (-municode) instead and
 * converts each argument to UTF-8 here, losslessly: an argument that is not valid UTF-16
 * (an unpaired surrogate) is refused rather than changed.
 */

#include <stdio.h>
#include <stdlib.h>
#include "wctdump.h"

void wctdump_free_arguments(int argc, char **argv)
{
    int i;

    if (!argv) return;
    for (i = 0; i < argc; i++) free(argv[i]);
    free(argv);
}


/* One argument in UTF-8 (malloc'd), or NULL: out of memory, or not valid UTF-16. */
static char *utf8_argument(const WCHAR *argument)
{
    int size = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, argument, -1, NULL, 0,
                                   NULL, NULL);
    char *text;

    if (size <= 0) return NULL;
    if (!(text = malloc(size)))
    {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, argument, -1, text, size,
                            NULL, NULL) != size)
    {
        free(text);
        return NULL;
    }
    return text;
}


char **wctdump_utf8_arguments(int argc, WCHAR **wargv, char *error, size_t error_size)
{
    char **argv = calloc((size_t)argc + 1, sizeof(*argv));
    int i;

    if (!argv)
    {
        snprintf(error, error_size, "out of memory");
        return NULL;
    }
    for (i = 0; i < argc; i++)
    {
        if (!(argv[i] = utf8_argument(wargv[i])))
        {
            if (GetLastError() == ERROR_NO_UNICODE_TRANSLATION)
                snprintf(error, error_size, "argument %d is not valid Unicode (an unpaired "
                         "surrogate)", i);
            else
                snprintf(error, error_size, "out of memory");
            wctdump_free_arguments(i, argv);
            return NULL;
        }
    }
    return argv;
}

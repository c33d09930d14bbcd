/*
 * fuzz_replay_main.c - runs saved fuzz inputs (files, or every file of a directory) through
 * the harness, for compilers without libFuzzer (gcc) and for reproducing a crash, and tells
 * which outcomes the inputs reached (to see what a corpus covers).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#define _POSIX_C_SOURCE 200809L /* opendir, stat under -std=c11 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "walker_harness.h"

#define MAX_INPUT (1 << 16)

/* Outcomes reached by the replayed inputs. */
static struct
{
    unsigned long inputs, success, more_data, too_many, cycles, refused, failed, longest;
} tally;

static void count_outcome(const struct walker_outcome *out)
{
    tally.inputs++;
    switch (out->error)
    {
    case ERROR_SUCCESS: tally.success++; break;
    case ERROR_MORE_DATA: tally.more_data++; break;
    case ERROR_TOO_MANY_THREADS: tally.too_many++; break;
    case ERROR_INVALID_PARAMETER: tally.refused++; break;
    default: tally.failed++; break;
    }
    if (out->is_cycle == TRUE) tally.cycles++;
    if (!out->outputs_untouched && out->count > tally.longest) tally.longest = out->count;
}

static int replay_file(const char *path)
{
    static uint8_t data[MAX_INPUT];
    struct walker_outcome outcome;
    FILE *file = fopen(path, "rb");
    size_t size;

    if (!file)
    {
        perror(path);
        return 1;
    }
    size = fread(data, 1, sizeof(data), file);
    fclose(file);
    walker_run_input(data, size, &outcome);
    count_outcome(&outcome);
    return 0;
}

static int replay_path(const char *path)
{
    struct dirent *entry;
    struct stat st;
    int failed = 0;
    DIR *dir;

    if (stat(path, &st))
    {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return replay_file(path);
    if (!(dir = opendir(path)))
    {
        perror(path);
        return 1;
    }
    while ((entry = readdir(dir)))
    {
        char child[4096];

        if (entry->d_name[0] == '.') continue;
        snprintf(child, sizeof(child), "%s/%s", path, entry->d_name);
        failed |= replay_path(child);
    }
    closedir(dir);
    return failed;
}

int main(int argc, char **argv)
{
    int i, failed = 0;

    if (argc < 2)
    {
        fprintf(stderr, "usage: %s file-or-directory...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++) failed |= replay_path(argv[i]);
    printf("walker_replay: %lu inputs, all checks held: %lu success, %lu more data, "
           "%lu too many threads, %lu root/begin errors, %lu refused; %lu cycles; "
           "longest chain %lu nodes\n", tally.inputs, tally.success, tally.more_data,
           tally.too_many, tally.failed, tally.refused, tally.cycles, tally.longest);
    return failed;
}

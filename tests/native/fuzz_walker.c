/*
 * fuzz_walker.c - libFuzzer entry point: every input is a wait graph (wait_graph.h).
 *
 * Copyright (C) 2026 the wct authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Built with clang -fsanitize=fuzzer,address,undefined (fuzz_walker). walker_replay
 * (fuzz_replay_main.c) runs the same harness on saved inputs, with any compiler.
 */

#include "walker_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    walker_run_input(data, size, NULL);
    return 0;
}

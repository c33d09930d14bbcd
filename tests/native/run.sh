#!/usr/bin/env bash
# tests/native/run.sh [seconds] - the chain walker natively, under ASan and UBSan (issue 6.1).
#
#   1. builds tests/native with clang (and with gcc, when present) into build/native*;
#   2. runs the hand-made unit tests (test_walker_native), which also write the seed corpus;
#   3. fuzzes chain_walker_get for [seconds] (default 60) with libFuzzer, from the seeds and
#      the corpus kept in build/native/corpus across runs;
#   4. replays the whole corpus through the gcc build too (different compiler, same checks).
#
# A crash leaves its input in build/native/artifacts/; reproduce it with
#   build/native/walker_replay build/native/artifacts/crash-...
# Longer runs: tests/native/run.sh 3600 (or WCT_FUZZ_JOBS=2 for two fuzzing processes).
# Environment: WCT_NATIVE_BUILD (build folder, default <repo>/build/native), CC_CLANG, CC_GCC.
set -euo pipefail

seconds=${1:-60}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${WCT_NATIVE_BUILD:-$root/build/native}
clang=${CC_CLANG:-clang}
gcc=${CC_GCC:-gcc}
jobs=${WCT_FUZZ_JOBS:-1}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

configure_and_build() { # compiler build-dir
    cmake -S "$here" -B "$2" "${generator[@]}" -DCMAKE_C_COMPILER="$1" >"$2.configure.log" 2>&1 ||
        { cat "$2.configure.log"; return 1; }
    cmake --build "$2"
}

# Exit code 77: skipped (CTest's SKIP_RETURN_CODE), when clang or its libFuzzer is missing.
if ! command -v "$clang" >/dev/null ||
   ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return d && n; }' |
     "$clang" -x c -fsanitize=fuzzer,address,undefined -o /dev/null - 2>/dev/null; then
    echo "run.sh: $clang with -fsanitize=fuzzer is not available (clang, libclang-rt-dev): skipped"
    exit 77
fi

mkdir -p "$build"
echo "== building with $clang (ASan+UBSan, libFuzzer) in $build"
configure_and_build "$clang" "$build"

echo "== unit tests"
rm -rf "$build/seeds"
mkdir -p "$build/seeds" "$build/corpus" "$build/artifacts"
"$build/test_walker_native" --write-corpus "$build/seeds"

echo "== fuzzing for ${seconds}s"
# -max_len: a header and 32 records are 326 bytes; a little more lets mutations add tails.
parallel=()
# More than one job: libFuzzer forks workers, each logging to fuzz-<n>.log in $build.
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
(cd "$build" && ./fuzz_walker -max_total_time="$seconds" -max_len=400 "${parallel[@]}" \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$build/corpus" "$build/seeds") \
    2>"$build/fuzz.log" || { tail -60 "$build/fuzz.log"; echo "fuzzing FAILED"; exit 1; }
grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' \
    "$build/fuzz.log" || tail -5 "$build/fuzz.log"
echo "corpus: $(find "$build/corpus" -type f | wc -l) inputs"
"$build/walker_replay" "$build/corpus" "$build/seeds"

if command -v "$gcc" >/dev/null; then
    echo "== gcc build (ASan+UBSan): unit tests and corpus replay"
    configure_and_build "$gcc" "$build-gcc"
    "$build-gcc/test_walker_native"
    "$build-gcc/walker_replay" "$build/corpus" "$build/seeds"
fi
echo "== native walker: all passed"

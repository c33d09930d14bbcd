#!/usr/bin/env bash
# Static analysis of the library's sources (src/): cppcheck and clang-tidy, with the
# checked-in configurations:
#   tools/static-analysis/cppcheck.args              cppcheck's options
#   tools/static-analysis/cppcheck-suppressions.txt  its false positives, each explained
#   .clang-tidy                                      clang-tidy's checks
#   tools/static-analysis/clang-tidy-suppressions.txt  its false positives, each explained
# Exits 0 when both are clean, 1 on any finding, 2 when it cannot run.
#
# Usage: tools/static-analysis/run.sh [BUILD_DIR]
#   BUILD_DIR  a mingw-w64 build tree whose compile_commands.json lists src/ (the CTest test
#              passes its own tree). Without it, the script configures build/static-analysis
#              (x86_64 toolchain, no tests) to get one. clang-tidy needs the exact flags the
#              library is compiled with: Wine's headers with -nostdinc (src/CMakeLists.txt).
# Missing tools are installed through tools/install-deps.sh.
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo_dir/tools/static-analysis
target=x86_64-w64-mingw32

die() { echo "static-analysis: $*" >&2; exit 2; }

find_clang_tidy() {
    command -v clang-tidy-14 || command -v clang-tidy || true
}

ensure_tools() {
    if ! command -v cppcheck >/dev/null || [ -z "$(find_clang_tidy)" ]; then
        bash "$repo_dir/tools/install-deps.sh"
    fi
    command -v cppcheck >/dev/null || die "cppcheck is missing"
    [ -n "$(find_clang_tidy)" ] || die "clang-tidy is missing"
}

# Prints the build tree holding compile_commands.json, configuring one when none is given.
compile_database_dir() {
    local dir=${1:-}
    if [ -n "$dir" ]; then
        [ -f "$dir/compile_commands.json" ] || die "no compile_commands.json in $dir"
        echo "$dir"
        return
    fi
    dir=$repo_dir/build/static-analysis
    mkdir -p "$dir"
    cmake -S "$repo_dir" -B "$dir" -G Ninja \
        -DCMAKE_TOOLCHAIN_FILE="$repo_dir/toolchains/mingw-w64-x86_64.cmake" \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWCT_BUILD_TESTS=OFF \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$dir/configure.log" 2>&1 \
        || { cat "$dir/configure.log" >&2; die "configuring $dir failed"; }
    echo "$dir"
}

# The src/*.c files that the compile database lists, one per line.
database_sources() {
    grep -o '"file": *"[^"]*"' "$1/compile_commands.json" \
        | sed 's/^"file": *"\(.*\)"$/\1/' \
        | grep "^$repo_dir/src/\(probe/\)\?[^/]*\.c$" | sort -u
}

# Reads cppcheck.args, dropping comments and blank lines, into the array cppcheck_args.
read_cppcheck_args() {
    local line
    cppcheck_args=()
    while IFS= read -r line; do
        case $line in ''|'#'*) continue ;; esac
        cppcheck_args+=("$line")
    done <"$here/cppcheck.args"
}

run_cppcheck() {
    local cppcheck_args
    read_cppcheck_args
    echo "static-analysis: cppcheck $(cppcheck --version | sed 's/^Cppcheck //') over src/"
    (cd "$repo_dir" && cppcheck "${cppcheck_args[@]}" \
        --suppressions-list=tools/static-analysis/cppcheck-suppressions.txt \
        -I include -I src -I src/probe src/*.c src/probe/*.c 2>&1)
}

# Runs clang-tidy on one file and prints its findings, minus the listed false positives.
# Returns non-zero when a finding remains, or when clang-tidy failed for another reason.
clang_tidy_file() {
    local db=$1 file=$2 output rc=0 filtered counts remaining dropped
    output=$("$clang_tidy" --quiet -p "$db" --config-file="$repo_dir/.clang-tidy" \
        --extra-arg=--target=$target \
        --extra-arg=-Wno-unknown-warning-option \
        --extra-arg=-Wno-unused-command-line-argument \
        "$file" 2>&1) || rc=$?
    filtered=$(awk -v repo="$repo_dir" -v suppressions="$here/clang-tidy-suppressions.txt" \
        -f "$here/filter-clang-tidy.awk" <<<"$output")
    counts=$(tail -n 1 <<<"$filtered")
    read -r _ remaining dropped <<<"$counts"
    sed '$d' <<<"$filtered" | grep -v ' warnings\? \(and [0-9]* errors\? \)\?generated\.$' || true
    suppressed_total=$((suppressed_total + dropped))
    [ "$remaining" -eq 0 ] || return 1
    # A failure with nothing to show (crash, unreadable database entry): show everything.
    if [ "$rc" -ne 0 ] && [ "$dropped" -eq 0 ]; then
        echo "$output"
        return 1
    fi
    return 0
}

# Runs clang-tidy on each listed file; returns non-zero when any of them has a finding.
run_clang_tidy() {
    local db=$1 file status=0
    shift
    clang_tidy=$(find_clang_tidy)
    suppressed_total=0
    echo "static-analysis: clang-tidy $("$clang_tidy" --version | grep -o 'version [0-9.]*' | cut -d' ' -f2) over $# files"
    for file in "$@"; do
        clang_tidy_file "$db" "$file" || status=1
    done
    [ "$suppressed_total" -eq 0 ] ||
        echo "static-analysis: clang-tidy: $suppressed_total false positive(s) suppressed (clang-tidy-suppressions.txt)"
    return $status
}

# Files of src/ that are not compiled (not in the database) get cppcheck only: say so.
report_unlisted() {
    local file
    for file in "$repo_dir"/src/*.c "$repo_dir"/src/probe/*.c; do
        grep -qxF "$file" <<<"$1" || echo "static-analysis: note: $file is not in the build; clang-tidy skipped it"
    done
}

main() {
    local db sources failed=0
    ensure_tools
    db=$(compile_database_dir "${1:-}")
    sources=$(database_sources "$db")
    [ -n "$sources" ] || die "$db/compile_commands.json lists no file of src/"
    report_unlisted "$sources"

    run_cppcheck || failed=1
    # shellcheck disable=SC2086
    run_clang_tidy "$db" $sources || failed=1

    if [ $failed -ne 0 ]; then
        echo "static-analysis: FAILED: findings above (fix them; suppress false positives only, with a reason)"
        exit 1
    fi
    echo "static-analysis: clean"
}

main "$@"

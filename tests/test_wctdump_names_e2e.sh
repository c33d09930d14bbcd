#!/usr/bin/env bash
# End to end under Wine (issue 22.1): wctdump.exe selects processes by image names outside
# ASCII, given on a real command line. wct_demo.exe is copied under a Latin-1 name
# (tést.exe), a Cyrillic one (тест.exe) and one outside the Basic Multilingual Plane
# (𝄞.exe, a surrogate pair in UTF-16), started, and wctdump.exe NAME, --name=NAME in
# another case without ".exe", and --json must find it (exit 2: the demo's deadlock); a
# name nobody runs is reported as given (exit 1). Wine turns the Unix argv into the
# Windows command line with the locale's character set: UTF-8 here (LANG=C.UTF-8).
# Usage: test_wctdump_names_e2e.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin_dir=$1 src_dir=$2
. "$src_dir/tests/demo_e2e.sh"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

names=("tést.exe" "тест.exe" "𝄞.exe")
other_case=("TÉST" "ТЕСТ" "𝄞")
copies=()
trap 'demo_cleanup; for copy in "${copies[@]}"; do rm -f "$bin_dir/$copy"; done' EXIT

# expect_found NAME RUN LABEL: status 2 and the demo's process under its own name in RUN's
# output.
expect_found() {
    local name=$1 run=$2 label=$3
    if [ "$status" -eq 2 ] && grep -qF "Process $demo_pid $name, " "$work/$run.out"; then
        pass "$label: found $name (pid $demo_pid)"
    else
        fail "$label: status $status, not found"; head -5 "$work/$run.out" "$work/$run.err" || true
    fi
}

for i in "${!names[@]}"; do
    name=${names[$i]}
    cp "$bin_dir/wct_demo.exe" "$bin_dir/$name"
    copies+=("$name")
    start_demo "$name"

    run_dump "name$i" "$name"
    expect_found "$name" "name$i" "wctdump $name"
    run_dump "option$i" "--name=${other_case[$i]}"
    expect_found "$name" "option$i" "wctdump --name=${other_case[$i]}"
    run_dump "json$i" --json -n "$name"
    if [ "$status" -eq 2 ] && grep -qF "\"pid\": $demo_pid, \"name\": \"$name\"" "$work/json$i.out"; then
        pass "wctdump --json -n $name: the image name in JSON"
    else
        fail "wctdump --json -n $name: status $status"; head -5 "$work/json$i.out" "$work/json$i.err" || true
    fi
    stop_demo
done

run_dump absent "тост.exe"
if [ "$status" -eq 1 ] && grep -qF "no process named тост.exe" "$work/absent.err"; then
    pass "a name nobody runs: reported as given"
else
    fail "a name nobody runs: status $status"; cat "$work/absent.err" || true
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"

# demo_e2e.sh - sourced by the end-to-end tests that run wctdump.exe against wct_demo.exe
# under Wine (test_wctdump_e2e.sh, test_wctdump_names_e2e.sh, test_wctdump_scan_e2e.sh).
# Expects bin_dir and src_dir; gives wine_run, a work directory ($work, removed at exit with
# the demo killed), pass/fail (counted in $failures), start_demo [PROGRAM] (the demo started
# and ready: $demo_pid), stop_demo, demo_value KEY (a "KEY=value" line the demo printed) and
# run_dump NAME ARGS... (wctdump.exe run; the scan test has its own, with the scan's threads).
wine_run=$src_dir/tools/wine-run.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/wctdump-e2e.XXXXXX")
demo_job=
failures=0

demo_cleanup() {
    # SIGKILL: Wine turns SIGTERM into the end of one thread, and the demo's other threads
    # are hung on purpose. The child process waits for the demo and then ends by itself.
    if [ -n "$demo_job" ]; then
        kill -KILL "$demo_job" 2>/dev/null || true
        wait "$demo_job" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap demo_cleanup EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

demo_value() { sed -n "s/^$1=//p" "$work/demo.out" | tr -d '\r'; }

# run_dump NAME ARGS...: runs wctdump.exe in $bin_dir; its output in $work/NAME.out and .err,
# its exit status in $status.
run_dump() {
    local name=$1; shift
    set +e
    (cd "$bin_dir" && "$wine_run" ./wctdump.exe "$@") > "$work/$name.out" 2> "$work/$name.err"
    status=$?
    set -e
}

# start_demo [PROGRAM]: starts the demo (wct_demo.exe, or a copy of it named PROGRAM in
# $bin_dir) for 240 s and waits, bounded, until it says it is ready.
start_demo() {
    local program=${1:-wct_demo.exe}
    (cd "$bin_dir" && exec "$wine_run" "./$program" --seconds 240) > "$work/demo.out" 2> "$work/demo.err" &
    demo_job=$!
    local waited=0
    until grep -q '^ready' "$work/demo.out"; do
        if ! kill -0 "$demo_job" 2>/dev/null || [ $waited -ge 240 ]; then
            echo "$program did not get ready:"; cat "$work/demo.out" "$work/demo.err"; exit 1
        fi
        sleep 0.5; waited=$((waited + 1))
    done
    demo_pid=$(demo_value 'demo pid')
}

# stop_demo: ends the demo started last (as at exit), so another can start.
stop_demo() {
    if [ -n "$demo_job" ]; then
        kill -KILL "$demo_job" 2>/dev/null || true
        wait "$demo_job" 2>/dev/null || true
        demo_job=
    fi
}

#!/usr/bin/env bash
# End to end under Wine (issue 13): wctdump's scan on threads of its own (WCTDUMP_SCAN_THREADS=4)
# prints the same report as one session in order (WCTDUMP_SCAN_THREADS=1), with wct_demo.exe's
# known waits (a critical-section deadlock, a mutex, joins, a process wait) in it: text and
# JSON of the demo by name, and the demo's part of a whole-system scan, exit status 2 each
# time; and a scan whose stderr is a file (not a terminal) writes nothing there.
# Usage: test_wctdump_scan_e2e.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin_dir=$1 src_dir=$2
. "$src_dir/tests/demo_e2e.sh"

# run_dump NAME SCAN_THREADS ARGS...: output in $work/NAME.out and .err, status in $status.
run_dump() {
    local name=$1 threads=$2; shift 2
    set +e
    (cd "$bin_dir" && WCTDUMP_SCAN_THREADS=$threads "$wine_run" ./wctdump.exe "$@") \
        > "$work/$name.out" 2> "$work/$name.err"
    status=$?
    set -e
}

start_demo
echo "demo: pid $demo_pid"

# same NAME ARGS...: the report in order and on 4 threads are equal, with the deadlock.
same() {
    local name=$1; shift
    run_dump "$name.seq" 1 "$@"; local seq_status=$status
    run_dump "$name.par" 4 "$@"
    if [ "$seq_status" -ne 2 ] || [ "$status" -ne 2 ]; then
        fail "$name: exit statuses $seq_status and $status, expected 2 (deadlock)"
    elif ! grep -q 'DEADLOCK\|"cycle": true' "$work/$name.par.out"; then
        fail "$name: no deadlock in the report"; head -40 "$work/$name.par.out"
    elif cmp -s "$work/$name.seq.out" "$work/$name.par.out"; then
        pass "$name: the same report in order and on 4 threads ($(wc -l < "$work/$name.par.out") lines)"
    else
        fail "$name: reports differ"; diff "$work/$name.seq.out" "$work/$name.par.out" | head -40
    fi
}
same by-name wct_demo.exe
same by-name-json --json wct_demo.exe

# The demo's part of a whole-system scan (other processes' threads may come and go between
# two runs): from its "Process PID" line to the next process or the summary.
demo_part() {
    awk -v head="Process $demo_pid " 'index($0, head) == 1 { inside = 1; print; next }
        /^Process / || /^$/ { inside = 0 } inside' "$1"
}
run_dump whole.seq 1; whole_seq_status=$status
run_dump whole.par 4; whole_par_status=$status
demo_part "$work/whole.seq.out" > "$work/whole.seq.demo"
demo_part "$work/whole.par.out" > "$work/whole.par.demo"
if [ "$whole_seq_status" -ne 2 ] || [ "$whole_par_status" -ne 2 ]; then
    fail "whole system: exit statuses $whole_seq_status and $whole_par_status, expected 2"
elif [ "$(wc -l < "$work/whole.par.demo")" -lt 10 ]; then
    fail "whole system: the demo's part is missing"; head -40 "$work/whole.par.out"
elif cmp -s "$work/whole.seq.demo" "$work/whole.par.demo"; then
    pass "whole system: the demo's part is the same in order and on 4 threads"
else
    fail "whole system: the demo's part differs"; diff "$work/whole.seq.demo" "$work/whole.par.demo" | head -40
fi

# stderr is a file here, not a terminal: no progress line, whatever the scan's length.
for name in by-name.seq by-name.par whole.seq whole.par; do
    if [ -s "$work/$name.err" ]; then fail "$name: stderr not empty:"; od -c "$work/$name.err" | head -5
    else pass "$name: nothing on stderr"; fi
done

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"

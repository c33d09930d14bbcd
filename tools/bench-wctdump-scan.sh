#!/usr/bin/env bash
# Times wctdump's whole-system scan over many threads: starts PROCESSES x THREADS sleeping
# threads (bench_chains.exe --child THREADS), then runs `wctdump.exe` (every thread of every
# process) ROUNDS times each: with one session, in order (WCTDUMP_SCAN_THREADS=1), with
# wctdump's default (threads of its own where the scan is large), with 4 threads, and with
# --async (the library's pool, WCT_POOL_THREADS if set), and prints the
# median wall time of each, the number of threads scanned and the machine's load. It also
# compares the sequential and default reports (equal unless threads came or went between
# the runs).
# Usage: bench-wctdump-scan.sh BIN_DIR [PROCESSES [THREADS [ROUNDS]]]
set -euo pipefail
bin_dir=$(cd "$1" && pwd) processes=${2:-10} threads=${3:-100} rounds=${4:-5}
wine_run=$(cd "$(dirname "$0")" && pwd)/wine-run.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/wctdump-scan.XXXXXX")
jobs=()

cleanup() {
    local job
    for job in "${jobs[@]}"; do kill -KILL "$job" 2>/dev/null || true; done
    for job in "${jobs[@]}"; do wait "$job" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

for i in $(seq "$processes"); do
    (cd "$bin_dir" && exec "$wine_run" ./bench_chains.exe --child "$threads") > "$work/child$i.out" 2>/dev/null &
    jobs+=($!)
done
for i in $(seq "$processes"); do
    waited=0
    until grep -q ready "$work/child$i.out"; do
        [ $waited -lt 600 ] || { echo "child $i did not get ready" >&2; exit 1; }
        sleep 0.2; waited=$((waited + 1))
    done
done

# scan LABEL ROUND SCAN_THREADS [ARGS...]: one run, its wall time appended to $work/LABEL.times.
scan() {
    local label=$1 round=$2 scan_threads=$3 start end; shift 3
    start=$(date +%s.%N)
    (cd "$bin_dir" && WCTDUMP_SCAN_THREADS=$scan_threads "$wine_run" ./wctdump.exe "$@") \
        > "$work/$label.$round.out" 2> "$work/$label.$round.err" || true
    end=$(date +%s.%N)
    echo "$end - $start" | bc >> "$work/$label.times"
}

# report LABEL: the median wall time of its runs, and the threads it scanned.
report() {
    local label=$1 median scanned
    median=$(sort -n "$work/$label.times" | sed -n "$(( (rounds + 1) / 2 ))p")
    scanned=$(sed -n 's/^[0-9]* processes, \([0-9]*\) threads.*/\1/p' "$work/$label.1.out")
    printf '%-12s median %5.2f s (runs: %s), %s threads scanned\n' "$label" "$median" \
        "$(sort -n "$work/$label.times" | xargs printf '%.2f ')" "$scanned"
}

# The ways are interleaved round by round, so a change in the machine's load falls on all.
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) processors"
for round in $(seq "$rounds"); do
    scan sequential "$round" 1
    scan default "$round" ""
    scan threads4 "$round" 4
    scan async "$round" "" --async
done
for label in sequential default threads4 async; do report "$label"; done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
if cmp -s "$work/sequential.1.out" "$work/default.1.out"; then echo "reports: the same"
else echo "reports: differ (threads that came or went between runs?):"; diff "$work/sequential.1.out" "$work/default.1.out" | head -20
fi

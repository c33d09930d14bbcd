#!/usr/bin/env bash
# The example picture of docs/: starts wct_demo.exe under Wine, writes `wctdump --dot -p PID`
# rendered by Graphviz to OUTPUT.svg, stops the demo. The CMake target demo_svg runs it and
# copies the result to docs/demo-hang.svg.
# Usage: demo-svg.sh BIN_DIR OUTPUT.svg
set -euo pipefail
bin_dir=$1 output=$2
wine_run=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/wine-run.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/wct-demo-svg.XXXXXX")
demo_job=

cleanup() {
    # SIGKILL: Wine turns SIGTERM into the end of one thread; the demo's child ends with it.
    [ -n "$demo_job" ] && { kill -KILL "$demo_job" 2>/dev/null || true; wait "$demo_job" 2>/dev/null || true; }
    rm -rf "$work"
}
trap cleanup EXIT

(cd "$bin_dir" && exec "$wine_run" ./wct_demo.exe --seconds 120) > "$work/demo.out" 2>&1 &
demo_job=$!
for _ in $(seq 240); do
    grep -q '^ready' "$work/demo.out" && break
    kill -0 "$demo_job" 2>/dev/null || break
    sleep 0.5
done
grep -q '^ready' "$work/demo.out" || { echo "demo-svg: wct_demo.exe did not get ready"; cat "$work/demo.out"; exit 1; }
pid=$(sed -n 's/^demo pid=//p' "$work/demo.out" | tr -d '\r')
status=0
(cd "$bin_dir" && "$wine_run" ./wctdump.exe --dot -p "$pid") > "$work/hang.dot" || status=$?
[ "$status" -eq 2 ] || { echo "demo-svg: wctdump --dot exited $status, expected 2 (a deadlock)"; exit 1; }
dot -Tsvg "$work/hang.dot" > "$work/hang.svg"
mv "$work/hang.svg" "$output"
echo "demo-svg: wrote $output"

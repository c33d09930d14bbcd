#!/usr/bin/env bash
# The README's main-job command, from a fresh Debian 12 or 13 machine to a found deadlock:
# installs what is missing, builds wct.dll, wctdump.exe and wct_demo.exe, starts the demo
# under Wine (it hangs on purpose: a critical-section deadlock, a mutex wait, a join, a
# wait for a child process), shows `wctdump -p <demo pid>`, then stops the demo and Wine.
# Exit status: 0 when wctdump found the deadlock (its exit status 2), 1 otherwise.
set -euo pipefail
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_dir"

build_dir=$repo_dir/build/x86_64
bin_dir=$build_dir/bin
export WINEPREFIX=$build_dir/wineprefix
ready_timeout=90 # seconds, once the prefix exists (build makes it)
demo_job=
demo_log=

log() { echo "demo.sh: $*"; }

# The demo must not outlive this script, nor Wine. SIGKILL, because Wine turns SIGTERM into
# the end of a single thread; the demo's child waits for the demo and ends with it.
stop_demo() {
    if [ -n "$demo_job" ]; then
        kill -KILL "$demo_job" 2>/dev/null || true
        wait "$demo_job" 2>/dev/null || true
        demo_job=
    fi
    if ! timeout 20 wineserver -w 2>/dev/null; then
        log "Wine did not stop by itself: wineserver -k"
        wineserver -k 2>/dev/null || true
    fi
    [ -n "$demo_log" ] && rm -f "$demo_log"
    return 0
}

build() {
    bash tools/install-deps.sh
    # The tree the test command uses too, configured as it configures it (the CMocka suite
    # on): the demo builds only what it runs, and never leaves a tree without the suite.
    cmake --preset mingw-x86_64 -DWCT_BUILD_TESTS=ON >/dev/null
    cmake --build --preset mingw-x86_64 --target wct wctdump wct_demo
    # The prefix first: on a fresh machine with wine32, wineboot alone takes minutes.
    log "making the Wine prefix ready ($WINEPREFIX)"
    bash tools/wine-run.sh --init
}

# Starts wct_demo.exe in the background and waits for its "ready" line; sets demo_pid.
start_demo() {
    demo_log=$(mktemp "${TMPDIR:-/tmp}/wct-demo.XXXXXX")
    log "starting wct_demo.exe under Wine (prefix $WINEPREFIX)"
    (cd "$bin_dir" && exec "$repo_dir/tools/wine-run.sh" ./wct_demo.exe --seconds 300) > "$demo_log" 2>&1 &
    demo_job=$!
    local tenths=0
    until grep -q '^ready' "$demo_log"; do
        if ! kill -0 "$demo_job" 2>/dev/null || [ $tenths -ge $((ready_timeout * 10)) ]; then
            log "wct_demo.exe did not get ready within ${ready_timeout}s; its output:"
            cat "$demo_log"
            return 1
        fi
        sleep 0.1
        tenths=$((tenths + 1))
    done
    sed 's/^/    | /' "$demo_log"
    demo_pid=$(sed -n 's/^demo pid=//p' "$demo_log")
}

main() {
    local status=0
    build
    trap stop_demo EXIT
    start_demo
    log "wctdump -p $demo_pid:"
    (cd "$bin_dir" && "$repo_dir/tools/wine-run.sh" ./wctdump.exe -p "$demo_pid") || status=$?
    stop_demo
    trap - EXIT
    case $status in
    2) log "OK: wctdump found the deadlock (exit status 2)"; return 0 ;;
    0) log "FAILED: wctdump found no deadlock (exit status 0)" ;;
    *) log "FAILED: wctdump failed (exit status $status)" ;;
    esac
    return 1
}

main "$@"

#!/usr/bin/env bash
# tools/wct-wine on a fresh private Wine prefix, with prefix_app.exe: a program that knows
# nothing of wct (mingw-w64's stock headers, -ladvapi32 only). Issue 11's checks, in order:
#   - before install: ERROR_NOT_SUPPORTED (50), as every Wine answers;
#   - install: a real chain (a critical-section deadlock behind a join, IsCycle) in process
#     and from another process; Advapi32 at work (smoke); Wine's own tools; status; dump;
#   - wineboot -u keeps it;
#   - a prefix whose advapi32_wine.dll was removed fails fast, and uninstall recovers it;
#   - after uninstall: Wine's builtin file and the override the user had, as before;
#   - install --app NAME.exe affects only that program;
#   - refusals: no prefix, a prefix of no known architecture (32-bit prefixes and syswow64:
#     check_prefix32.sh).
# Usage: check_prefix.sh BUILD_DIR REPO
set -euo pipefail
build=$(cd "$1" && pwd)
repo=$(cd "$2" && pwd)
bin=$build/bin
wct_wine=$build/prefix-test/install/bin/wct-wine   # this tree's, installed (cmake --install)
work=$build/prefix-test
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml="
# The 64-bit loader directly: /usr/bin/wine starts the 32-bit one first when wine32 is there.
# The system's Wine, or the root's under WCT_WINE_ROOT (test_wine.sh).
. "$repo/tests/test_wine.sh"
select_test_wine "$build/prefix-test-wine" "$repo"
wine=$wine64
sys=$WINEPREFIX/drive_c/windows/system32
failures=0
app_pid=

step() { echo "== $*"; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
stop_all() {
    [ -n "$app_pid" ] && kill -KILL "$app_pid" 2>/dev/null || true
    wineserver -k 2>/dev/null || true
}
trap stop_all EXIT

# Runs bin/NAME.exe in the prefix (bounded); prints its output, returns its status.
run() {
    local exe=$1
    shift
    (cd "$bin" && timeout "${RUN_TIMEOUT:-90}" "$wine" "./$exe" "$@" 2>&1 | tr -d '\r')
}

expect() { # expect WHAT STATUS PATTERN -- command...
    local what=$1 status=$2 pattern=$3 out rc=0
    shift 4
    out=$("$@" 2>&1) || rc=$?
    if [ "$rc" -eq "$status" ] && grep -qE "$pattern" <<<"$out"; then ok "$what"
    else fail "$what (status $rc, wanted $status; output: $(tail -n 3 <<<"$out" | paste -sd'|'))"; fi
}

override() {
    "$wine" reg query "${1:-HKCU\\Software\\Wine\\DllOverrides}" /v advapi32 2>/dev/null | tr -d '\r' |
        sed -n 's/^[[:space:]]*advapi32[[:space:]]\+REG_SZ[[:space:]]*//p'
}

step "a fresh prefix"
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/install" --component wine >/dev/null
# A copy of the template prefix (tools/wine-run.sh --init); wineboot when that is not there.
bash "$repo/tools/wine-run.sh" --init >/dev/null 2>&1 || true
[ -f "$sys/advapi32.dll" ] || "$wine" wineboot --init >/dev/null 2>&1 || true
wineserver -w
[ -f "$sys/advapi32.dll" ] || { echo "no prefix was made"; exit 1; }
# The user's own override, to be given back after uninstall.
"$wine" reg add 'HKCU\Software\Wine\DllOverrides' /v advapi32 /d builtin,native /f >/dev/null
wineserver -w
original=$(sha256sum < "$sys/advapi32.dll")

step "before install"
expect "Wine's builtin answers ERROR_NOT_SUPPORTED" 50 '^error 50' -- run prefix_app.exe chain

step "install"
expect "install" 0 installed -- "$wct_wine" install
expect "in-process chain: deadlock behind a join, IsCycle" 0 '^chain 7 nodes, cycle 1: 8 6 8 1 8 1 8$' -- run prefix_app.exe chain
expect "Advapi32 at work (registry, user, token/SID, SDDL, CryptoAPI, services)" 0 '^smoke OK' -- run prefix_app.exe smoke
expect "status" 0 'up to date' -- "$wct_wine" status

(cd "$bin" && exec "$wine" ./prefix_app.exe target > "$work/target.log" 2>&1) &
app_pid=$!
for _ in $(seq 300); do grep -q '^ready' "$work/target.log" 2>/dev/null && break; sleep 0.1; done
read -r _ target_pid joiner < <(tr -d '\r' < "$work/target.log" | grep '^ready')
expect "a chain from another process" 0 '^chain 7 nodes, cycle 1' -- run prefix_app.exe inspect "$joiner"
expect "wct-wine dump -p PID finds the deadlock" 2 'DEADLOCK' -- "$wct_wine" dump -p "$target_pid"
kill -KILL "$app_pid" 2>/dev/null || true
app_pid=
wineserver -k 2>/dev/null || true
wineserver -w

step "Wine's own tools on wct"
expect "cmd" 0 'cmd-ok' -- bash -c "cd '$bin' && timeout 60 '$wine' cmd /c echo cmd-ok | tr -d '\r'"
expect "reg" 0 'native,builtin' -- bash -c "timeout 60 '$wine' reg query 'HKCU\\Software\\Wine\\DllOverrides' | tr -d '\r'"
expect "sc" 0 'RUNNING' -- bash -c "timeout 60 '$wine' sc query PlugPlay | tr -d '\r'"
expect "whoami" 0 '.' -- bash -c "timeout 60 '$wine' whoami | tr -d '\r'"

step "wineboot -u keeps it"
"$wine" wineboot -u >/dev/null 2>&1 || true
wineserver -w
expect "still a chain after wineboot -u" 0 '^chain 7 nodes, cycle 1' -- run prefix_app.exe chain

step "a prefix whose advapi32_wine.dll is gone"
wineserver -w
rm -f "$sys/advapi32_wine.dll"
expect "status says it is broken" 2 'MISSING' -- "$wct_wine" status
start=$(date +%s)
rc=0; RUN_TIMEOUT=30 run prefix_app.exe chain >/dev/null 2>&1 || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ $(( $(date +%s) - start )) -lt 25 ]; then ok "a program fails fast (status $rc)"
else fail "a program in the broken prefix: status $rc after $(( $(date +%s) - start )) s"; fi
wineserver -k 2>/dev/null || true
wineserver -w
expect "uninstall recovers it" 0 uninstalled -- "$wct_wine" uninstall

step "after uninstall"
expect "Wine's builtin answers again" 50 '^error 50' -- run prefix_app.exe chain
wineserver -w
[ "$(sha256sum < "$sys/advapi32.dll")" = "$original" ] && ok "Wine's advapi32.dll is back, unchanged" || fail "system32/advapi32.dll differs from before"
[ ! -e "$sys/advapi32_wine.dll" ] && ok "advapi32_wine.dll removed" || fail "advapi32_wine.dll left behind"
[ "$(override)" = "builtin,native" ] && ok "the user's override is back (builtin,native)" || fail "override is '$(override)'"
expect "status" 0 'not on wct' -- "$wct_wine" status

step "install --app prefix_app.exe"
cp "$bin/prefix_app.exe" "$bin/prefix_other.exe"
expect "install --app" 0 installed -- "$wct_wine" install --app prefix_app.exe
expect "prefix_app.exe gets chains" 0 '^chain 7 nodes, cycle 1' -- run prefix_app.exe chain
expect "another program does not" 50 '^error 50' -- run prefix_other.exe chain
expect "uninstall" 0 uninstalled -- "$wct_wine" uninstall
expect "prefix_app.exe is back on Wine's builtin" 50 '^error 50' -- run prefix_app.exe chain
[ -z "$(override 'HKCU\Software\Wine\AppDefaults\prefix_app.exe\DllOverrides')" ] && ok "the per-program override is gone" || fail "per-program override left"
rm -f "$bin/prefix_other.exe"

step "refusals"
expect "no prefix" 1 'no Wine prefix' -- env WINEPREFIX="$work/none" "$wct_wine" install
mkdir -p "$work/p16/drive_c/windows/system32"
printf 'WINE REGISTRY Version 2\n#arch=win16\n' > "$work/p16/system.reg"
expect "a prefix of no known architecture" 1 'neither a 64-bit nor a 32-bit prefix' -- env WINEPREFIX="$work/p16" "$wct_wine" install

wineserver -k 2>/dev/null || true
echo "prefix checks: $failures failed"
[ "$failures" -eq 0 ]

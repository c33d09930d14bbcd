#!/usr/bin/env bash
# tools/wct-wine for users of any Wine, with more than one run at a time (issue 22 items 3, 4),
# on a copy of the tree's prefix in a path with a space:
#   - a Wine reached only through WINE (a tree laid out as /opt, Proton or a source install:
#     bin/wine and bin/wineserver are wrappers exec-ing the real ones, lib/wine/x86_64-windows
#     holds its own advapi32.dll): install links that Wine's builtin, not the system's, uses
#     that wineserver, and status says up to date;
#   - a prefix whose system.reg is not written yet (wineboot --init just returned; the
#     wineserver writes it on exit) is waited for, not refused;
#   - the lock: while another wct-wine holds the prefix, uninstall says so, waits, and gives
#     up clearly after WCT_WINE_LOCK_TIMEOUT, changing nothing; status waits for it;
#   - concurrent install, install, status, then uninstall, uninstall, status: every run
#     succeeds, no temporary file is left, and Wine's own file comes back.
# Usage: check_wct_wine_env.sh BUILD_DIR REPO
set -euo pipefail
build=$(cd "$1" && pwd)
repo=$(cd "$2" && pwd)
wct_wine=$repo/tools/wct-wine
work=$(mktemp -d "${TMPDIR:-/tmp}/wct wine env.XXXXXX")
tree="$work/opt wine"
export WINEDEBUG=-all
unset WINESERVER WINELOADER WCT_WINE_DLLDIR WCT_WINE_DLLDIR32 WCT_WINE_PROGRAM
cleanup() {
    WINEPREFIX="$work/pre fix" /usr/lib/wine/wineserver -k 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok   $*"; }

# The prefix: a copy of the tree's (tools/wine-run.sh makes it once).
WINEPREFIX=$build/wineprefix bash "$repo/tools/wine-run.sh" --init
export WINEPREFIX="$work/pre fix"
cp -a "$build/wineprefix" "$WINEPREFIX"
sys=$WINEPREFIX/drive_c/windows/system32
cp "$sys/advapi32.dll" "$work/original.dll"

# A Wine outside the system's paths.
mkdir -p "$tree/bin" "$tree/lib/wine/x86_64-windows"
printf '#!/bin/sh\necho wine >>"%s/used"\nexec /usr/lib/wine/wine64 "$@"\n' "$work" >"$tree/bin/wine"
printf '#!/bin/sh\necho wineserver >>"%s/used"\nexec /usr/lib/wine/wineserver "$@"\n' "$work" >"$tree/bin/wineserver"
chmod +x "$tree/bin/wine" "$tree/bin/wineserver"
cp /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/advapi32.dll "$tree/lib/wine/x86_64-windows/"
export WINE="$tree/bin/wine"

# system.reg comes 5 seconds late, as when wineboot --init has just returned.
mv "$WINEPREFIX/system.reg" "$work/system.reg"
(sleep 5; cp "$work/system.reg" "$WINEPREFIX/system.reg.tmp"; mv "$WINEPREFIX/system.reg.tmp" "$WINEPREFIX/system.reg") &
"$wct_wine" install >"$work/out" 2>&1 || { cat "$work/out"; fail "install on a prefix being made"; }
cat "$work/out"
grep -q 'not complete yet' "$work/out" || fail "install did not say it waited for the prefix"
wait
ok "install waited for a prefix whose system.reg came late"

target=$(readlink "$sys/advapi32_wine.dll")
[ "$target" = "$tree/lib/wine/x86_64-windows/advapi32.dll" ] ||
    fail "advapi32_wine.dll -> $target, not the builtin of the Wine at WINE"
grep -q wineserver "$work/used" || fail "the wineserver beside WINE was not used"
grep -q '^wine$' "$work/used" || fail "the wine of WINE was not used"
"$wct_wine" status >"$work/out" 2>&1 || { cat "$work/out"; fail "status"; }
grep -q 'system32 (64-bit programs): on wct.*up to date with this Wine' "$work/out" || { cat "$work/out"; fail "status not up to date"; }
ok "WINE: its own builtin ($target), its wineserver, status up to date"

# The lock, held by someone else.
flock "$WINEPREFIX/.wct-wine.lock" sleep 6 &
holder=$!
sleep 1
if WCT_WINE_LOCK_TIMEOUT=1 "$wct_wine" uninstall >"$work/out" 2>&1; then fail "uninstall ran under another's lock"; fi
grep -q 'another wct-wine is working on' "$work/out" && grep -q 'still works on' "$work/out" ||
    { cat "$work/out"; fail "no clear word about the other wct-wine"; }
[ "$(readlink "$sys/advapi32_wine.dll")" = "$target" ] || fail "uninstall changed the prefix without the lock"
"$wct_wine" status >"$work/out" 2>&1 || { cat "$work/out"; fail "status after waiting"; }
grep -q 'waiting for it' "$work/out" && grep -q 'on wct' "$work/out" || { cat "$work/out"; fail "status did not wait, then answer"; }
wait "$holder"
ok "a held lock: uninstall says so and gives up after 1s, changing nothing; status waits"

# Concurrent runs.
for round in 1 2; do
    for cmd in install install status; do "$wct_wine" "$cmd" >"$work/$round-$cmd-$BASHPID-$RANDOM" 2>&1 & done
    rcs=0; for job in $(jobs -p); do wait "$job" || rcs=$((rcs + 1)); done
    [ "$rcs" -eq 0 ] || { cat "$work"/$round-*; fail "round $round: $rcs concurrent installs failed"; }
    for cmd in uninstall uninstall status; do "$wct_wine" "$cmd" >"$work/$round-u$cmd-$RANDOM" 2>&1 & done
    rcs=0; for job in $(jobs -p); do wait "$job" || rcs=$((rcs + 1)); done
    [ "$rcs" -eq 0 ] || { cat "$work"/$round-*; fail "round $round: $rcs concurrent uninstalls failed"; }
    if grep -v '^wct-wine: ' "$work"/$round-*; then fail "round $round: messages not from wct-wine"; fi
    left=$(find "$WINEPREFIX/drive_c/windows" "$WINEPREFIX" -maxdepth 2 \( -name '*.wct-??????' -o -name '*.wct-new' -o -name '*.tmp' \) | head)
    [ -z "$left" ] || fail "round $round: temporary files left: $left"
    cmp -s "$sys/advapi32.dll" "$work/original.dll" || fail "round $round: Wine's advapi32.dll is not back"
    [ ! -e "$sys/advapi32_wine.dll" ] || fail "round $round: advapi32_wine.dll left"
    ok "round $round: install, install, status, then uninstall, uninstall, status at once"
done
echo "wct-wine: any Wine through WINE, a prefix being made, one run at a time"

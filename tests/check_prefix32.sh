#!/usr/bin/env bash
# tools/wct-wine for 32-bit programs (issue 12), used from an install tree (cmake --install of
# the x86_64 tree, which carries the i686 tree's prefix DLL in share/wct/i686):
#   - a 64-bit prefix: prefix_app32.exe (the unmodified program, i686, -ladvapi32 only) gets
#     ERROR_NOT_SUPPORTED (50) from Wine's builtin; after install, syswow64's advapi32.dll is
#     wct's: a session opens and a sleeping thread of the program has a chain (one thread
#     node, Blocked); status reports both folders; a missing syswow64 advapi32_wine.dll is
#     reported; after uninstall the program gets 50 again and both original files are back;
#   - without wine32 (WCT_WINE_DLLDIR32 empty): the 64-bit part only, and install says so;
#   - a 32-bit prefix (#arch=win32, a stand-in: making a real one costs minutes of emulated
#     32-bit code here): the i686 DLL goes to system32, the override is set (the prefix-wide
#     one, then one program's), uninstall gives both back. Wine's reg there is a recording stub.
# Three 32-bit processes in all: each costs about a minute where 32-bit code is emulated.
# A critical-section deadlock found by a 32-bit program is not checked: ReadProcessMemory of
# 32-bit processes returns wrong data under qemu (docs/wine-users.md, docs/32-bit.md).
# Usage: check_prefix32.sh BUILD_DIR REPO I686_BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
repo=$(cd "$2" && pwd)
i686=$3
bin=$build/bin
work=$build/prefix32-test
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES="mscoree,mshtml="
# The system's Wine, or the root's under WCT_WINE_ROOT (test_wine.sh).
. "$repo/tests/test_wine.sh"
select_test_wine "$build/prefix32-test-wine" "$repo"
wine_i386=/usr/lib/i386-linux-gnu/wine/i386-windows
wine_x86_64=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
sys=$WINEPREFIX/drive_c/windows/system32
wow=$WINEPREFIX/drive_c/windows/syswow64
failures=0

step() { echo "== $*"; }
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
stop_all() { WINEPREFIX=$work/prefix wineserver -k 2>/dev/null || true; }
trap stop_all EXIT

expect() { # expect WHAT STATUS PATTERN -- command...
    local what=$1 status=$2 pattern=$3 out rc=0
    shift 4
    out=$("$@" 2>&1) || rc=$?
    if [ "$rc" -eq "$status" ] && grep -qE "$pattern" <<<"$out"; then ok "$what"
    else fail "$what (status $rc, wanted $status; output: $(tail -n 4 <<<"$out" | paste -sd'|'))"; fi
}

# prefix_app32.exe sleeper in the prefix (32-bit: about a minute under emulation).
run_sleeper() {
    local start=$SECONDS rc=0
    (cd "$bin" && timeout 400 "$wine32" ./prefix_app32.exe sleeper 2>&1 | tr -d '\r') || rc=$?
    echo "$((SECONDS - start))" >> "$work/launches"
    return "$rc"
}

is_wct() { strings -el "$1" 2>/dev/null | grep -q 'Advapi32 with Wait Chain Traversal'; }
pe_machine() { x86_64-w64-mingw32-objdump -f "$1" | sed -n 's/.*file format //p'; }

[ -x "$wine32" ] && [ -f "$wine_i386/advapi32.dll" ] || { echo "wine32 is not installed (tools/install-deps.sh)"; exit 1; }
[ -f "$i686/prefix/advapi32.dll" ] ||
    { echo "no $i686/prefix/advapi32.dll: build the i686 tree (cmake --preset mingw-i686 && cmake --build --preset mingw-i686)"; exit 1; }
[ -f "$bin/prefix_app32.exe" ] || { echo "no $bin/prefix_app32.exe (target prefix_app32)"; exit 1; }

step "the install tree and a fresh 64-bit prefix"
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/install" --component wine >/dev/null
wct_wine=$work/install/bin/wct-wine
[ -f "$work/install/share/wct/i686/advapi32.dll" ] && ok "cmake --install gives share/wct/i686/advapi32.dll" ||
    fail "no share/wct/i686/advapi32.dll in the install tree"
# A copy of the template prefix (tools/wine-run.sh --init); wineboot when that is not there.
bash "$repo/tools/wine-run.sh" --init >/dev/null 2>&1 || true
[ -f "$sys/advapi32.dll" ] || { "$wine64" wineboot --init >/dev/null 2>&1 || true; wineserver -w; }
[ -f "$wow/kernel32.dll" ] || { echo "the prefix cannot run 32-bit programs (no syswow64/kernel32.dll)"; exit 1; }
original64=$(sha256sum < "$sys/advapi32.dll")
original32=$(sha256sum < "$wow/advapi32.dll")

step "before install"
expect "a 32-bit program gets Wine's ERROR_NOT_SUPPORTED" 50 '^error 50' -- run_sleeper

step "install"
expect "install covers 32-bit programs" 0 'installed.*syswow64' -- "$wct_wine" install
is_wct "$wow/advapi32.dll" && [ "$(pe_machine "$wow/advapi32.dll")" = pei-i386 ] &&
    ok "syswow64/advapi32.dll is wct's, i686" || fail "syswow64/advapi32.dll is not wct's i686 DLL"
is_wct "$sys/advapi32.dll" && [ "$(pe_machine "$sys/advapi32.dll")" = pei-x86-64 ] &&
    ok "system32/advapi32.dll is wct's, x86_64" || fail "system32/advapi32.dll is not wct's x86_64 DLL"
[ "$(readlink -f "$wow/advapi32_wine.dll")" = "$(readlink -f "$wine_i386/advapi32.dll")" ] &&
    ok "syswow64/advapi32_wine.dll is Wine's i386 builtin" || fail "syswow64/advapi32_wine.dll -> $(readlink "$wow/advapi32_wine.dll" || true)"
[ "$(readlink -f "$sys/advapi32_wine.dll")" = "$(readlink -f "$wine_x86_64/advapi32.dll")" ] &&
    ok "system32/advapi32_wine.dll is Wine's x86_64 builtin" || fail "system32/advapi32_wine.dll -> $(readlink "$sys/advapi32_wine.dll" || true)"
expect "status reports system32" 0 'system32 \(64-bit programs\): on wct.*up to date' -- "$wct_wine" status
expect "status reports syswow64" 0 'syswow64 \(32-bit programs\): on wct.*up to date' -- "$wct_wine" status
expect "a 32-bit program: its sleeping thread is one thread node, Blocked" 0 '^sleeper 1 nodes: 8/3 ' -- run_sleeper

step "a syswow64 without advapi32_wine.dll"
rm -f "$wow/advapi32_wine.dll"
expect "status says so" 2 'syswow64 \(32-bit programs\): advapi32_wine.dll is MISSING' -- "$wct_wine" status
expect "install again repairs it" 0 installed -- "$wct_wine" install
expect "status" 0 'syswow64 \(32-bit programs\): on wct.*up to date' -- "$wct_wine" status

step "uninstall"
expect "uninstall" 0 uninstalled -- "$wct_wine" uninstall
[ "$(sha256sum < "$wow/advapi32.dll")" = "$original32" ] && ok "syswow64/advapi32.dll is Wine's again, unchanged" ||
    fail "syswow64/advapi32.dll differs from before"
[ "$(sha256sum < "$sys/advapi32.dll")" = "$original64" ] && ok "system32/advapi32.dll is Wine's again, unchanged" ||
    fail "system32/advapi32.dll differs from before"
[ ! -e "$wow/advapi32_wine.dll" ] && [ ! -e "$sys/advapi32_wine.dll" ] && ok "no advapi32_wine.dll left" ||
    fail "advapi32_wine.dll left behind"
expect "status" 0 'not on wct' -- "$wct_wine" status
expect "a 32-bit program gets ERROR_NOT_SUPPORTED again" 50 '^error 50' -- run_sleeper

step "without wine32: the 64-bit part only"
expect "install says 32-bit programs keep Wine's builtin" 0 "32-bit programs keep Wine's builtin.*wine32 is not installed" -- \
    env WCT_WINE_DLLDIR32= "$wct_wine" install
is_wct "$sys/advapi32.dll" && ! is_wct "$wow/advapi32.dll" && [ ! -e "$wow/advapi32_wine.dll" ] &&
    ok "system32 on wct, syswow64 untouched" || fail "wrong files without wine32"
expect "status says so" 0 'syswow64 \(32-bit programs\): Wine.s builtin advapi32 \(wine32 is not installed\)' -- \
    env WCT_WINE_DLLDIR32= "$wct_wine" status
expect "uninstall" 0 uninstalled -- env WCT_WINE_DLLDIR32= "$wct_wine" uninstall
[ "$(sha256sum < "$wow/advapi32.dll")" = "$original32" ] && [ "$(sha256sum < "$sys/advapi32.dll")" = "$original64" ] &&
    ok "both files as before" || fail "files differ after uninstall without wine32"
wineserver -k 2>/dev/null || true

step "a 32-bit prefix (a stand-in; Wine's loader and wineserver are recording stubs)"
p32=$work/p32
mkdir -p "$p32/drive_c/windows/system32" "$work/stub"
printf 'WINE REGISTRY Version 2\n#arch=win32\n' > "$p32/system.reg"
cp "$wine_i386/advapi32.dll" "$p32/drive_c/windows/system32/advapi32.dll"
original_p32=$(sha256sum < "$p32/drive_c/windows/system32/advapi32.dll")
printf '#!/bin/sh\necho "$*" >> "%s"\n' "$work/stub/calls" > "$work/stub/wine"
printf '#!/bin/sh\nexit 0\n' > "$work/stub/wineserver"
chmod +x "$work/stub/wine" "$work/stub/wineserver"
in_p32() { env WINEPREFIX="$p32" WCT_WINE_PROGRAM="$work/stub/wine" "$@"; }
expect "install" 0 'installed.*system32 \(32-bit programs\)' -- in_p32 "$wct_wine" install
p32sys=$p32/drive_c/windows/system32
is_wct "$p32sys/advapi32.dll" && [ "$(pe_machine "$p32sys/advapi32.dll")" = pei-i386 ] &&
    ok "system32/advapi32.dll is wct's i686 DLL" || fail "system32/advapi32.dll of the 32-bit prefix is not wct's i686 DLL"
[ "$(readlink -f "$p32sys/advapi32_wine.dll")" = "$(readlink -f "$wine_i386/advapi32.dll")" ] &&
    ok "system32/advapi32_wine.dll is Wine's i386 builtin" || fail "advapi32_wine.dll -> $(readlink "$p32sys/advapi32_wine.dll" || true)"
grep -q 'reg add HKCU\\Software\\Wine\\DllOverrides /v advapi32 /t REG_SZ /d native,builtin' "$work/stub/calls" &&
    ok "the override advapi32=native,builtin is set" || fail "no override set: $(paste -sd'|' "$work/stub/calls")"
expect "status" 0 'system32 \(32-bit programs\): on wct.*up to date' -- in_p32 "$wct_wine" status
expect "uninstall" 0 uninstalled -- in_p32 "$wct_wine" uninstall
[ "$(sha256sum < "$p32sys/advapi32.dll")" = "$original_p32" ] && [ ! -e "$p32sys/advapi32_wine.dll" ] &&
    ok "Wine's file is back" || fail "the 32-bit prefix's system32 differs after uninstall"
grep -q 'reg delete HKCU\\Software\\Wine\\DllOverrides /v advapi32' "$work/stub/calls" &&
    ok "the override is removed" || fail "the override was not removed"
: > "$work/stub/calls"
expect "install --app" 0 'installed.*prefix_app32.exe' -- in_p32 "$wct_wine" install --app prefix_app32.exe
grep -q 'reg add HKCU\\Software\\Wine\\AppDefaults\\prefix_app32.exe\\DllOverrides /v advapi32 .*native,builtin' "$work/stub/calls" &&
    ok "the per-program override is set" || fail "no per-program override: $(paste -sd'|' "$work/stub/calls")"
expect "uninstall" 0 uninstalled -- in_p32 "$wct_wine" uninstall
expect "dump is refused (wctdump.exe is x86_64)" 1 'needs a 64-bit prefix' -- in_p32 "$wct_wine" dump -h

echo "32-bit processes started: $(wc -l < "$work/launches"), seconds each: $(paste -sd' ' "$work/launches")"
echo "32-bit prefix checks: $failures failed"
[ "$failures" -eq 0 ]

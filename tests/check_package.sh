#!/usr/bin/env bash
# The install tree and the Debian package for Wine users, used the way a user would:
#   - `cmake --install` gives bin/wct-wine and share/wct/x86_64/ (the prefix DLL, wctdump.exe,
#     wct.dll), and share/wct/i686/advapi32.dll when the i686 tree (WCT_I686_BUILD_DIR) is
#     built; wct-wine runs from there;
#   - `cpack -G DEB` makes wct-wine_*.deb; it is unpacked (dpkg-deb -x, never installed on the
#     machine) and its wct-wine runs from the unpacked /usr.
# Each tree's wct-wine is asked for the status of a prefix and runs its wctdump.exe there.
# Usage: check_package.sh BUILD_DIR [I686_BUILD_DIR]
set -euo pipefail
build=$(cd "$1" && pwd)
i686=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/wct-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
export WINEPREFIX=$build/wineprefix WINEDEBUG=-all
bash "$(dirname "${BASH_SOURCE[0]}")/../tools/wine-run.sh" --init

check_tree() { # check_tree ROOT WHAT
    local root=$1 what=$2 arch=x86_64
    for f in advapi32.dll wctdump.exe wct.dll; do
        [ -f "$root/share/wct/$arch/$f" ] || { echo "$what: no share/wct/$arch/$f"; exit 1; }
    done
    if [ -n "$i686" ] && [ -f "$i686/prefix/advapi32.dll" ]; then
        x86_64-w64-mingw32-objdump -f "$root/share/wct/i686/advapi32.dll" 2>/dev/null | grep -q 'pei-i386' ||
            { echo "$what: no i686 share/wct/i686/advapi32.dll"; exit 1; }
        echo "$what: share/wct/i686/advapi32.dll (32-bit programs)"
    fi
    [ -x "$root/bin/wct-wine" ] || { echo "$what: no bin/wct-wine"; exit 1; }
    [ -x "$root/share/wct/pe-exports.sh" ] || { echo "$what: no share/wct/pe-exports.sh"; exit 1; }
    strings -el "$root/share/wct/$arch/advapi32.dll" | grep -q 'Advapi32 with Wait Chain Traversal' ||
        { echo "$what: the prefix DLL has no version resource"; exit 1; }
    "$root/bin/wct-wine" status | grep -E 'on wct|not on wct' || { echo "$what: status failed"; exit 1; }
    "$root/bin/wct-wine" dump -h 2>&1 | grep -q 'wctdump' || { echo "$what: dump did not run wctdump.exe"; exit 1; }
    echo "$what: wct-wine and share/wct/$arch work"
}

cmake --install "$build" --prefix "$work/install" >/dev/null
check_tree "$work/install" "cmake --install"

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/deb" >/dev/null)
deb=$(ls "$work"/deb/wct-wine_*.deb)
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Architecture|Depends):'
dpkg-deb -x "$deb" "$work/unpacked"
check_tree "$work/unpacked/usr" "$(basename "$deb")"

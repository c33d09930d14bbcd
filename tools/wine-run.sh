#!/usr/bin/env bash
# Runs a Windows program under Wine with a private, quiet prefix.
# CMake uses this as CMAKE_CROSSCOMPILING_EMULATOR, so `ctest` runs the PE tests through it.
# The prefix is $WINEPREFIX if set, else <build dir>/wineprefix for the build tree that
# holds the current directory, else ~/.cache/wct/wineprefix. It is created once, under a lock.
set -euo pipefail

find_build_dir() {
    local dir=$PWD
    while [ "$dir" != / ]; do
        [ -f "$dir/CMakeCache.txt" ] && { echo "$dir"; return 0; }
        dir=$(dirname "$dir")
    done
    return 1
}

if [ -z "${WINEPREFIX:-}" ]; then
    if build_dir=$(find_build_dir); then
        WINEPREFIX=$build_dir/wineprefix
    else
        WINEPREFIX=${XDG_CACHE_HOME:-$HOME/.cache}/wct/wineprefix
    fi
fi
export WINEPREFIX
export WINEDEBUG=${WINEDEBUG:--all}
export WINEARCH=${WINEARCH:-win64}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

wine_program=${WCT_WINE:-$(command -v wine64 || command -v wine)}

# First use: create the prefix once, even when ctest starts several tests at a time.
mkdir -p "$(dirname "$WINEPREFIX")"
(
    flock 9
    if [ ! -f "$WINEPREFIX/.wct-ready" ]; then
        "$wine_program" wineboot --init >/dev/null 2>&1 || true
        "$(dirname "$wine_program")/wineserver" -w 2>/dev/null || wineserver -w 2>/dev/null || true
        touch "$WINEPREFIX/.wct-ready"
    fi
) 9>"$WINEPREFIX.lock"

exec "$wine_program" "$@"

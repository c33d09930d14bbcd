#!/usr/bin/env bash
# Runs a Windows program under Wine with a private, quiet prefix.
# CMake uses this as CMAKE_CROSSCOMPILING_EMULATOR, so `ctest` runs the PE tests through it.
# The prefix is $WINEPREFIX if set, else <build dir>/wineprefix for the build tree that
# holds the current directory, else ~/.cache/wct/wineprefix. It is created once, under a lock.
#
# Usage: wine-run.sh PROGRAM [ARGS...]    run PROGRAM (a 32-bit one with wine32's loader)
#        wine-run.sh --init                only make sure the prefix exists and is complete
#
# With wine32 installed, /usr/bin/wine starts the 32-bit loader for every program, and each
# 32-bit process is expensive where the kernel runs 32-bit code only through emulation
# (tools/install-deps.sh), so a 64-bit program is started with the 64-bit loader directly.
# A prefix made before wine32 was installed cannot start 32-bit programs (its syswow64 has no
# kernel32.dll: "could not load kernel32.dll, status c0000135", which wineboot -u does not
# repair): such a prefix is made anew. New prefixes are copies of one made by wineboot per
# Wine version (in ~/.cache/wct), since wineboot's 32-bit half is what costs minutes.
#
# With WCT_WINE_ROOT set (a root of tools/wine-root.sh, e.g. /var/cache/wct/roots/trixie), the
# program runs under that root's Wine (chroot; the program and its folders at the same paths),
# the rest (this script, the test scripts) on the host. Its default prefix is then
# <build dir>/wineprefix-<wine version> (one prefix per Wine: a prefix is upgraded by a newer
# Wine, and the older one then warns about it), and XDG_RUNTIME_DIR is set (Wine 10 asks).
set -euo pipefail

root_tool=$(dirname "${BASH_SOURCE[0]}")/wine-root.sh
in_root=()
if [ -n "${WCT_WINE_ROOT:-}" ]; then
    # Outside the namespace that shows the root its mounts: enter one (tools/wine-root.sh exec).
    [ "${WCT_WINE_ROOT_NS:-}" = "$WCT_WINE_ROOT" ] || exec bash "$root_tool" exec bash "${BASH_SOURCE[0]}" "$@"
    in_root=(bash "$root_tool" run)
fi

# A Wine program of the root or of the host: PATH is the same inside and outside.
wine_file() { [ -x "${WCT_WINE_ROOT:-}$1" ]; }

find_build_dir() {
    local dir=$PWD
    while [ "$dir" != / ]; do
        [ -f "$dir/CMakeCache.txt" ] && { echo "$dir"; return 0; }
        dir=$(dirname "$dir")
    done
    return 1
}

# "i386", "x86_64" or "" for a file that is not a PE image.
pe_machine() {
    local file=$1 offset machine
    [ -f "$file" ] || return 0
    [ "$(head -c 2 "$file" 2>/dev/null)" = MZ ] || return 0
    offset=$(od -An -t u4 -j 60 -N 4 "$file" | tr -d ' ')
    machine=$(od -An -t x2 -j $((offset + 4)) -N 2 "$file" | tr -d ' ')
    case $machine in
        014c) echo i386 ;;
        8664) echo x86_64 ;;
    esac
}

wine64_program=${WCT_WINE:-}
if [ -n "${WCT_WINE_ROOT:-}" ]; then
    wine64_program=/usr/lib/wine/wine64
elif [ -z "$wine64_program" ]; then
    if [ -x /usr/lib/wine/wine64 ]; then wine64_program=/usr/lib/wine/wine64
    else wine64_program=$(command -v wine64 || command -v wine); fi
fi
wine32_program=/usr/lib/wine/wine
wine_file "$wine32_program" || wine32_program=
wineserver_program=$(dirname "$wine64_program")/wineserver
wine_file "$wineserver_program" || wineserver_program=$(command -v wineserver)
wine_version() { "${in_root[@]}" "$wine64_program" --version 2>/dev/null; }

if [ -z "${WINEPREFIX:-}" ]; then
    prefix_name=wineprefix${WCT_WINE_ROOT:+-$(wine_version | cut -d' ' -f1)}
    if build_dir=$(find_build_dir); then
        WINEPREFIX=$build_dir/$prefix_name
    else
        WINEPREFIX=${XDG_CACHE_HOME:-$HOME/.cache}/wct/$prefix_name
    fi
fi
export WINEPREFIX
export WINEDEBUG=${WINEDEBUG:--all}
export WINEARCH=${WINEARCH:-win64}
export WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-mscoree,mshtml=}

# A prefix that cannot start 32-bit programs although wine32 is installed.
lacks_wow64() {
    [ -n "$wine32_program" ] && [ "$WINEARCH" = win64 ] &&
        [ ! -f "$1/drive_c/windows/syswow64/kernel32.dll" ]
}

# One complete prefix per Wine version and wine32 presence, made by wineboot, to copy from.
prefix_template() {
    local version template
    version=$(wine_version | tr -c 'A-Za-z0-9.\n' '_')
    template=${WCT_PREFIX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wct}/prefix-$WINEARCH-$version${wine32_program:+-wow64}
    mkdir -p "$(dirname "$template")"
    (
        flock 8
        if [ ! -f "$template/.wct-ready" ] || lacks_wow64 "$template"; then
            rm -rf "$template"
            WINEPREFIX=$template "${in_root[@]}" "$wine64_program" wineboot --init >/dev/null 2>&1 || true
            WINEPREFIX=$template "${in_root[@]}" "$wineserver_program" -w 2>/dev/null || true
            touch "$template/.wct-ready"
        fi
    ) 8>"$template.lock"
    echo "$template"
}

# First use: create the prefix once, even when ctest starts several tests at a time.
ensure_prefix() {
    mkdir -p "$(dirname "$WINEPREFIX")"
    (
        flock 9
        if [ -f "$WINEPREFIX/.wct-ready" ] && lacks_wow64 "$WINEPREFIX"; then
            echo "wine-run.sh: $WINEPREFIX was made before wine32 was installed: making it anew" >&2
            "${in_root[@]}" "$wineserver_program" -k 2>/dev/null || true
            rm -rf "$WINEPREFIX"
        fi
        if [ ! -f "$WINEPREFIX/.wct-ready" ]; then
            local template
            template=$(prefix_template)
            rm -rf "$WINEPREFIX"
            cp -a "$template" "$WINEPREFIX"
            touch "$WINEPREFIX/.wct-ready"
        fi
    ) 9>"$WINEPREFIX.lock"
}

ensure_prefix
[ "${1:-}" = --init ] && exit 0

if [ "$(pe_machine "${1:-}")" = i386 ]; then
    [ -n "$wine32_program" ] || { echo "wine-run.sh: $1 is a 32-bit program and wine32 is not installed (tools/install-deps.sh)" >&2; exit 1; }
    exec "${in_root[@]}" "$wine32_program" "$@"
fi
exec "${in_root[@]}" "$wine64_program" "$@"

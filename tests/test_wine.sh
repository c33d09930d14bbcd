# Sourced by the prefix checks (check_prefix.sh, check_prefix32.sh): the Wine they drive.
#
# select_test_wine SHIM_DIR REPO sets wine64 (Wine's 64-bit loader) and wine32 (its 32-bit
# loader, or nothing) and puts that Wine's wineserver first in PATH. By default that is the
# system's Wine. With WCT_WINE_ROOT (tools/test.sh's run under the other Debian release's Wine,
# inside `tools/wine-root.sh exec`) it is the root's: SHIM_DIR gets a wine, wine64 and
# wineserver that each run the root's own inside the root, and wct-wine is given them through
# WINE and WINESERVER, as a user of a Wine outside /usr gives theirs. In that namespace the
# system's folders of Wine's PE DLLs show the root's (tools/wine-root.sh), so the builtins
# wct-wine links to are the root's, at the same paths inside and outside the root.

# shellcheck shell=bash
select_test_wine() {
    local shims=$1 repo=$2 name
    wine64=/usr/lib/wine/wine64
    wine32=/usr/lib/wine/wine
    if [ -z "${WCT_WINE_ROOT:-}" ]; then
        [ -x "$wine64" ] || wine64=$(command -v wine64 || command -v wine)
        [ -x "$wine32" ] || wine32=
        return 0
    fi
    if [ "${WCT_WINE_ROOT_NS:-}" != "$WCT_WINE_ROOT" ]; then
        echo "WCT_WINE_ROOT is set: run this inside tools/wine-root.sh exec"
        exit 1
    fi
    mkdir -p "$shims"
    for name in wine wine64 wineserver; do
        printf '#!/bin/sh\nexec bash "%s/tools/wine-root.sh" run /usr/lib/wine/%s "$@"\n' \
            "$repo" "$name" > "$shims/$name"
        chmod +x "$shims/$name"
    done
    wine64=$shims/wine64
    wine32=$shims/wine
    PATH=$shims:$PATH
    export WINE=$shims/wine WINESERVER=$shims/wineserver
    export WCT_WINE_DLLDIR=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows
    if [ -d /usr/lib/i386-linux-gnu/wine/i386-windows ]; then
        export WCT_WINE_DLLDIR32=/usr/lib/i386-linux-gnu/wine/i386-windows
    fi
}

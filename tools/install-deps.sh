#!/usr/bin/env bash
# Installs everything wct needs on Debian bookworm, idempotently:
#   - Debian packages: mingw-w64, wine, wine64, libwine-dev, cmake, ninja-build, pkg-config;
#     cppcheck, clang-tidy, clang, libclang-rt-14-dev for the static analysis and the fuzzer
#   - CMocka's source (Debian's cmocka source package), downloaded without touching
#     the machine's apt configuration, into a cache folder (default: build/_deps).
# Runs as root directly, otherwise through sudo.
# Usage: tools/install-deps.sh [CACHE_DIR]
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${1:-${WCT_DEPS_DIR:-$repo_dir/build/_deps}}

packages=(mingw-w64 wine wine64 libwine-dev cmake ninja-build pkg-config xz-utils dpkg-dev ca-certificates binutils cppcheck clang-tidy clang libclang-rt-14-dev)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

install_packages() {
    local missing
    missing=$(missing_packages)
    [ -z "$missing" ] && return 0
    echo "install-deps: installing:" $missing
    as_root apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# Writes a deb-src list next to the cache (same mirrors and suites as the machine's
# own sources) and asks apt for cmocka's source package with it alone.
fetch_cmocka_source() {
    local apt_dir=$cache_dir/apt
    if ls "$cache_dir"/cmocka_*.orig.tar.* >/dev/null 2>&1; then
        return 0
    fi
    mkdir -p "$apt_dir/lists/partial" "$apt_dir/sources"
    local src
    for src in /etc/apt/sources.list.d/*.sources; do
        [ -f "$src" ] || continue
        sed -e 's/^Types:.*/Types: deb-src/' "$src" > "$apt_dir/sources/$(basename "$src")"
    done
    if [ -f /etc/apt/sources.list ]; then
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$apt_dir/sources/legacy.list"
    fi
    local opts=(-o Dir::Etc::SourceList=/dev/null
                -o Dir::Etc::SourceParts="$apt_dir/sources"
                -o Dir::State::Lists="$apt_dir/lists"
                -o Debug::NoLocking=1)
    apt-get "${opts[@]}" update -q
    (cd "$cache_dir" && apt-get "${opts[@]}" source --download-only cmocka)
}

install_packages
mkdir -p "$cache_dir"
fetch_cmocka_source
echo "install-deps: ready (cmocka source in $cache_dir)"

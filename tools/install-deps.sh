#!/usr/bin/env bash
# Installs everything wct needs on Debian 12 (bookworm) or Debian 13 (trixie), idempotently:
#   - Debian packages: mingw-w64, wine, wine64, libwine-dev, cmake, ninja-build, pkg-config;
#     cppcheck, clang-tidy, clang and the clang runtime that holds libFuzzer (chosen by what
#     the release has: libclang-rt-dev, else libclang-rt-N-dev for the clang-N that `clang`
#     depends on) for the static analysis and the fuzzer;
#     graphviz for `wctdump --dot` (its test and docs/demo-hang.svg)
#   - wine32 (the i386 architecture), for the i686 suite and 32-bit programs; see
#     install_wine32 for mirrors whose i386 and amd64 indexes disagree
#   - CMocka's source (Debian's cmocka source package), downloaded without touching
#     the machine's apt configuration, into a cache folder (default: build/_deps): the
#     release's own, or, where the mirror cannot give it whole (trixie's answered 404 for the
#     .dsc and the Debian tarball), another release's (see cmocka_fallback_suites).
# Runs as root directly, otherwise through sudo.
# Usage: tools/install-deps.sh [CACHE_DIR]
set -euo pipefail

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_dir=${1:-${WCT_DEPS_DIR:-$repo_dir/build/_deps}}

packages=(mingw-w64 wine wine64 libwine-dev cmake ninja-build pkg-config xz-utils dpkg-dev ca-certificates binutils cppcheck clang-tidy clang graphviz)
# Releases whose cmocka source package is tried, in order, after the machine's own suites.
cmocka_fallback_suites=(bookworm trixie)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The packages of "$@" that are not installed, one a line.
missing_packages() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
    done
}

# A fresh machine has no package lists yet: apt-cache knows nothing before an update.
update_lists_once() {
    [ -n "${lists_updated:-}" ] && return 0
    lists_updated=1
    # An index that fails to download (see install_wine32) must not stop the rest.
    as_root apt-get update -q || echo "install-deps: apt-get update reported errors; going on with what it has"
}

# (grep reads all: with pipefail, grep -q ending first would fail the pipeline by SIGPIPE.)
has_candidate() { apt-cache policy "$1" 2>/dev/null | grep '^  Candidate: [^(]' >/dev/null; }

# The package with libFuzzer and the sanitizer runtimes for the release's `clang`:
# libclang-rt-dev where the release has it (Debian 12 and 13 do), else the one of the
# clang-N that `clang` depends on (libclang-rt-N-dev). Never a hard-coded LLVM version.
clang_runtime_package() {
    local version
    if has_candidate libclang-rt-dev; then echo libclang-rt-dev; return 0; fi
    version=$(apt-cache depends clang 2>/dev/null | sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | awk 'NR == 1')
    if [ -n "$version" ] && has_candidate "libclang-rt-$version-dev"; then echo "libclang-rt-$version-dev"; return 0; fi
    echo "install-deps: no clang runtime (libFuzzer) package found for clang${version:+-$version}: the native fuzzer will not build" >&2
}

install_packages() {
    local missing
    has_candidate clang || update_lists_once
    packages+=($(clang_runtime_package))
    missing=$(missing_packages "${packages[@]}")
    [ -z "$missing" ] && return 0
    echo "install-deps: installing:" $missing
    update_lists_once
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
}

# CMocka's source package, whole (.dsc, upstream and Debian tarballs), into the cache: first
# from the machine's own suites (a deb-src copy of its sources), then, if that fails or gives
# a part only, from the releases of cmocka_fallback_suites on the machine's Debian mirrors.
# apt is asked with private lists alone; the machine's apt configuration is not touched.
cmocka_apt_dir() { echo "$cache_dir/apt"; }

cmocka_source_whole() {
    ls "$cache_dir"/cmocka_*.dsc >/dev/null 2>&1 && ls "$cache_dir"/cmocka_*.orig.tar.* >/dev/null 2>&1
}

# The machine's sources as deb-src, into $1 (its suites as they are).
write_machine_deb_src() {
    local out=$1 src
    for src in /etc/apt/sources.list.d/*.sources; do
        [ -f "$src" ] || continue
        sed -e 's/^Types:.*/Types: deb-src/' "$src" > "$out/$(basename "$src")"
    done
    if [ -f /etc/apt/sources.list ]; then
        sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}/deb-src \1/p' /etc/apt/sources.list > "$out/legacy.list"
    fi
}

# The machine's Debian archive mirrors (debian_mirrors).
. "$repo_dir/tools/debian-mirrors.sh"

# Downloads cmocka's source package with the deb-src lists in $apt_dir/sources.
download_cmocka_with_lists() {
    local apt_dir opts
    apt_dir=$(cmocka_apt_dir)
    rm -rf "$apt_dir/lists"
    mkdir -p "$apt_dir/lists/partial"
    opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$apt_dir/sources"
          -o Dir::State::Lists="$apt_dir/lists" -o Debug::NoLocking=1)
    apt-get "${opts[@]}" update -q >"$apt_dir/update.log" 2>&1 || true
    (cd "$cache_dir" && apt-get "${opts[@]}" source --download-only cmocka) && cmocka_source_whole
}

# Removes a partial download (an upstream tarball without the rest), so the build never
# takes half a source package.
remove_cmocka_files() { rm -f "$cache_dir"/cmocka_*; }

fetch_cmocka_source() {
    local apt_dir suite uri
    apt_dir=$(cmocka_apt_dir)
    cmocka_source_whole && return 0
    remove_cmocka_files
    rm -rf "$apt_dir/sources"
    mkdir -p "$apt_dir/sources"
    write_machine_deb_src "$apt_dir/sources"
    if download_cmocka_with_lists; then return 0; fi
    for suite in "${cmocka_fallback_suites[@]}"; do
        remove_cmocka_files
        echo "install-deps: cmocka: the machine's suites did not give its source package whole;" \
             "trying $suite's"
        rm -rf "$apt_dir/sources"
        mkdir -p "$apt_dir/sources"
        for uri in $(debian_mirrors); do
            echo "deb-src $uri $suite main"
        done > "$apt_dir/sources/fallback.list"
        if download_cmocka_with_lists; then
            echo "install-deps: cmocka: using $suite's source package ($(cd "$cache_dir" && ls cmocka_*.dsc))"
            return 0
        fi
    done
    remove_cmocka_files
    echo "install-deps: FAILED: cmocka's source package could not be downloaded whole" >&2
    exit 1
}

# ---- wine32 -------------------------------------------------------------------------------
# wine32:i386 needs every multi-arch library it shares with wine64 at one version on both
# architectures. A mirror whose i386 index of a suite fails to download (seen with
# bookworm-security: "File has unexpected size ... Mirror sync in progress?") leaves amd64 at
# that suite's versions and i386 without them: apt then refuses wine32, or accepts it by
# REMOVING wine64, libwine and libwine-dev. So when the machine's own lists cannot install
# them all together without removing anything, they are resolved against a private copy of
# the machine's sources without the suites whose i386 index fails, pinned so that apt may
# move shared libraries to versions both architectures have. The machine's apt
# configuration is not changed (the i386 architecture is added, nothing else).
wine_packages=(wine wine64 libwine:amd64 libwine-dev wine32:i386)
wine32_dir=$cache_dir/apt-wine32

wine_packages_missing() { missing_packages "${wine_packages[@]}"; }

# The machine's binary sources (deb822 and one-line), one deb822 file per suite, into $1.
split_sources_per_suite() {
    local out=$1 src
    for src in /etc/apt/sources.list.d/*.sources; do
        [ -f "$src" ] || continue
        awk -v out="$out" -v base="$(basename "$src")" '
            function flush(   n, i, s, f) {
                if (types ~ /(^| )deb( |$)/ && enabled != "no" && (archs == "" || archs ~ /i386/)) {
                    n = split(suites, s, " ")
                    for (i = 1; i <= n; i++) {
                        f = out "/" base "-" NR "-" i ".sources"
                        printf "Types: deb\nURIs: %s\nSuites: %s\nComponents: %s\n", uris, s[i], comps > f
                        if (signed != "") printf "Signed-By: %s\n", signed > f
                        close(f)
                    }
                }
                types = uris = suites = comps = signed = archs = enabled = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^#/ { next }
            { key = tolower($1); sub(/:$/, "", key); val = $0; sub(/^[^:]*:[ \t]*/, "", val) }
            key == "types" { types = val } key == "uris" { uris = val } key == "suites" { suites = val }
            key == "components" { comps = val } key == "signed-by" { signed = val }
            key == "architectures" { archs = val } key == "enabled" { enabled = tolower(val) }
            END { flush() }' "$src"
    done
    if [ -f /etc/apt/sources.list ]; then
        awk '$1 == "deb" { print > (out "/legacy-" NR ".list") }' out="$out" /etc/apt/sources.list
    fi
}

private_apt() {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$wine32_dir/sources" \
        -o Dir::State::Lists="$wine32_dir/lists" -o Dir::Etc::Preferences="$wine32_dir/preferences" \
        -o Dir::Etc::PreferencesParts="$wine32_dir/preferences.d" "$@"
}

# Private sources holding only suites whose indexes download for both architectures.
prepare_private_sources() {
    local failed file suite log=$wine32_dir/update.log
    as_root rm -rf "$wine32_dir"
    mkdir -p "$wine32_dir/sources" "$wine32_dir/lists/partial" "$wine32_dir/preferences.d"
    : > "$wine32_dir/preferences"
    split_sources_per_suite "$wine32_dir/sources"
    private_apt update -q > "$log" 2>&1 || true
    failed=$(sed -n 's|.*Failed to fetch [^ ]*/dists/\([^/ ]*\)/.*|\1|p' "$log" | sort -u)
    for suite in $failed; do
        for file in "$wine32_dir"/sources/*; do
            grep -qE "^Suites: $suite\$|^deb .* $suite( |\$)" "$file" && rm -f "$file"
        done
        echo "install-deps: wine32: leaving out suite $suite (an index of it fails to download)"
    done
    # The suites kept may replace installed versions (downgrades included) where wine32 needs it.
    for file in "$wine32_dir"/sources/*; do
        suite=$(sed -n 's/^Suites: //p; s/^deb [^ ]* \([^ ]*\) .*/\1/p' "$file")
        printf 'Package: *\nPin: release n=%s\nPin-Priority: 1001\n\n' "$suite"
    done > "$wine32_dir/preferences"
    [ -n "$failed" ] && private_apt update -q > "$log" 2>&1
    return 0
}

# Installs wine_packages from the apt given as $1.. (a command), refusing any removal.
install_wine_with() {
    local plan
    plan=$("$@" install -s -y --no-install-recommends --allow-downgrades "${wine_packages[@]}" 2>&1) || return 1
    if grep -q '^Remv ' <<<"$plan"; then
        echo "install-deps: wine32: apt would remove:" $(sed -n 's/^Remv \([^ ]*\).*/\1/p' <<<"$plan")
        return 1
    fi
    echo "install-deps: wine32: apt will change:" $(grep -c '^Inst ' <<<"$plan") "packages" \
        "($(grep -c '^Inst .*\] (' <<<"$plan") of them replacing an installed version)"
    "$@" install -y -q --no-install-recommends --allow-downgrades "${wine_packages[@]}" \
        </dev/null | grep -E '^(Setting up|Unpacking) (wine|libwine)' || true
}

machine_apt() { as_root env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

install_wine32() {
    [ -z "$(wine_packages_missing)" ] && return 0
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        echo "install-deps: adding the i386 architecture (for wine32)"
        as_root dpkg --add-architecture i386
    fi
    echo "install-deps: installing wine32 (missing: $(wine_packages_missing | tr '\n' ' '))"
    as_root apt-get update -q >/dev/null 2>&1 || true
    if ! install_wine_with machine_apt; then
        echo "install-deps: wine32: the machine's package lists disagree between i386 and amd64;" \
             "resolving against $wine32_dir instead"
        prepare_private_sources
        install_wine_with private_apt || true
    fi
    if [ -n "$(wine_packages_missing)" ]; then
        echo "install-deps: FAILED: not installed: $(wine_packages_missing | tr '\n' ' ')" >&2
        exit 1
    fi
    echo "install-deps: wine32 installed, with wine64, libwine:amd64 and libwine-dev"
}

# ---- 32-bit programs on a kernel that refuses them ------------------------------------------
# Some kernels run 64-bit user code only (IA-32 emulation off: every i386 execve fails with
# ENOEXEC, "Exec format error", and wine32's loader with it). There, i386 Linux programs
# run through Debian's qemu-user-static, registered with binfmt_misc for i386 ELF files
# (the registration lasts until the machine restarts; this script makes it again).
# Measured on such a machine: each 32-bit Wine process costs about 50 s of CPU to start.
qemu_i386_magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
qemu_i386_mask='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

i386_programs_run() { /usr/lib/wine/wine --version >/dev/null 2>&1; }

enable_32bit_programs() {
    local binfmt=/proc/sys/fs/binfmt_misc
    i386_programs_run && return 0
    echo "install-deps: this kernel does not run 32-bit programs (IA-32 emulation off):" \
         "running them through qemu-i386 (binfmt_misc)"
    if [ -n "$(missing_packages qemu-user-static)" ]; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-user-static
    fi
    [ -f "$binfmt/register" ] || as_root mount -t binfmt_misc binfmt_misc "$binfmt"
    if [ ! -e "$binfmt/qemu-i386" ]; then
        printf ':qemu-i386:M::%s:%s:/usr/bin/qemu-i386-static:F\n' "$qemu_i386_magic" "$qemu_i386_mask" |
            as_root tee "$binfmt/register" >/dev/null
    fi
    echo 1 | as_root tee "$binfmt/qemu-i386" >/dev/null
    if ! i386_programs_run; then
        echo "install-deps: FAILED: 32-bit programs still do not run (/usr/lib/wine/wine --version)" >&2
        exit 1
    fi
}

install_packages
install_wine32
enable_32bit_programs
mkdir -p "$cache_dir"
fetch_cmocka_source
echo "install-deps: ready (cmocka source in $cache_dir)"

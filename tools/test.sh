#!/usr/bin/env bash
# The README's test command: installs what is missing (wine32 included), builds wct for
# x86_64 and i686 once, and runs the CMocka suite of each with CTest under the system's Wine,
# then the same binaries under the other Debian release's Wine (Wine 10 from a Debian 13 root
# on Debian 12, Wine 8 from a Debian 12 root on Debian 13; tools/wine-root.sh makes the root
# once and caches it): one CTest summary per Wine and architecture.
# Extra arguments go to every ctest run (e.g. -R test_api, -N); the presets' label filters
# stay (the soak runs without a preset: docs/reliability.md).
# WCT_OTHER_WINE=0 leaves out the other Wine's runs; WCT_WINE_ROOT picks its root.
set -euo pipefail
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_dir"

bash tools/install-deps.sh

# 32-bit programs run natively, or through qemu-user where the kernel refuses them
# (tools/install-deps.sh). Emulated, a 32-bit Wine process takes about a minute of CPU to
# start, reads wrong memory, and is ended by qemu when its threads inspect each other: there
# the i686 tree runs the tests that inspect no thread (label emulated32, tests/CMakeLists.txt).
# binfmt_misc's handlers come before the kernel's own, so an enabled qemu-i386 entry means
# every 32-bit program goes through qemu (install-deps registers it only where it must).
i386_emulated=0
if [ -e /proc/sys/fs/binfmt_misc/qemu-i386 ] && head -n 1 /proc/sys/fs/binfmt_misc/qemu-i386 | grep -qx enabled; then
    i386_emulated=1
fi

# The other release's Wine: its root is made (or reused) while wct builds (mostly downloads and
# unpacking); a failure to make it stops the run before any suite.
other_wine=${WCT_OTHER_WINE:-1}
root_log=$repo_dir/build/wine-root.log
if [ "$other_wine" != 0 ]; then
    mkdir -p build
    bash tools/wine-root.sh make > "$root_log.path" 2> "$root_log" &
    root_job=$!
fi

# The suite is switched on whatever an earlier configure of this tree said.
cmake --preset mingw-x86_64 -DWCT_BUILD_TESTS=ON
cmake --build --preset mingw-x86_64
i686_scale=1
[ "$i386_emulated" = 1 ] && i686_scale=6
cmake --preset mingw-i686 -DWCT_BUILD_TESTS=ON -DWCT_TEST_TIMEOUT_SCALE=$i686_scale >/dev/null
cmake --build --preset mingw-i686

# Never report success on a tree that lost its suite: the CMocka tests must be listed.
listed=$(ctest --preset mingw-x86_64 -N -L unit | sed -n 's/^Total Tests: //p')
if [ "${listed:-0}" -lt 20 ] || ! ctest --preset mingw-x86_64 -N -R '^test_api_contract$' | grep test_api_contract >/dev/null; then
    echo "test.sh: FAILED: build/x86_64 lists ${listed:-0} CMocka tests: the suite is missing" >&2
    exit 1
fi

if [ "$other_wine" != 0 ]; then
    wait "$root_job" || { cat "$root_log" >&2; echo "test.sh: FAILED: the other Wine's root could not be made (WCT_OTHER_WINE=0 leaves it out)" >&2; exit 1; }
    cat "$root_log"
    WCT_WINE_ROOT=$(cat "$root_log.path")
    export WCT_WINE_ROOT
    other_version=$(bash tools/wine-root.sh version)
    other_release=$(. "$WCT_WINE_ROOT/etc/os-release" && echo "$PRETTY_NAME" | sed 's/^Debian GNU\/Linux /Debian /; s/ (.*//')
fi
system_version=$(wine --version 2>/dev/null || echo "wine (unknown version)")
system_release=$(. /etc/os-release && echo "$PRETTY_NAME" | sed 's/^Debian GNU\/Linux /Debian /; s/ (.*//')

i686_filter=()
if [ "$i386_emulated" = 1 ]; then
    export WCT_I386_EMULATED=1
    i686_filter=(-L '^emulated32$')
fi
i686_left_out() {
    [ "$i386_emulated" = 1 ] || return 0
    echo "i686: this kernel runs 32-bit programs only through qemu-user (IA-32 emulation off; docs/32-bit.md):"
    echo "i686: left out, since they inspect threads of a 32-bit process:"
    i686_names() { ctest --preset mingw-i686 -N "$@" | sed -n 's/^ *Test *#[0-9]*: //p' | sort; }
    comm -23 <(i686_names) <(i686_names -L '^emulated32$') | sed 's/^/i686:   /'
}

# The prefix of a suite is made first, outside ctest's timeouts: the first one of a Wine version
# runs wineboot, whose 32-bit half takes minutes (emulated, more than a test's 120 s). Under
# the root's Wine when WCT_WINE_ROOT is set (tools/wine-run.sh enters it), else the system's.
init_prefix() { # init_prefix BUILD_DIR CTEST_ARGS...: the prefix, unless only listing (-N)
    local dir=$1; shift
    case " $* " in *" -N "*|*" --show-only "*) return 0 ;; esac
    (cd "$dir" && bash "$repo_dir/tools/wine-run.sh" --init)
}

status=0
unset WCT_WINE_ROOT_NS
( unset WCT_WINE_ROOT
  echo "==== x86_64 suite, $system_version ($system_release, the system's Wine) ===="
  init_prefix build/x86_64 "$@"
  ctest --preset mingw-x86_64 "$@" ) || status=1

( unset WCT_WINE_ROOT
  echo "==== i686 suite, $system_version ($system_release, the system's Wine; 32-bit programs under wine32) ===="
  i686_left_out
  init_prefix build/i686 "$@"
  # Two at a time: an emulated 32-bit process spends its first minute on one core.
  ctest --preset mingw-i686 --parallel 2 "${i686_filter[@]}" "$@" ) || status=1

if [ "$other_wine" != 0 ]; then
    # Host-only checks (label host: static analysis, native fuzzer, README order, the .def,
    # the package...) run once, above: they do not run Wine. Every probe and chain test runs
    # (test preset mingw-x86_64-wine-only: with a preset that excludes labels, ctest 3.25 does
    # not apply a -LE given on its command line, measured; so the exclusion is a preset).
    # One namespace per suite (tools/wine-root.sh exec): the root's mounts live as long as it.
    echo "==== x86_64 suite, $other_version ($other_release root: $WCT_WINE_ROOT) ===="
    init_prefix build/x86_64 "$@"
    bash tools/wine-root.sh exec ctest --preset mingw-x86_64-wine-only "$@" || status=1

    echo "==== i686 suite, $other_version ($other_release root: $WCT_WINE_ROOT; 32-bit programs under its wine32) ===="
    i686_left_out
    init_prefix build/i686 "$@"
    bash tools/wine-root.sh exec ctest --preset mingw-i686 --parallel 2 "${i686_filter[@]}" "$@" || status=1
fi
exit $status

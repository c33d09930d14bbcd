#!/usr/bin/env bash
# The README's test command: installs what is missing (wine32 included), builds wct for
# x86_64 and i686, and runs the CMocka suite of each under Wine with CTest: one summary for
# x86_64, then one for i686 (32-bit programs under wine32).
# Extra arguments go to both ctest runs (e.g. -L soak, -R test_api, -N).
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

# The suite is switched on whatever an earlier configure of this tree said.
cmake --preset mingw-x86_64 -DWCT_BUILD_TESTS=ON
cmake --build --preset mingw-x86_64
i686_scale=1
[ "$i386_emulated" = 1 ] && i686_scale=6
cmake --preset mingw-i686 -DWCT_BUILD_TESTS=ON -DWCT_TEST_TIMEOUT_SCALE=$i686_scale >/dev/null
cmake --build --preset mingw-i686

# Never report success on a tree that lost its suite: the CMocka tests must be listed.
listed=$(ctest --preset mingw-x86_64 -N -L unit | sed -n 's/^Total Tests: //p')
if [ "${listed:-0}" -lt 20 ] || ! ctest --preset mingw-x86_64 -N -R '^test_api_contract$' | grep -q test_api_contract; then
    echo "test.sh: FAILED: build/x86_64 lists ${listed:-0} CMocka tests: the suite is missing" >&2
    exit 1
fi

status=0
echo "==== x86_64 suite (build/x86_64) ===="
ctest --preset mingw-x86_64 "$@" || status=1

echo "==== i686 suite (build/i686, 32-bit programs under wine32) ===="
i686_filter=()
if [ "$i386_emulated" = 1 ]; then
    export WCT_I386_EMULATED=1
    i686_filter=(-L '^emulated32$')
    echo "i686: this kernel runs 32-bit programs only through qemu-user (IA-32 emulation off; docs/32-bit.md):"
    echo "i686: left out, since they inspect threads of a 32-bit process:"
    i686_names() { ctest --preset mingw-i686 -N "$@" | sed -n 's/^ *Test *#[0-9]*: //p' | sort; }
    comm -23 <(i686_names) <(i686_names -L '^emulated32$') | sed 's/^/i686:   /'
fi
# Two at a time: an emulated 32-bit process spends its first minute on one core.
ctest --preset mingw-i686 --parallel 2 "${i686_filter[@]}" "$@" || status=1
exit $status

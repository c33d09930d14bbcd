#!/usr/bin/env bash
# The README's test command: installs what is missing, builds wct for x86_64 (and i686, to
# prove it builds), and runs the whole CMocka suite under Wine with CTest.
# Extra arguments go to ctest (e.g. -L soak, -R test_api).
set -euo pipefail
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_dir"

bash tools/install-deps.sh
# The suite is switched on whatever an earlier configure of this tree said.
cmake --preset mingw-x86_64 -DWCT_BUILD_TESTS=ON
cmake --build --preset mingw-x86_64
cmake --preset mingw-i686 >/dev/null
cmake --build --preset mingw-i686

# Never report success on a tree that lost its suite: the CMocka tests must be listed.
listed=$(ctest --preset mingw-x86_64 -N -L unit | sed -n 's/^Total Tests: //p')
if [ "${listed:-0}" -lt 20 ] || ! ctest --preset mingw-x86_64 -N -R '^test_api_contract$' | grep -q test_api_contract; then
    echo "test.sh: FAILED: build/x86_64 lists ${listed:-0} CMocka tests: the suite is missing" >&2
    exit 1
fi
ctest --preset mingw-x86_64 "$@"

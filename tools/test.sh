#!/usr/bin/env bash
# The README's test command: installs what is missing, builds wct for x86_64 (and i686, to
# prove it builds), and runs the whole CMocka suite under Wine with CTest.
# Extra arguments go to ctest (e.g. -L soak, -R test_api).
set -euo pipefail
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_dir"

bash tools/install-deps.sh
cmake --preset mingw-x86_64
cmake --build --preset mingw-x86_64
cmake --preset mingw-i686 >/dev/null
cmake --build --preset mingw-i686
ctest --preset mingw-x86_64 "$@"

#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds wct.dll and its programs,
# and shows a wait chain found under Wine.
set -euo pipefail
repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_dir"

bash tools/install-deps.sh
cmake --preset mingw-x86_64 -DWCT_BUILD_TESTS=OFF >/dev/null
cmake --build --preset mingw-x86_64
cd build/x86_64/bin
../../../tools/wine-run.sh ./own_chain.exe

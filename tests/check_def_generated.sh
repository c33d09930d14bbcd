#!/usr/bin/env bash
# def/*.def are what tools/gen-def.sh makes from the toolchain's import libraries.
set -euo pipefail
"$1/tools/gen-def.sh" --check
echo "def files up to date"

#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, builds tests/consumer against it twice
# (CMake's find_package(wct), and pkg-config with the bare compiler), runs both under Wine.
set -euo pipefail
build_dir=$1 toolchain=$2 generator=$3 cc=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=$build_dir/consumer-test
rm -rf "$work"; mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build_dir" --prefix "$prefix" > "$work/install.log"
for f in bin/wct.dll lib/libwct.dll.a lib/wct.lib include/wct.h lib/cmake/wct/wctConfig.cmake lib/pkgconfig/wct.pc; do
    [ -f "$prefix/$f" ] || { echo "not installed: $f"; exit 1; }
done

cmake -S "$here" -B "$work/cmake" -G "$generator" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
      -DCMAKE_PREFIX_PATH="$prefix" > "$work/configure.log"
cmake --build "$work/cmake" > "$work/build.log"
cp "$prefix/bin/wct.dll" "$work/cmake/"

pc_flags=$(PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR= pkg-config --cflags --libs wct)
mkdir -p "$work/pkgconfig"
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror "$here/consumer.c" -o "$work/pkgconfig/consumer.exe" $pc_flags
cp "$prefix/bin/wct.dll" "$work/pkgconfig/"

export WINEPREFIX=${WINEPREFIX:-$build_dir/wineprefix}
for exe in "$work/cmake/consumer.exe" "$work/pkgconfig/consumer.exe"; do
    (cd "$(dirname "$exe")" && "$here/../../tools/wine-run.sh" "$exe")
done
echo "installed package works through find_package(wct) and pkg-config"

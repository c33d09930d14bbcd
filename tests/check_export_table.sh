#!/usr/bin/env bash
# wct.dll's export table covers every name of the toolchain's Advapi32 import library; the
# four WCT functions are implemented in wct.dll, every other name forwards to advapi32.dll.
set -euo pipefail
dll=$1 cc=$2 arch=$3
triplet=$(basename "$cc"); triplet=${triplet%-gcc}
strip=""; [ "$arch" = i686 ] && strip="_"

expected=$(mktemp); exported=$(mktemp); trap 'rm -f "$expected" "$exported"' EXIT
"$triplet-nm" "/usr/$triplet/lib/libadvapi32.a" 2>/dev/null |
    sed -n "s/^.* I __imp_${strip}//p" | sed 's/@[0-9]*$//' | LC_ALL=C sort -u > "$expected"
"$triplet-objdump" -p "$dll" | sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/s/^[[:space:]]*\[ *[0-9]*\] //p' |
    LC_ALL=C sort -u > "$exported"

missing=$(LC_ALL=C comm -23 "$expected" "$exported")
if [ -n "$missing" ]; then
    echo "wct.dll lacks $(echo "$missing" | wc -l) Advapi32 names:"; echo "$missing" | head -20
    exit 1
fi
forwarded=$("$triplet-objdump" -p "$dll" | grep -c 'advapi32\.' || true)
for f in OpenThreadWaitChainSession CloseThreadWaitChainSession GetThreadWaitChain RegisterWaitChainCOMCallback; do
    if "$triplet-objdump" -p "$dll" | grep -q "advapi32\.$f\b"; then
        echo "$f is forwarded, but wct.dll must implement it"; exit 1
    fi
done
echo "$(wc -l < "$expected") Advapi32 names exported, $forwarded forwarded to advapi32.dll"

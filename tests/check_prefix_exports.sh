#!/usr/bin/env bash
# The prefix variant (build/<arch>/prefix/advapi32.dll) covers Wine's own advapi32.dll: every
# name of Wine's export table (and of mingw-w64's libadvapi32.a) is exported; the four WCT
# functions are implemented, every other name forwards to advapi32_wine; one load-time import
# from advapi32_wine.dll makes a prefix without it fail at once; a version resource says what
# it is. An i686 DLL (syswow64, 32-bit prefixes) is checked against Wine's i386 advapi32.dll and
# mingw-w64's i686 names, which must be exported undecorated (no @N).
# Usage: check_prefix_exports.sh PREFIX_DLL [WINE_ADVAPI32]
set -euo pipefail
dll=$1
[ -f "$dll" ] || { echo "no $dll (build the prefix variant: target wct_prefix)"; exit 1; }
objdump=x86_64-w64-mingw32-objdump
triplet=x86_64-w64-mingw32 strip="" wine_default=/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/advapi32.dll
if "$objdump" -f "$dll" | grep -q 'file format pei-i386'; then
    triplet=i686-w64-mingw32 strip="_" wine_default=/usr/lib/i386-linux-gnu/wine/i386-windows/advapi32.dll
fi
wine_dll=${2:-$wine_default}
# Export tables are read by wct-wine's own reader (objdump's text differs between binutils 2.40
# and 2.44); objdump is asked only for the file format and the imports, the same in both.
reader=$(dirname "${BASH_SOURCE[0]}")/../tools/pe-exports.sh
names() { bash "$reader" "$1" | LC_ALL=C sort -u; }

missing=$(LC_ALL=C comm -23 <(names "$wine_dll") <(names "$dll"))
[ -z "$missing" ] || { echo "the prefix DLL lacks $(wc -l <<<"$missing") names of Wine's advapi32:"; head -20 <<<"$missing"; exit 1; }
decorated=$(names "$dll" | grep -c '@' || true)
[ "$decorated" -eq 0 ] || { echo "$decorated exported names carry a stdcall @N decoration:"; names "$dll" | grep '@' | head; exit 1; }
missing=$(LC_ALL=C comm -23 <("$triplet-nm" "/usr/$triplet/lib/libadvapi32.a" 2>/dev/null |
          sed -n "s/^.* I __imp_${strip}//p" | sed 's/@[0-9]*$//' | LC_ALL=C sort -u) <(names "$dll"))
[ -z "$missing" ] || { echo "the prefix DLL lacks mingw-w64 names:"; head -20 <<<"$missing"; exit 1; }
table=$("$objdump" -p "$dll")
exports=$(bash "$reader" -f "$dll")
for f in OpenThreadWaitChainSession CloseThreadWaitChainSession GetThreadWaitChain RegisterWaitChainCOMCallback; do
    grep -qx "$f" <<<"$exports" || { echo "$f is forwarded or missing; it must be implemented"; exit 1; }
done
forwarded=$(grep -c "$(printf '\t')advapi32_wine\." <<<"$exports")
others=$(grep "$(printf '\t')" <<<"$exports" | grep -vc "$(printf '\t')advapi32_wine\." || true)
[ "$others" -eq 0 ] || { echo "$others forwarders lead elsewhere than advapi32_wine"; exit 1; }
grep -q 'DLL Name: advapi32_wine.dll' <<<"$table" || { echo "no load-time import from advapi32_wine.dll"; exit 1; }
strings -el "$dll" | grep -q 'Advapi32 with Wait Chain Traversal' || { echo "no version resource"; exit 1; }
echo "$triplet: $(names "$wine_dll" | wc -l) names of Wine's advapi32 covered; $forwarded forwarded to advapi32_wine, 4 implemented"

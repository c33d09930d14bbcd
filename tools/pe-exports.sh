#!/usr/bin/env bash
# pe-exports.sh - the export table of a PE DLL (PE32 or PE32+), read from the file itself.
#
#   pe-exports.sh [-f] DLL    every exported name, one a line, in the table's order; with -f,
#                             a forwarded name is followed by a tab and its forwarder
#                             (e.g. "RegOpenKeyExW<TAB>advapi32_wine.RegOpenKeyExW")
#   pe-exports.sh -m DLL      the machine the DLL is for: x86_64, i386, arm64, arm or 0xNNNN
#
# It reads the headers and the export directory with od and awk only (coreutils and mawk,
# both in Debian's base system): no objdump, whose text format changes between binutils
# versions. Exports with an ordinal and no name are not listed. A file that is not PE, or
# whose tables point outside it, is refused (exit 1, a message on stderr), never half-read.
set -euo pipefail

me=$(basename "$0")
die() { echo "$me: $file: $*" >&2; exit 1; }

# u OFFSET SIZE: the little-endian unsigned integer of SIZE bytes (1, 2, 4) at OFFSET.
u() {
    local v
    v=$(od -An -v -t "u$2" --endian=little -j "$1" -N "$2" -- "$file" | tr -d ' \n')
    [ -n "$v" ] || die "truncated (no $2 bytes at offset $1)"
    echo "$v"
}

# The section holding rva: sets sec_va, sec_raw (its file offset) and sec_len (bytes in the file).
find_section() {
    local rva=$1 i va vsize rawsize rawptr
    for ((i = 0; i < nsections; i++)); do
        vsize=${sections[i * 10 + 2]} va=${sections[i * 10 + 3]}
        rawsize=${sections[i * 10 + 4]} rawptr=${sections[i * 10 + 5]}
        [ "$vsize" -ne 0 ] || vsize=$rawsize
        if [ "$rva" -ge "$va" ] && [ "$rva" -lt $((va + vsize)) ]; then
            sec_va=$va sec_raw=$rawptr
            sec_len=$((rawsize < vsize ? rawsize : vsize))
            return 0
        fi
    done
    die "RVA $rva is in no section"
}

forwarders=0 machine_only=0
while [ $# -gt 1 ]; do
    case $1 in
    -f) forwarders=1 ;;
    -m) machine_only=1 ;;
    *) break ;;
    esac
    shift
done
[ $# -eq 1 ] || { sed -n '3,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
file=$1
[ -f "$file" ] && [ -r "$file" ] || { echo "$me: cannot read $file" >&2; exit 1; }

[ "$(u 0 2)" -eq 23117 ] || die "not a PE file (no MZ)"
pe=$(u 60 4)
[ "$(u "$pe" 4)" -eq 17744 ] || die "not a PE file (no PE signature)"
machine=$(u $((pe + 4)) 2)
if [ "$machine_only" -eq 1 ]; then
    case $machine in
    34404) echo x86_64 ;; 332) echo i386 ;; 43620) echo arm64 ;; 452) echo arm ;;
    *) printf '0x%04x\n' "$machine" ;;
    esac
    exit 0
fi
nsections=$(u $((pe + 6)) 2)
optsize=$(u $((pe + 20)) 2)
opt=$((pe + 24))
case $(u "$opt" 2) in
267) dirs=$((opt + 96)) ;;   # 0x10b PE32
523) dirs=$((opt + 112)) ;;  # 0x20b PE32+
*) die "unknown optional header magic" ;;
esac
[ "$(u $((dirs - 4)) 4)" -ge 1 ] || exit 0          # no data directories: no exports
[ $((dirs + 8)) -le $((opt + optsize)) ] || exit 0
edir=$(u "$dirs" 4) esize=$(u $((dirs + 4)) 4)
[ "$edir" -ne 0 ] && [ "$esize" -ne 0 ] || exit 0   # no export table
[ "$nsections" -gt 0 ] || die "no section"
read -r -a sections <<<"$(od -An -v -t u4 --endian=little -j $((opt + optsize)) -N $((nsections * 40)) -- "$file" | tr '\n' ' ')"
[ "${#sections[@]}" -eq $((nsections * 10)) ] || die "truncated section table"

# Everything the table refers to must lie in the export directory's section; it is read once.
find_section "$edir"
size=$(wc -c <"$file")
[ $((sec_raw + sec_len)) -le "$size" ] || die "the export section goes past the end of the file"
od -An -v -t u1 -j "$sec_raw" -N "$sec_len" -- "$file" |
    awk -v va="$sec_va" -v edir="$edir" -v esize="$esize" -v fwd="$forwarders" -v file="$file" -v me="$me" '
    function fail(why) { printf "%s: %s: %s\n", me, file, why > "/dev/stderr"; bad = 1; exit 1 }
    function at(rva, n) { if (rva < va || rva + n > va + len) fail("RVA " rva " outside the export section"); return rva - va }
    function u16(rva,  o) { o = at(rva, 2); return b[o] + 256 * b[o + 1] }
    function u32(rva,  o) { o = at(rva, 4); return b[o] + 256 * (b[o + 1] + 256 * (b[o + 2] + 256 * b[o + 3])) }
    function str(rva,  o, s, c) {
        o = at(rva, 1); s = ""
        for (;;) {
            if (o >= len) fail("a name runs past the export section")
            c = b[o++]
            if (c == 0) return s
            if (c < 33 || c > 126) fail("a name holds byte " c)
            s = s sprintf("%c", c)
        }
    }
    { for (i = 1; i <= NF; i++) b[len++] = $i + 0 }
    END {
        if (bad) exit 1
        nfun = u32(edir + 20); nnames = u32(edir + 24)
        afun = u32(edir + 28); anames = u32(edir + 32); aord = u32(edir + 36)
        for (i = 0; i < nnames; i++) {
            name = str(u32(anames + 4 * i))
            ord = u16(aord + 2 * i)
            if (ord >= nfun) fail("name " name " has ordinal index " ord " of " nfun)
            target = u32(afun + 4 * ord)
            if (fwd && target >= edir && target < edir + esize) print name "\t" str(target)
            else print name
        }
    }'

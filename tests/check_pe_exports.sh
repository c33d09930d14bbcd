#!/usr/bin/env bash
# tools/pe-exports.sh (wct-wine's PE export reader, od and awk only) reads what objdump reads:
# for each DLL (PE32 and PE32+: Wine's advapi32 and kernel32 of each bitness that is installed,
# wct's own DLLs), the same exported names, their forwarders and the machine. objdump's text
# is parsed in both of its known formats (binutils 2.40: "[   0] Name"; 2.44, Debian 13:
# "[   0] +base[   1]  0000 Name"), and that parse is itself checked on both. Files that are
# not PE, or cut short, are refused with exit 1, never half-read.
# Usage: check_pe_exports.sh READER DLL...
set -euo pipefail
reader=$1; shift
objdump=x86_64-w64-mingw32-objdump
work=$(mktemp -d "${TMPDIR:-/tmp}/wct-pe-exports.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The names of objdump's [Ordinal/Name Pointer] Table, in either format.
objdump_names() {
    sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/{
        s/^[[:space:]]*\[ *[0-9]*\] +base\[ *[0-9]*\] *[0-9a-fA-F]* \{1,\}//p
        t
        s/^[[:space:]]*\[ *[0-9]*\] //p
    }'
}
# NAME<TAB>FORWARDER for each forwarded name: the Export Address Table's "[ idx] ...
# Forwarder RVA -- X" joined to the name table's "[ idx] ... Name" (2.40 and 2.44 alike).
objdump_forwarders() {
    awk '/^Export Address Table -- / { t = "eat"; next }
         /^\[Ordinal\/Name Pointer\] Table/ { t = "names"; next }
         /^$/ { t = "" }
         t != "" && match($0, /^[ \t]*\[ *[0-9]+\]/) {
             idx = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", idx); idx += 0
             if (t == "eat" && $0 ~ /Forwarder RVA -- /) { f = $0; sub(/.*Forwarder RVA -- /, "", f); fwd[idx] = f }
             if (t == "names" && (idx in fwd)) print $NF "\t" fwd[idx]
         }'
}
printf 'Export Address Table -- Ordinal Base 1\n\t[   0] 1234\n\t[   1] Forwarder RVA -- ntdll.A_SHAInit\n\n[Ordinal/Name Pointer] Table\n\t[   0] A_SHAFinal\n\t[   1] A_SHAInit\n\n' >"$work/2.40"
printf 'Export Address Table -- Ordinal Base 1\n\t[   0] +base[   1] 1234 Export RVA\n\t[   1] +base[   2] 5678 Forwarder RVA -- ntdll.A_SHAInit\n\n[Ordinal/Name Pointer] Table -- Ordinal Base 1\n        [Ordinal ] Hint Name\n\t[   0] +base[   1]  0000 A_SHAFinal\n\t[   1] +base[   2]  0001 A_SHAInit\n\n' >"$work/2.44"
for v in 2.40 2.44; do
    [ "$(objdump_names <"$work/$v" | paste -sd,)" = A_SHAFinal,A_SHAInit ] ||
        fail "objdump $v format not parsed: $(objdump_names <"$work/$v" | paste -sd,)"
    [ "$(objdump_forwarders <"$work/$v" | paste -sd,)" = "$(printf 'A_SHAInit\tntdll.A_SHAInit')" ] ||
        fail "objdump $v forwarders not parsed: $(objdump_forwarders <"$work/$v" | paste -sd,)"
done

checked=0
for dll in "$@"; do
    [ -f "$dll" ] || { echo "skip $dll (not there)"; continue; }
    table=$("$objdump" -p "$dll")
    bash "$reader" "$dll" | LC_ALL=C sort -u >"$work/ours"
    objdump_names <<<"$table" | LC_ALL=C sort -u >"$work/theirs"
    [ -s "$work/ours" ] || fail "$dll: no names read"
    diff "$work/theirs" "$work/ours" >"$work/diff" || { head "$work/diff"; fail "$dll: names differ from objdump's"; }
    # Each forwarded name with its forwarder, paired through the ordinal index that both
    # objdump tables print first: "NAME<TAB>TARGET", as the reader prints them.
    bash "$reader" -f "$dll" | grep "$(printf '\t')" | LC_ALL=C sort >"$work/ours" || true
    objdump_forwarders <<<"$table" | LC_ALL=C sort >"$work/theirs"
    diff "$work/theirs" "$work/ours" >"$work/diff" || { head "$work/diff"; fail "$dll: forwarders differ from objdump's"; }
    case $(sed -n 's/^.*file format //p' <<<"$table" | head -n 1) in
    pei-x86-64) want=x86_64 ;; pei-i386) want=i386 ;; *) want=unknown ;;
    esac
    [ "$(bash "$reader" -m "$dll")" = "$want" ] || fail "$dll: machine $(bash "$reader" -m "$dll"), objdump says $want"
    echo "$dll ($want): $(bash "$reader" "$dll" | wc -l) names, $(wc -l <"$work/ours") forwarders, as objdump"
    checked=$((checked + 1))
done
[ "$checked" -ge 2 ] || fail "fewer than two DLLs checked"

# Refusals: not PE, a PE cut short (the export table past the end).
printf 'MZ not a PE file' >"$work/bad.dll"
if bash "$reader" "$work/bad.dll" >/dev/null 2>"$work/err"; then fail "a non-PE file was read"; fi
grep -q 'not a PE file\|truncated' "$work/err" || fail "no reason given: $(cat "$work/err")"
head -c 4096 "$1" >"$work/cut.dll"
if bash "$reader" "$work/cut.dll" >"$work/out" 2>"$work/err"; then fail "a cut DLL was read ($(wc -l <"$work/out") names)"; fi
[ ! -s "$work/out" ] || fail "a cut DLL gave part of a table"
echo "refused: a non-PE file, and a DLL cut at 4 KiB ($(head -n 1 "$work/err"))"
echo "pe-exports.sh reads $checked DLLs as objdump does"

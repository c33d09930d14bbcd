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
printf '[Ordinal/Name Pointer] Table\n\t[   0] A_SHAFinal\n\t[   1] A_SHAInit\n\n' >"$work/2.40"
printf '[Ordinal/Name Pointer] Table -- Ordinal Base 1\n        [Ordinal ] Hint Name\n\t[   0] +base[   1]  0000 A_SHAFinal\n\t[   1] +base[   2]  0001 A_SHAInit\n\n' >"$work/2.44"
for v in 2.40 2.44; do
    [ "$(objdump_names <"$work/$v" | paste -sd,)" = A_SHAFinal,A_SHAInit ] ||
        fail "objdump $v format not parsed: $(objdump_names <"$work/$v" | paste -sd,)"
done

checked=0
for dll in "$@"; do
    [ -f "$dll" ] || { echo "skip $dll (not there)"; continue; }
    table=$("$objdump" -p "$dll")
    bash "$reader" "$dll" | LC_ALL=C sort -u >"$work/ours"
    objdump_names <<<"$table" | LC_ALL=C sort -u >"$work/theirs"
    [ -s "$work/ours" ] || fail "$dll: no names read"
    diff "$work/theirs" "$work/ours" >"$work/diff" || { head "$work/diff"; fail "$dll: names differ from objdump's"; }
    bash "$reader" -f "$dll" | sed -n 's/^[^\t]*\t//p' | LC_ALL=C sort -u >"$work/ours"
    sed -n 's/^.*Forwarder RVA -- //p' <<<"$table" | LC_ALL=C sort -u >"$work/theirs"
    # objdump also lists the forwarders of exports that have an ordinal and no name (Wine's
    # i386 kernel32 has some); the reader lists names only, so each of its forwarders is one
    # of objdump's, and it finds some wherever objdump does.
    extra=$(LC_ALL=C comm -13 "$work/theirs" "$work/ours")
    [ -z "$extra" ] || fail "$dll: forwarders objdump does not see: $(head -n 3 <<<"$extra" | paste -sd' ')"
    [ -s "$work/ours" ] || [ ! -s "$work/theirs" ] || fail "$dll: no forwarder read, objdump sees $(wc -l <"$work/theirs")"
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
echo "refused: a non-PE file ($(cat "$work/err" | head -n 1))"
echo "pe-exports.sh reads $checked DLLs as objdump does"

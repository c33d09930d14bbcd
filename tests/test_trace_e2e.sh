#!/usr/bin/env bash
# test_trace_e2e.sh BIN_DIR SRC_DIR - wct.dll traces through Wine's debug channel "wct":
# WINEDEBUG=+wct shows its lines in Wine's own format ("0024:trace:wct:Function ...", with
# the process id first under +pid), Wine's default classes (err, fixme) and -all show none,
# warn+wct none of the trace class, and WCT_DEBUG=1 (the alias) shows them even under -all.
# wctdump.exe's whole-system scan makes the calls (each one traced).
set -uo pipefail
bin_dir=$1
src_dir=$2
wine_run=$src_dir/tools/wine-run.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/wct-trace.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok:   $*"; }

# run NAME [VAR=VALUE...]: wctdump.exe's scan under that environment; its stderr in $work/NAME.
run() {
    local name=$1; shift
    (cd "$bin_dir" && env "$@" timeout 240 "$wine_run" ./wctdump.exe) > /dev/null 2> "$work/$name"
}

wine_line='^([0-9a-f]{4}:)?[0-9a-f]{4}:trace:wct:'

run on WINEDEBUG=+wct
if grep -Eq "${wine_line}OpenThreadWaitChainSession \(0, " "$work/on" \
   && grep -Eq "${wine_line}GetThreadWaitChain \(" "$work/on" \
   && grep -Eq "${wine_line}system_wct_choose implementation " "$work/on"; then
    pass "WINEDEBUG=+wct: trace lines in Wine's format"
else
    fail "WINEDEBUG=+wct: no trace line in Wine's format"; cat "$work/on"
fi
if grep ':wct:' "$work/on" | grep -Evq "$wine_line"; then
    fail "WINEDEBUG=+wct: a wct line not in Wine's format"; grep ':wct:' "$work/on" | head -5
fi

run pid WINEDEBUG=+pid,+wct
if grep -Eq '^[0-9a-f]{4}:[0-9a-f]{4}:trace:wct:OpenThreadWaitChainSession ' "$work/pid"; then
    pass "WINEDEBUG=+pid,+wct: Wine's header, process id first"
else
    fail "WINEDEBUG=+pid,+wct: no line with Wine's process id"; head -5 "$work/pid"
fi

for setting in -all err+all,fixme+all warn+wct; do
    run quiet WINEDEBUG=$setting
    if grep -q ':wct:' "$work/quiet"; then
        fail "WINEDEBUG=$setting: wct traced"; grep ':wct:' "$work/quiet" | head -5
    else
        pass "WINEDEBUG=$setting: no wct line"
    fi
done

run alias WINEDEBUG=-all WCT_DEBUG=1
if grep -Eq "${wine_line}OpenThreadWaitChainSession \(0, " "$work/alias"; then
    pass "WCT_DEBUG=1 under WINEDEBUG=-all: the trace, in Wine's format"
else
    fail "WCT_DEBUG=1: no trace line"; head -5 "$work/alias"
fi

[ $failures -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all passed"

#!/usr/bin/env bash
# End to end under Wine: wct_demo.exe sets up real hangs, wctdump.exe must report them as
# issue 4 says (the probe and walker of wct.dll do the work):
#   - the deadlock root's chain: 9 nodes, thread and object alternating, ThreadWait,
#     ThreadWait, CriticalSection (Owned), CriticalSection (Owned), the cs-a thread repeated,
#     marked *** DEADLOCK ***; exit status 2 (text, --json, --async, -t, whole system);
#   - the mutex waiter: Mutex Owned with the demo's mutex name (then the owner if the OS
#     reveals it: Wine does not);
#   - the join waiter: ThreadWait then the sleeping thread; the process waiter: ProcessWait;
#   - --flags: without WCT_OUT_OF_PROC_CS_FLAG the demo's critical sections (another
#     process than wctdump's) are not read, the chain stops at cs-a and no deadlock is seen;
#   - exit statuses 0 (a thread not in a deadlock), 1 (bad usage, no such pid/tid);
#   - issue 15: selection by name, descriptions, --watch (exit 2, 3, 0, seen times),
#     --stacks (the demo's own functions), --dot (Graphviz renders it, the cycle red).
# Usage: test_wctdump_e2e.sh BIN_DIR SOURCE_DIR
set -euo pipefail
bin_dir=$1 src_dir=$2
. "$src_dir/tests/demo_e2e.sh"

expect_status() {
    local name=$1 expected=$2
    if [ "$status" -eq "$expected" ]; then pass "$name: exit status $status"
    else fail "$name: exit status $status, expected $expected"; sed 's/^/    | /' "$work/$name.out" "$work/$name.err" | head -60
    fi
}

# chain_of FILE TID: the nodes of TID's chain in a text report, one per line, without the
# tree's indentation (the first line is the thread itself).
chain_of() {
    awk -v head="$demo_pid:$2" '
        /^  [0-9]/ { inside = ($1 == head) }
        /^Process / || /^$/ { inside = 0 }
        inside { sub(/^ *(`- )?/, ""); print }' "$1"
}

# check_nodes NAME ACTUAL_FILE EXPECTED_REGEX...: each line of the chain matches its regex.
check_nodes() {
    local name=$1 file=$2; shift 2
    local i=0 line
    local -a lines
    mapfile -t lines < "$file"
    if [ "${#lines[@]}" -ne "$#" ]; then
        fail "$name: ${#lines[@]} lines, expected $#"; sed 's/^/    | /' "$file"; return
    fi
    for pattern in "$@"; do
        line=${lines[$i]}
        if ! [[ $line =~ ^$pattern$ ]]; then
            fail "$name: node $i is '$line', expected /$pattern/"; sed 's/^/    | /' "$file"; return
        fi
        i=$((i + 1))
    done
    pass "$name: $# lines as expected"
}

start_demo_values() {
    start_demo
    root=$(demo_value 'deadlock-root tid'); join=$(demo_value 'deadlock-join tid')
    cs_a=$(demo_value 'deadlock-cs-a tid'); cs_b=$(demo_value 'deadlock-cs-b tid')
    mutex_owner=$(demo_value 'mutex-owner tid'); mutex_waiter=$(demo_value 'mutex-waiter tid')
    join_waiter=$(demo_value 'join-waiter tid'); join_target=$(demo_value 'join-target tid')
    process_waiter=$(demo_value 'process-waiter tid'); mutex_name=$(demo_value 'mutex name')
    echo "demo: pid $demo_pid, root $root, join $join, cs-a $cs_a, cs-b $cs_b, mutex $mutex_name"
}

check_deadlock_chain() {
    local name=$1 file=$2
    chain_of "$file" "$root" > "$work/$name.root"
    check_nodes "$name: deadlock root chain" "$work/$name.root" \
        "$demo_pid:$root Blocked( \"[^\"]*\")?" "ThreadWait [A-Za-z]+" "$demo_pid:$join Blocked( \"[^\"]*\")?" \
        "ThreadWait [A-Za-z]+" "$demo_pid:$cs_a Blocked( \"[^\"]*\")?" "CriticalSection Owned" \
        "$demo_pid:$cs_b Blocked( \"[^\"]*\")?" "CriticalSection Owned" "$demo_pid:$cs_a Blocked( \"[^\"]*\")?" \
        "\\*\\*\\* DEADLOCK \\*\\*\\* $demo_pid:$cs_a comes round again.*"
}

check_text_report() {
    local file=$work/text.out
    grep -q '\*\*\* DEADLOCK \*\*\*' "$file" && pass "text: deadlock marker" || fail "text: no deadlock marker"
    grep -q "^Process $demo_pid wct_demo.exe, " "$file" && pass "text: process header" || fail "text: no process header"
    check_deadlock_chain text "$file"
    chain_of "$file" "$cs_b" > "$work/text.cs_b"
    check_nodes "text: cs-b chain" "$work/text.cs_b" \
        "$demo_pid:$cs_b Blocked( \"[^\"]*\")?" "CriticalSection Owned" "$demo_pid:$cs_a Blocked( \"[^\"]*\")?" \
        "CriticalSection Owned" "$demo_pid:$cs_b Blocked( \"[^\"]*\")?" "\\*\\*\\* DEADLOCK \\*\\*\\*.*"
    chain_of "$file" "$mutex_waiter" > "$work/text.mutex"
    # Wine hides a mutex's owner: the chain ends at the mutex. Where the owner is known it
    # must be the right thread.
    if [ "$(wc -l < "$work/text.mutex")" -eq 3 ]; then
        check_nodes "text: mutex waiter chain" "$work/text.mutex" "$demo_pid:$mutex_waiter Blocked( \"[^\"]*\")?" \
            "Mutex Owned \".*$mutex_name\"" "$demo_pid:$mutex_owner Blocked( \"[^\"]*\")?"
    else
        check_nodes "text: mutex waiter chain" "$work/text.mutex" "$demo_pid:$mutex_waiter Blocked( \"[^\"]*\")?" \
            "Mutex Owned \".*$mutex_name\""
    fi
    chain_of "$file" "$join_waiter" > "$work/text.join"
    check_nodes "text: join waiter chain" "$work/text.join" "$demo_pid:$join_waiter Blocked( \"[^\"]*\")?" \
        "ThreadWait [A-Za-z]+" "$demo_pid:$join_target Blocked( \"[^\"]*\")?"
    chain_of "$file" "$process_waiter" > "$work/text.process"
    head -2 "$work/text.process" > "$work/text.process2"
    check_nodes "text: process waiter chain" "$work/text.process2" \
        "$demo_pid:$process_waiter Blocked( \"[^\"]*\")?" "ProcessWait [A-Za-z]+( \".*\")?"
}

json_valid() {
    if command -v python3 >/dev/null && python3 -c 'import json' 2>/dev/null; then
        python3 -m json.tool "$1" > /dev/null
    elif command -v jq >/dev/null; then
        jq . "$1" > /dev/null
    else
        echo "    (no python3 or jq: JSON syntax left to the unit test)"; return 0
    fi
}

# The nodes of TID's chain in the JSON report: its line, then one line per node.
json_chain_nodes() {
    awk -v tid="{\"tid\": $2," '
        index($0, tid) == 9 { inside = 1; print; next }
        inside && /"type"/ { print }
        inside && /\]/ { inside = 0 }' "$1"
}

check_json_report() {
    local file=$work/json.out
    json_valid "$file" && pass "json: well-formed" || fail "json: not well-formed"
    grep -q '"deadlock": true' "$file" && pass "json: deadlock true" || fail "json: no \"deadlock\": true"
    json_chain_nodes "$file" "$root" > "$work/json.root"
    check_nodes "json: deadlock root chain" "$work/json.root" \
        ".*\"error\": null, .*\"cycle\": true, \"truncated\": false, \"nodes\": \\[" \
        " *\\{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": $demo_pid, \"tid\": $root,.*" \
        " *\\{\"type\": \"ThreadWait\", .*" \
        " *\\{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": $demo_pid, \"tid\": $join,.*" \
        " *\\{\"type\": \"ThreadWait\", .*" \
        " *\\{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": $demo_pid, \"tid\": $cs_a,.*" \
        " *\\{\"type\": \"CriticalSection\", \"status\": \"Owned\", .*" \
        " *\\{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": $demo_pid, \"tid\": $cs_b,.*" \
        " *\\{\"type\": \"CriticalSection\", \"status\": \"Owned\", .*" \
        " *\\{\"type\": \"Thread\", \"status\": \"Blocked\", \"pid\": $demo_pid, \"tid\": $cs_a,.*\\](, \"description\": \"[^\"]*\")?\\},?"
    grep -q "{\"type\": \"Mutex\", \"status\": \"Owned\", \"name\": \".*$mutex_name\"}" "$file" \
        && pass "json: mutex node with its name" || fail "json: no Mutex node named $mutex_name"
}

start_demo_values

run_dump text -p "$demo_pid"
expect_status text 2
check_text_report

run_dump json --json -p "$demo_pid"
expect_status json 2
check_json_report

run_dump async --async -p "$demo_pid"
expect_status async 2
check_deadlock_chain async "$work/async.out"
grep -q '\*\*\* DEADLOCK \*\*\*' "$work/async.out" && pass "async: deadlock marker" || fail "async: no deadlock marker"

run_dump tid -t "$root"
expect_status tid 2
check_deadlock_chain tid "$work/tid.out"
[ "$(grep -c '^  [0-9]' "$work/tid.out")" -eq 1 ] && pass "tid: one chain" || fail "tid: more than one chain"

# The demo is another process than wctdump's: its critical sections are read only with
# WCT_OUT_OF_PROC_CS_FLAG. Without it the chain stops at cs-a, and no deadlock is seen;
# cs alone is enough (the whole cycle is inside the demo).
run_dump cs_only --flags cs -p "$demo_pid"
expect_status cs_only 2
check_deadlock_chain cs_only "$work/cs_only.out"
run_dump noflags --flags none -p "$demo_pid"
expect_status noflags 0
chain_of "$work/noflags.out" "$root" > "$work/noflags.root"
check_nodes "noflags: deadlock root chain" "$work/noflags.root" \
    "$demo_pid:$root Blocked( \"[^\"]*\")?" "ThreadWait [A-Za-z]+" "$demo_pid:$join Blocked( \"[^\"]*\")?" \
    "ThreadWait [A-Za-z]+" "$demo_pid:$cs_a Blocked( \"[^\"]*\")?"

run_dump all
expect_status all 2
grep -q "^Process $demo_pid wct_demo.exe" "$work/all.out" && pass "all: demo listed" || fail "all: demo not listed"

run_dump sleeper -t "$join_target"
expect_status sleeper 0
run_dump no_pid -p 0x7ffffff0
expect_status no_pid 1
grep -q 'no process with id' "$work/no_pid.err" && pass "no_pid: message" || fail "no_pid: no message"
run_dump no_tid -t 0x7ffffff0
expect_status no_tid 1
run_dump usage --no-such-option
expect_status usage 1
run_dump bad_flags --flags proc,bogus
expect_status bad_flags 1
run_dump help -h
expect_status help 0

# ---- issue 15: by name, over time, where in the code, as a picture ----
# By name (any case, .exe optional): the demo and its child, the thread descriptions.
run_dump name WCT_Demo
expect_status name 2
grep -q "^Process $demo_pid wct_demo.exe, " "$work/name.out" && pass "name: the demo selected" || fail "name: demo not listed"
[ "$(grep -c '^Process ' "$work/name.out")" -eq 2 ] && pass "name: the demo and its child, nothing else" \
    || { fail "name: not exactly 2 processes"; grep '^Process ' "$work/name.out"; }
grep -q "^  $demo_pid:$root Blocked \"deadlock-root\"\$" "$work/name.out" \
    && pass "name: thread description shown" || fail "name: no description for the root"
run_dump name_opt --name wct_demo.exe -p "$demo_pid"
expect_status name_opt 2
run_dump no_name --name no-such-program.exe
expect_status no_name 1
grep -q 'no process named no-such-program.exe' "$work/no_name.err" && pass "no_name: message" || fail "no_name: no message"

# --watch: the hang is found within its time, every wait of the demo with its seen time.
start=$(date +%s)
run_dump watch --watch 3 wct_demo.exe
elapsed=$(( $(date +%s) - start ))
expect_status watch 2
[ "$elapsed" -lt 30 ] && pass "watch: done in ${elapsed}s" || fail "watch: took ${elapsed}s"
grep -q '^Watched [3-9]\.[0-9] s ([0-9]* samples): ' "$work/watch.out" && pass "watch: header" || fail "watch: no header"
for tid in $root $join $cs_a $cs_b $mutex_waiter $join_waiter $process_waiter; do
    grep -q "^  $demo_pid:$tid Blocked.*, seen in this wait for [3-9]\.[0-9] s (at least)\$" "$work/watch.out" \
        || fail "watch: thread $tid not reported with a seen time of 3 s or more"
done
pass "watch: the 7 waits of the demo with their seen times"
grep -q "^  $demo_pid:$join_target " "$work/watch.out" && fail "watch: the sleeping thread reported (it waits on nothing)" \
    || pass "watch: a thread that waits on nothing is not a hang"
# A hang without a cycle: only the mutex waiter.
run_dump watch_hang --watch 2 -t "$mutex_waiter"
expect_status watch_hang 3
grep -q '^\*\*\* HANG \*\*\* 1 thread kept the same wait, no deadlock' "$work/watch_hang.out" \
    && pass "watch_hang: HANG line" || fail "watch_hang: no HANG line"
run_dump watch_none --watch 1 -t "$join_target"
expect_status watch_none 0

# --stacks: each blocked thread down to the demo's own function, read while it waited.
run_dump stacks --stacks -p "$demo_pid"
expect_status stacks 2
stack_of() {
    awk -v head="$demo_pid:$1" '
        /^  [0-9]/ { inside = ($1 == head) }
        inside && /^      #/ { print }' "$work/stacks.out"
}
check_stack() {
    local tid=$1 function=$2
    if stack_of "$tid" | grep -q "wct_demo\.exe+0x[0-9a-f]* $function+0x"; then
        pass "stacks: $tid in $function"
    else
        fail "stacks: $tid not in $function"; stack_of "$tid" | sed 's/^/    | /'
    fi
}
check_stack "$cs_a" take_locks_crosswise; check_stack "$cs_a" cs_a_proc
check_stack "$cs_b" take_locks_crosswise; check_stack "$cs_b" cs_b_proc
check_stack "$root" join_proc; check_stack "$join" join_proc
check_stack "$mutex_waiter" mutex_waiter_proc; check_stack "$mutex_owner" mutex_owner_proc
check_stack "$join_target" sleep_proc; check_stack "$process_waiter" join_proc
[ "$(grep -c '^    stack (read while the thread was in this wait):' "$work/stacks.out")" -ge 10 ] \
    && pass "stacks: read while in the wait" || fail "stacks: fewer than 10 current stacks"
run_dump stacks_json --json --stacks -t "$cs_a"
json_valid "$work/stacks_json.out" && pass "stacks_json: well-formed" || fail "stacks_json: not well-formed"
grep -q '"function": "take_locks_crosswise"' "$work/stacks_json.out" && pass "stacks_json: function" || fail "stacks_json: no function"

# --dot: Graphviz accepts it; the cycle's edges are red.
run_dump dot --dot -p "$demo_pid"
expect_status dot 2
if command -v dot >/dev/null; then
    dot -Tsvg "$work/dot.out" > "$work/dot.svg" 2> "$work/dot.err" && grep -q '<svg' "$work/dot.svg" \
        && pass "dot: Graphviz renders it" || { fail "dot: Graphviz refused it"; cat "$work/dot.err"; }
else
    fail "dot: Graphviz missing (tools/install-deps.sh installs it)"
fi
[ "$(grep -c -- "-> .*#d00000" "$work/dot.out")" -eq 4 ] && pass "dot: 4 red edges (the cycle)" || fail "dot: not 4 red edges"
grep -q "\"t${demo_pid}_${cs_a}\" \[label=\"$demo_pid:$cs_a\\\\ndeadlock-cs-a\\\\nBlocked\", color" "$work/dot.out" \
    && pass "dot: cs-a red with its description" || fail "dot: cs-a not red or without its description"

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"; exit 1
fi
echo "all checks passed"

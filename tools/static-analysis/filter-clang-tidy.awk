# Filters clang-tidy's output through clang-tidy-suppressions.txt.
# Variables: repo (the repository's top folder), suppressions (the list's path).
# Prints the diagnostics that remain (with their notes and source excerpts), then a last
# line "#wct-counts <remaining> <suppressed>" that run.sh reads.

function load_suppressions(    line, first, second) {
    count = 0
    while ((getline line < suppressions) > 0) {
        if (line ~ /^[ \t]*(#|$)/) continue
        first = index(line, ":")
        second = index(substr(line, first + 1), ":") + first
        count++
        s_check[count] = substr(line, 1, first - 1)
        s_path[count] = substr(line, first + 1, second - first - 1)
        s_text[count] = substr(line, second + 1)
    }
    close(suppressions)
}

# The text of line number n of file.
function source_line(file, n,    line, i) {
    i = 0
    while ((getline line < file) > 0)
        if (++i == n) break
    close(file)
    return i == n ? line : ""
}

# 1 when the diagnostic (file, line number, [checks]) is on the suppressions list.
function suppressed(file, n, checks,    rel, text, i) {
    rel = substr(file, 1, length(repo) + 1) == repo "/" ? substr(file, length(repo) + 2) : file
    text = ""
    for (i = 1; i <= count; i++) {
        if (rel != s_path[i] || index("," checks ",", "," s_check[i] ",") == 0) continue
        if (text == "") text = source_line(file, n)
        if (index(text, s_text[i]) > 0) return 1
    }
    return 0
}

BEGIN { load_suppressions(); remaining = 0; dropped = 0; hiding = 0 }

# A diagnostic's first line: path:line:col: warning|error: message [check,...]
match($0, /^[^ :][^:]*:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$/) {
    split($0, part, ":")
    checks = $0
    sub(/^.*\[/, "", checks)
    sub(/\]$/, "", checks)
    if (checks != "clang-diagnostic-error" && suppressed(part[1], part[2] + 0, checks)) {
        dropped++
        hiding = 1
        next
    }
    remaining++
    hiding = 0
    print
    next
}

# Other diagnostics (e.g. "error: unable to handle compilation") end any hidden block.
/^[^ :][^:]*:[0-9]+:[0-9]+: (warning|error|fatal error): / || /^(error|fatal error): / {
    remaining++
    hiding = 0
    print
    next
}

# Notes and source excerpts belong to the diagnostic above them.
!hiding { print }

END { print "#wct-counts " remaining " " dropped }

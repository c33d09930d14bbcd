#!/usr/bin/env bash
# Every relative link of the front page and of docs/*.md names a file that exists, and every
# #anchor one of the target's headings (GitHub's rule: lower case, punctuation dropped, spaces
# to hyphens). The README was split into docs/ pages (issue 22): a section that moves must take
# the links to it along. Links in code blocks and to other sites are not checked.
# Usage: check_doc_links.sh REPO
set -euo pipefail
repo=$(cd "$1" && pwd)
cd "$repo"

# The anchors of FILE's headings, one a line, outside code blocks.
anchors() {
    awk '/^```/ { code = !code; next } !code && /^#+ / { sub(/^#+ /, ""); print }' "$1" |
        tr 'A-Z' 'a-z' | sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}

# FILE's links, one a line, outside code blocks and inline code.
links() {
    awk '/^```/ { code = !code; next } !code { gsub(/`[^`]*`/, ""); print }' "$1" |
        grep -o '\](\([^)]*\))' | sed 's/^](//; s/)$//' || true
}

checked=0
bad=0
for page in README.md docs/*.md; do
    dir=$(dirname "$page")
    while IFS= read -r link; do
        case $link in http://*|https://*|mailto:*) continue ;; esac
        path=${link%%#*}
        anchor=
        [ "$path" = "$link" ] || anchor=${link#*#}
        target=$page
        [ -z "$path" ] || target=$dir/$path
        checked=$((checked + 1))
        if [ ! -e "$target" ]; then
            echo "$page: link to $link: no file $target"; bad=$((bad + 1)); continue
        fi
        if [ -n "$anchor" ] && ! anchors "$target" | grep -qxF "$anchor"; then
            echo "$page: link to $link: no heading #$anchor in $target"; bad=$((bad + 1))
        fi
    done < <(links "$page")
done
echo "$checked links checked, $bad broken"
[ "$bad" -eq 0 ]

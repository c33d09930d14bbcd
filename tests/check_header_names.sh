#!/usr/bin/env bash
# include/wct.h defines every name the SDK's <wct.h> defines: the macros, types, enumerators
# and functions of Wine's copy of the SDK header (libwine-dev) are each referenced by a small
# program compiled against ours alone, with both mingw-w64 compilers.
# Usage: check_header_names.sh REPO [WINE_WCT_H]
set -euo pipefail
repo=$1
wine_header=${2:-/usr/include/wine/wine/windows/wct.h}
[ -f "$wine_header" ] || { echo "no $wine_header: run tools/install-deps.sh" >&2; exit 1; }

# Names, by kind, from the SDK header (its include guard aside).
macros=$(sed -n 's/^#define[ \t]\+\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$wine_header" | grep -v '^__WINE')
enumerators=$(sed -n 's/^[ \t]*\(Wct[A-Za-z]*\)[ \t]*\(=[^,]*\)\?,\?[ \t]*$/\1/p' "$wine_header")
types=$(sed -n -e 's/^} *\([A-Za-z_][A-Za-z0-9_]*\)\(, *\*\([A-Za-z_][A-Za-z0-9_]*\)\)\?;.*/\1 \3/p' \
               -e 's/^typedef [^(]*[ *]\([A-Za-z_][A-Za-z0-9_]*\);.*/\1/p' \
               -e 's/^typedef [^(]*( *[A-Z]* *\*\([A-Za-z_][A-Za-z0-9_]*\)).*/\1/p' "$wine_header")
functions=$(sed -n 's/.*WINAPI[ \t]\+\([A-Za-z]*\)(.*/\1/p' "$wine_header")

count=0
program=$(
    echo '#include <windows.h>'
    echo '#include <wct.h>'
    for name in $macros; do printf '#ifndef %s\n#error "wct.h lacks the macro %s"\n#endif\n' "$name" "$name"; done
    for name in $types; do printf '%s *type_%s;\n' "$name" "$name"; done
    for name in $enumerators; do printf 'int enumerator_%s = %s;\n' "$name" "$name"; done
    for name in $functions; do printf 'void *function_%s = (void *)%s;\n' "$name" "$name"; done
)
count=$(( $(wc -w <<<"$macros $types $enumerators $functions") ))
[ "$count" -gt 40 ] || { echo "found only $count names in $wine_header: the parser needs a look" >&2; exit 1; }
for cc in x86_64-w64-mingw32-gcc i686-w64-mingw32-gcc; do
    $cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$repo/include" -x c - <<<"$program"
done
echo "include/wct.h defines all $count names of $wine_header ($(wc -w <<<"$macros") macros, $(wc -w <<<"$types") types, $(wc -w <<<"$enumerators") enumerators, $(wc -w <<<"$functions") functions)"

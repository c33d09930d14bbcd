#!/usr/bin/env bash
# include/wct.h has the documented layout on i686 too, and works after the toolchain's own
# <wct.h>: compiles tests/header_layout.h (static assertions) with both mingw-w64 compilers.
set -euo pipefail
repo=$1
for cc in i686-w64-mingw32-gcc x86_64-w64-mingw32-gcc; do
    echo '#include "header_layout.h"' |
        $cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$repo/include" -I"$repo/tests" -x c -
    printf '#include <windows.h>\n#include <../include/wct.h>\n#include <wct.h>\nint n = WCT_MAX_NODE_COUNT + WctSmbIoType + WCT_NETWORK_IO_FLAG;\n' |
        $cc -std=c11 -Wall -Wextra -Werror -fsyntax-only -I"$repo/include" -x c -
    echo "$cc: layout and constants OK"
done

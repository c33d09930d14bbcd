# --- tools/wct-wine for every user (issue 20 item 5, issue 22 items 3 and 4) ---
if(NOT CMAKE_SIZEOF_VOID_P EQUAL 8 OR NOT TARGET wct_prefix)
    return()
endif()
# The PE export reader against objdump, on Wine's DLLs of both bitnesses and wct's own.
wct_add_script_test(test_pe_exports check_pe_exports.sh "${PROJECT_SOURCE_DIR}/tools/pe-exports.sh"
    /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/advapi32.dll
    /usr/lib/i386-linux-gnu/wine/i386-windows/advapi32.dll
    /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/kernel32.dll
    /usr/lib/i386-linux-gnu/wine/i386-windows/kernel32.dll
    "$<TARGET_FILE:wct_prefix>" "$<TARGET_FILE:wct>"
    # Wine 10's, where a Debian 13 root is prepared (skipped when it is not there).
    /var/cache/wct/roots/trixie/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/advapi32.dll
    /var/cache/wct/roots/trixie/usr/lib/i386-linux-gnu/wine/i386-windows/advapi32.dll)
set_tests_properties(test_pe_exports PROPERTIES LABELS "build;host;prefix")
# Any Wine through WINE, a prefix still being made, concurrent runs (a path with a space).
wct_add_script_test(test_wct_wine_env check_wct_wine_env.sh "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_wct_wine_env PROPERTIES TIMEOUT 900 LABELS "prefix;wine;host")

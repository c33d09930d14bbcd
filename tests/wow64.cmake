# --- 32-bit (WoW64) targets of a 64-bit caller (issue 12) ---
# A 64-bit build only: helper_wow64.exe is a 32-bit program, built with the i686 mingw-w64
# compiler from this tree (a plain custom command: it needs nothing of the project), and the
# test asks wct's 64-bit probe, GetThreadWaitChain and wctdump.exe about its threads
# (src/probe/probe_wow64.c). The helper is started once; under emulated 32-bit code that
# alone takes about a minute, hence the timeout.
if(CMAKE_SIZEOF_VOID_P EQUAL 8)
    find_program(WCT_I686_CC NAMES i686-w64-mingw32-gcc)
    if(WCT_I686_CC)
        set(helper_wow64 "${PROJECT_BINARY_DIR}/bin/helper_wow64.exe")
        add_custom_command(OUTPUT "${helper_wow64}"
            COMMAND "${WCT_I686_CC}" -std=c11 -O2 -Wall -Wextra -Werror -static-libgcc
                    -o "${helper_wow64}" "${CMAKE_CURRENT_SOURCE_DIR}/helper_wow64.c"
            DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/helper_wow64.c"
            COMMENT "Building helper_wow64.exe (i686)")
        add_custom_target(helper_wow64 DEPENDS "${helper_wow64}")

        wct_add_cmocka_test(test_probe_wow64
            SOURCES test_probe_wow64.c probe_test_util.c
            LIBS wct wct_core
            LABELS probe wow64 TIMEOUT 900)
        # 77: every start of the helper ended by qemu where 32-bit code is emulated (the test says so).
        set_tests_properties(test_probe_wow64 PROPERTIES SKIP_RETURN_CODE 77)
        add_dependencies(test_probe_wow64 helper_wow64 wctdump)
    else()
        message(STATUS "i686-w64-mingw32-gcc not found: test_probe_wow64 is not built")
    endif()
endif()

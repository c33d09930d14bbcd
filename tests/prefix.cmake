# --- Wine prefix integration (issues 11, 12): tools/wct-wine on a fresh private prefix ---
# These run from the x86_64 tree (prefixes, wct-wine and wctdump.exe are 64-bit there).
if(NOT CMAKE_SIZEOF_VOID_P EQUAL 8)
    return()
endif()

# prefix_app.exe knows nothing of wct: the toolchain's stock headers, -ladvapi32 only.
add_executable(prefix_app prefix/prefix_app.c)
target_compile_options(prefix_app PRIVATE ${WCT_WARNINGS})
target_link_libraries(prefix_app PRIVATE advapi32)
target_link_options(prefix_app PRIVATE -static-libgcc)
if(TARGET wct_prefix)
    wct_add_script_test(test_prefix check_prefix.sh "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}")
    set_tests_properties(test_prefix PROPERTIES TIMEOUT 900 LABELS "prefix;wine")
    add_dependencies(prefix_app wct_prefix wctdump)
endif()
if(TARGET wct_prefix)
    wct_add_script_test(test_package check_package.sh "${PROJECT_BINARY_DIR}" "${WCT_I686_BUILD_DIR}")
    set_tests_properties(test_package PROPERTIES LABELS "prefix;install")
endif()
if(TARGET wct_prefix)
    wct_add_script_test(test_prefix_exports check_prefix_exports.sh "$<TARGET_FILE:wct_prefix>")
endif()

# 32-bit programs (issue 12): the same unmodified program built by the i686 compiler, and the
# i686 prefix DLL of the i686 tree (WCT_I686_BUILD_DIR; tools/test.sh builds build/i686).
find_program(WCT_I686_CC i686-w64-mingw32-gcc)
if(TARGET wct_prefix AND WCT_I686_CC)
    set(prefix_app32 "${PROJECT_BINARY_DIR}/bin/prefix_app32.exe")
    add_custom_command(OUTPUT "${prefix_app32}"
        COMMAND "${WCT_I686_CC}" -O2 ${WCT_WARNINGS} -static-libgcc
                "${CMAKE_CURRENT_SOURCE_DIR}/prefix/prefix_app.c" -o "${prefix_app32}" -ladvapi32
        DEPENDS prefix/prefix_app.c
        COMMENT "Building prefix_app32.exe (i686)")
    add_custom_target(prefix_app32 ALL DEPENDS "${prefix_app32}")
    wct_add_script_test(test_prefix32_exports check_prefix_exports.sh
        "${WCT_I686_BUILD_DIR}/prefix/advapi32.dll")
    set_tests_properties(test_prefix32_exports PROPERTIES LABELS "build;prefix")
    wct_add_script_test(test_prefix32 check_prefix32.sh
        "${PROJECT_BINARY_DIR}" "${PROJECT_SOURCE_DIR}" "${WCT_I686_BUILD_DIR}")
    set_tests_properties(test_prefix32 PROPERTIES TIMEOUT 900 LABELS "prefix;wine")
endif()

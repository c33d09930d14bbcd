# --- The system's WCT or wct's own (issue 14) ---
# wct_system_double.dll plays a working system WCT (system_double.h); wct_with_double.dll is
# wct built for the tests, whose system WCT is that double, looked for beside it, instead of
# advapi32.dll (a build-time switch: no shipped DLL can be pointed elsewhere).
add_library(wct_system_double SHARED system_double.c)
target_compile_options(wct_system_double PRIVATE ${WCT_WARNINGS})
target_include_directories(wct_system_double PRIVATE
    "${CMAKE_CURRENT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/include")
target_link_options(wct_system_double PRIVATE -static-libgcc)
set_target_properties(wct_system_double PROPERTIES PREFIX "")

set(with_double_def "${CMAKE_CURRENT_BINARY_DIR}/wct_with_double.def")
if(CMAKE_SIZEOF_VOID_P EQUAL 4)
    file(WRITE "${with_double_def}" "LIBRARY wct_with_double.dll\nEXPORTS\n"
        "    CloseThreadWaitChainSession@4\n    GetThreadWaitChain@28\n"
        "    OpenThreadWaitChainSession@8\n    RegisterWaitChainCOMCallback@8\n"
        "    WctGetImplementation@0\n")
    target_link_options(wct_system_double PRIVATE -Wl,--kill-at)
else()
    file(WRITE "${with_double_def}" "LIBRARY wct_with_double.dll\nEXPORTS\n"
        "    CloseThreadWaitChainSession\n    GetThreadWaitChain\n"
        "    OpenThreadWaitChainSession\n    RegisterWaitChainCOMCallback\n"
        "    WctGetImplementation\n")
endif()
add_library(wct_with_double SHARED "${PROJECT_SOURCE_DIR}/src/wct_api.c"
    "${PROJECT_SOURCE_DIR}/src/dllmain.c" "${PROJECT_SOURCE_DIR}/src/system_wct.c"
    "${with_double_def}")
wct_use_wine_headers(wct_with_double)
target_compile_definitions(wct_with_double PRIVATE
    WCT_SYSTEM_DLL="wct_system_double.dll" WCT_SYSTEM_DLL_BESIDE)
target_link_libraries(wct_with_double PRIVATE wct_core)
target_link_options(wct_with_double PRIVATE -static-libgcc)
if(CMAKE_SIZEOF_VOID_P EQUAL 4)
    target_link_options(wct_with_double PRIVATE -Wl,--kill-at)
endif()
set_target_properties(wct_with_double PROPERTIES PREFIX "")

# Loads the DLLs itself (which is loaded first is each case's); each case in a child.
wct_add_cmocka_test(test_implementation
    SOURCES test_implementation.c session_test_util.c
    LABELS sessions TIMEOUT 300)
target_include_directories(test_implementation PRIVATE "${PROJECT_SOURCE_DIR}/include")
add_dependencies(test_implementation wct wct_with_double wct_system_double wctdump)

# The Windows smoke program (examples/compare_wct.c), once under Wine: the system's WCT is
# Wine's stub there, wct's own finds the critical-section deadlock.
add_test(NAME example_compare_wct COMMAND compare_wct)
set_tests_properties(example_compare_wct PROPERTIES TIMEOUT 180 LABELS "unit;sessions"
    PASS_REGULAR_EXPRESSION "summary: system=unavailable\\(error 50\\) builtin=deadlock")

# --- Reliability (issue 6, points 2-4) ---
# Static analysis of src/, the API fuzz test and the soak, all under the default test
# preset except the long soak (label `soak`, excluded there; run it with `ctest -L '^soak$'`).

# Static analysis: tools/static-analysis/run.sh over src/, with this build tree's compile
# database (the library's exact flags: Wine's headers, -nostdinc). The library's targets
# export their compile commands even when the tree was configured without
# CMAKE_EXPORT_COMPILE_COMMANDS.
foreach(wct_analysed_target IN ITEMS wct_core wct)
    if(TARGET ${wct_analysed_target})
        set_property(TARGET ${wct_analysed_target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
    endif()
endforeach()
wct_add_script_test(test_static_analysis ../tools/static-analysis/run.sh "${PROJECT_BINARY_DIR}")
set_tests_properties(test_static_analysis PROPERTIES LABELS "static" TIMEOUT 600)

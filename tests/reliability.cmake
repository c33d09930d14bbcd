# --- Reliability (issue 6, points 2-5; docs/reliability.md) ---
# Static analysis of src/, the API fuzz test and the soak, all under the default test
# preset except the long soak (label `soak`, excluded there; run it with `ctest -L '^soak$'`).

# Static analysis: tools/static-analysis/run.sh over src/, with this build tree's compile
# database (the library's exact flags: Wine's headers, -nostdinc). The library's targets
# export their compile commands even when the tree was configured without
# CMAKE_EXPORT_COMPILE_COMMANDS.
foreach(wct_analysed_target IN ITEMS wct_core wct wct_prefix)
    if(TARGET ${wct_analysed_target})
        set_property(TARGET ${wct_analysed_target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
    endif()
endforeach()
wct_add_script_test(test_static_analysis ../tools/static-analysis/run.sh "${PROJECT_BINARY_DIR}")
set_tests_properties(test_static_analysis PROPERTIES LABELS "static" TIMEOUT 600)

# API fuzz: random open/get/close sequences against the documented contract. About 20 s
# under Wine with the default WCT_FUZZ_ITERATIONS; the seed is printed, WCT_FUZZ_SEED
# replays it.
wct_add_cmocka_test(test_api_fuzz
    SOURCES test_api_fuzz.c fuzz_prng.c fuzz_targets.c request_ledger.c wct_contract.c
            watchdog.c
    LIBS wct LABELS "fuzz;reliability" TIMEOUT 300)

# Soak: 8 threads of open/get/close against target threads that come and go; then the
# handle count, the private memory and the callbacks are checked. One program, two tests:
#   test_soak     label `soak` only, excluded by the default test preset: 10 minutes unless
#                 WCT_SOAK_SECONDS says otherwise, e.g.
#                 WCT_SOAK_SECONDS=3600 ctest --test-dir build/x86_64 -L '^soak$'
#   test_soak_ci  label `soak-ci`, 2 minutes (its own WCT_SOAK_SECONDS), in the default run.
wct_add_cmocka_test(test_soak
    SOURCES test_soak.c soak_churn.c process_usage.c fuzz_prng.c fuzz_targets.c
            request_ledger.c wct_contract.c watchdog.c
    LIBS wct psapi TIMEOUT 86400)
# RUN_SERIAL: the soak keeps both cores and wineserver busy; alone, it neither slows other
# tests into their timeouts nor is slowed into its own.
set_tests_properties(test_soak PROPERTIES LABELS "soak" RUN_SERIAL TRUE)
add_test(NAME test_soak_ci COMMAND test_soak)
set_tests_properties(test_soak_ci PROPERTIES LABELS "soak-ci" TIMEOUT 600 RUN_SERIAL TRUE
    ENVIRONMENT "WCT_SOAK_SECONDS=120")

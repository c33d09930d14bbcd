# --- Chain walker (issue 4) ---
# The walker against a CMocka-mocked probe, on the test thread.
wct_add_cmocka_test(test_chain_walker
    SOURCES test_chain_walker.c fake_probe.c
    LIBS wct_core
    LABELS walker)

# --- The walker natively under ASan/UBSan, and its fuzzer (issue 6, point 1) ---
# tests/native is a separate, host-compiled project; this runs it as CI does: build with
# clang (and gcc), unit tests, then fuzzing for WCT_NATIVE_FUZZ_SECONDS. 0 leaves it out.
# Longer runs by hand: tests/native/run.sh 3600.
set(WCT_NATIVE_FUZZ_SECONDS 60 CACHE STRING
    "Seconds the walker fuzzer runs in the CTest test test_walker_native_fuzz (0: no test)")
if(WCT_NATIVE_FUZZ_SECONDS GREATER 0)
    wct_add_script_test(test_walker_native_fuzz native/run.sh ${WCT_NATIVE_FUZZ_SECONDS})
    math(EXPR wct_native_timeout "${WCT_NATIVE_FUZZ_SECONDS} + 300")
    set_tests_properties(test_walker_native_fuzz PROPERTIES
        LABELS "walker;native;fuzz"
        TIMEOUT ${wct_native_timeout}
        SKIP_RETURN_CODE 77
        # Each build tree fuzzes in its own folder, with its own corpus.
        ENVIRONMENT "WCT_NATIVE_BUILD=${PROJECT_BINARY_DIR}/native")
endif()

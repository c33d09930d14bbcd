# --- Chain walker (issue 4) ---
# The walker against a CMocka-mocked probe, on the test thread. The native ASan/UBSan build
# and the fuzzer live in tests/native (a separate, host-compiled project: tests/native/run.sh).
wct_add_cmocka_test(test_chain_walker
    SOURCES test_chain_walker.c fake_probe.c
    LIBS wct_core
    LABELS walker)

# --- Handle-value reuse under churn (issue 9, item 4): the probe never fabricates an edge ---
# One program: a waiter whose waited handle values are closed and reused by decoys all the
# time, inspected through probe_win_ops (linked with wct_core) in its own process and, run
# again as its own child (--churn-child), in another one. About 45 s: four tests of
# WCT_CHURN_SECONDS (10) each.
wct_add_cmocka_test(test_probe_churn
    SOURCES test_probe_churn.c churn_world.c watchdog.c probe_test_util.c
    LIBS wct_core
    LABELS "safety;probe" TIMEOUT 180)
# RUN_SERIAL: the churners keep both cores and wineserver busy; alone, the test does not
# slow other tests into their timeouts. How often the race shows depends on the load: a
# pass is evidence, test_probe_churn_aba the proof.
set_tests_properties(test_probe_churn PROPERTIES RUN_SERIAL TRUE)

# The same race made certain with the walk's test seam: a waited value goes to a decoy while
# the probe resolves it and comes back to the very same wait before the confirmation.
# Built like the library, against Wine's headers, to reach the seam.
wct_add_cmocka_test(test_probe_churn_aba
    SOURCES test_probe_churn_aba.c
    LIBS wct_core
    LABELS "safety;probe" TIMEOUT 120)
wct_use_wine_headers(test_probe_churn_aba)

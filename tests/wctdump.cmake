# --- wctdump and the demo program (issue 5) ---
# Unit tests link wctdump_core (options, names, formats, summary) without running main.
wct_add_cmocka_test(test_wctdump_options SOURCES test_wctdump_options.c LIBS wctdump_core)
wct_add_cmocka_test(test_wctdump_format SOURCES test_wctdump_format.c json_check.c LIBS wctdump_core)
wct_add_cmocka_test(test_wctdump_watch SOURCES test_wctdump_watch.c LIBS wctdump_core)
# End to end under Wine: wct_demo.exe hangs, wctdump.exe must find what it set up.
wct_add_script_test(test_wctdump_e2e test_wctdump_e2e.sh
    "$<TARGET_FILE_DIR:wctdump>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_wctdump_e2e PROPERTIES LABELS "e2e;wine")
# The scan (query.c: sequential, parallel) and its progress line against a WCT double.
wct_add_cmocka_test(test_wctdump_query SOURCES test_wctdump_query.c
    ../tools/wctdump/query.c ../tools/wctdump/progress.c LIBS wctdump_core)
# The scan on wctdump's own threads prints what the scan in order prints (the demo's waits).
wct_add_script_test(test_wctdump_scan_e2e test_wctdump_scan_e2e.sh
    "$<TARGET_FILE_DIR:wctdump>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_wctdump_scan_e2e PROPERTIES LABELS "e2e;wine")
# wct.dll's trace through Wine's debug channel wct (WINEDEBUG=+wct; WCT_DEBUG=1 its alias).
wct_add_script_test(test_trace_e2e test_trace_e2e.sh
    "$<TARGET_FILE_DIR:wctdump>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_trace_e2e PROPERTIES LABELS "e2e;wine")
# Selection by image names outside ASCII (Latin-1, Cyrillic, outside the BMP) from a real
# command line: wctdump.exe reads it wide (wmain).
wct_add_script_test(test_wctdump_names_e2e test_wctdump_names_e2e.sh
    "$<TARGET_FILE_DIR:wctdump>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_wctdump_names_e2e PROPERTIES LABELS "e2e;wine")

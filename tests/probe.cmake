# --- The OS probe (issue 4): src/probe_*.c against real threads and a real child process ---
# Each test program calls probe_win_ops.inspect_thread directly (linked with wct_core).

wct_add_cmocka_test(test_probe_thread
    SOURCES test_probe_thread.c probe_test_util.c
    LIBS wct_core
    LABELS probe TIMEOUT 120)

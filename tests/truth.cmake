# --- Truth under motion (issue 21) ---
# No IsCycle for a cycle that never held at one time: two threads crossing two critical
# sections without ever deadlocking, thousands of walks.
wct_add_cmocka_test(test_false_cycles SOURCES test_false_cycles.c LIBS wct LABELS chains TIMEOUT 180)

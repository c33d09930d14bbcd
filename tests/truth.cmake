# --- Truth under motion (issue 21) ---
# No IsCycle for a cycle that never held at one time: two threads crossing two critical
# sections without ever deadlocking, thousands of walks.
wct_add_cmocka_test(test_false_cycles SOURCES test_false_cycles.c LIBS wct LABELS chains TIMEOUT 180)
# A thread in any system call that waits is Blocked (LockFileEx, ReadDirectoryChangesW,
# WaitForDebugEvent, recv, connect); a spinning or yielding thread never is.
wct_add_cmocka_test(test_probe_syscalls SOURCES test_probe_syscalls.c LIBS wct ws2_32 LABELS probe TIMEOUT 180)

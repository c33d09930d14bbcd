# --- Truth under motion (issue 21) ---
# No IsCycle for a cycle that never held at one time: two threads crossing two critical
# sections without ever deadlocking, thousands of walks.
wct_add_cmocka_test(test_false_cycles SOURCES test_false_cycles.c LIBS wct LABELS chains TIMEOUT 180)
# A thread in any system call that waits is Blocked (LockFileEx, ReadDirectoryChangesW,
# WaitForDebugEvent, recv, connect); a spinning or yielding thread never is.
wct_add_cmocka_test(test_probe_syscalls SOURCES test_probe_syscalls.c LIBS wct ws2_32 LABELS probe TIMEOUT 180)
# No exception raised by wct's reads reaches the program's own vectored handler, first in
# line, while another thread changes the protection of a waiter's handle array.
wct_add_cmocka_test(test_probe_exceptions SOURCES test_probe_exceptions.c LIBS wct LABELS probe TIMEOUT 120)
# A program that returns from main while its threads are inside WCT calls (synchronous and
# asynchronous, one shared session and one each, callbacks running) exits promptly: 160
# such programs (WCT_EXIT_RUNS x 4 modes), half of them under CPU load, each within 30 s.
wct_add_cmocka_test(test_exit_in_flight SOURCES test_exit_in_flight.c LIBS wct LABELS sessions TIMEOUT 900)
# wct's memory comes from a heap of its own (a thread ended at exit leaves no lock of the
# program's process heap held).
wct_add_cmocka_test(test_wct_heap SOURCES test_wct_heap.c LIBS wct_core LABELS sessions TIMEOUT 60)
target_include_directories(test_wct_heap PRIVATE ${PROJECT_SOURCE_DIR}/src)

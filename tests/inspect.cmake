# --- Inspecting does no harm (issue 9): inspectors never freeze each other or their targets ---

# Threads (and two processes) that inspect each other, and an inspector sampled by a
# profiler, all keep running and none is left suspended. Runs itself as its own second
# process (--child).
wct_add_cmocka_test(test_inspect_mutual
    SOURCES test_inspect_mutual.c session_test_util.c
    LIBS wct LABELS "safety;sessions" TIMEOUT 180)

# wctdump.exe killed at random moments, and two wctdump.exe scanning everything at once,
# leave no hang and no thread suspended in the prefix. inspect_target.exe is the process
# they scan (32 threads blocked in different ways); inspect_suspended.exe counts the
# threads left suspended. All three programs land in the one bin folder, wctdump.exe's.
add_executable(inspect_target inspect_target.c)
target_compile_options(inspect_target PRIVATE ${WCT_WARNINGS})
target_link_libraries(inspect_target PRIVATE user32)
target_link_options(inspect_target PRIVATE -static-libgcc)
add_executable(inspect_suspended inspect_suspended.c)
target_compile_options(inspect_suspended PRIVATE ${WCT_WARNINGS})
target_link_options(inspect_suspended PRIVATE -static-libgcc)
wct_add_script_test(test_inspect_killed test_inspect_killed.sh
    "$<TARGET_FILE_DIR:wctdump>" "${PROJECT_SOURCE_DIR}")
set_tests_properties(test_inspect_killed PROPERTIES LABELS "safety;wine" TIMEOUT 600)

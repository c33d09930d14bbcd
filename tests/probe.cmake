# --- The OS probe (issue 4): src/probe_*.c against real threads and a real child process ---
# Each test program calls probe_win_ops.inspect_thread directly (linked with wct_core).

wct_add_cmocka_test(test_probe_thread
    SOURCES test_probe_thread.c probe_test_util.c
    LIBS wct_core
    LABELS probe TIMEOUT 120)

# The second process of the cross-process cases (tests start it next to themselves).
add_executable(helper_child helper_child.c)
target_compile_options(helper_child PRIVATE ${WCT_WARNINGS})
target_link_options(helper_child PRIVATE -static-libgcc)

wct_add_cmocka_test(test_probe_objects
    SOURCES test_probe_objects.c probe_test_util.c
    LIBS wct_core
    LABELS probe TIMEOUT 120)
add_dependencies(test_probe_objects helper_child)

wct_add_cmocka_test(test_probe_critsec
    SOURCES test_probe_critsec.c probe_test_util.c
    LIBS wct_core synchronization
    LABELS probe TIMEOUT 120)

wct_add_cmocka_test(test_probe_message
    SOURCES test_probe_message.c probe_test_util.c
    LIBS wct_core user32
    LABELS probe TIMEOUT 120)

wct_add_cmocka_test(test_probe_process
    SOURCES test_probe_process.c probe_test_util.c
    LIBS wct_core
    LABELS probe TIMEOUT 180)
add_dependencies(test_probe_process helper_child)

# The Wine behaviours the probe relies on, one test each (skipped on Windows). Built like
# the library, against Wine's headers, as it reads NT structures.
wct_add_cmocka_test(test_wine_facts
    SOURCES test_wine_facts.c
    LIBS wct_core user32
    LABELS probe TIMEOUT 120)
wct_use_wine_headers(test_wine_facts)

# An edge made false between the analysis and the re-validation is dropped (the walk
# context's test seam; built against Wine's headers to reach it).
wct_add_cmocka_test(test_probe_revalidate
    SOURCES test_probe_revalidate.c
    LIBS wct_core
    LABELS probe TIMEOUT 120)
wct_use_wine_headers(test_probe_revalidate)

# A session's cache of threads (issue 13): held, bounded, dropped, emptied on Close.
wct_add_cmocka_test(test_probe_cache
    SOURCES test_probe_cache.c
    LIBS wct
    LABELS probe TIMEOUT 180)
target_include_directories(test_probe_cache PRIVATE ${PROJECT_SOURCE_DIR}/src
                           ${PROJECT_SOURCE_DIR}/src/probe)

# Reading the caller's own memory (issues 13, 21): never a crash, never an exception raised.
wct_add_cmocka_test(test_probe_memory
    SOURCES test_probe_memory.c
    LIBS wct_core
    LABELS probe TIMEOUT 60)
wct_use_wine_headers(test_probe_memory)

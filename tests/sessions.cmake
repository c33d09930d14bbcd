# --- Sessions and the asynchronous engine (issue 3) ---
# Internals (table, pool, engine) link wct_core; the API tests go through wct.dll's exports.

wct_add_cmocka_test(test_session_table
    SOURCES test_session_table.c session_test_util.c
    LIBS wct_core LABELS sessions TIMEOUT 120)
wct_add_cmocka_test(test_worker_pool
    SOURCES test_worker_pool.c session_test_util.c
    LIBS wct_core LABELS sessions TIMEOUT 120)
wct_add_cmocka_test(test_session_ops
    SOURCES test_session_ops.c session_test_util.c
    LIBS wct_core LABELS sessions TIMEOUT 120)
wct_add_cmocka_test(test_stress
    SOURCES test_stress.c stress_cycles.c session_test_util.c
    LIBS wct_core LABELS sessions TIMEOUT 120)

# Through wct.dll's exports, with the real walker and probe.
wct_add_cmocka_test(test_api_contract
    SOURCES test_api_contract.c session_test_util.c
    LIBS wct LABELS sessions TIMEOUT 120)
wct_add_cmocka_test(test_async
    SOURCES test_async.c stress_cycles.c session_test_util.c
    LIBS wct LABELS sessions TIMEOUT 120)

# Loads wct.dll itself (LoadLibrary), so FreeLibrary can unload it.
wct_add_cmocka_test(test_unload
    SOURCES test_unload.c session_test_util.c
    LABELS sessions TIMEOUT 120)
add_dependencies(test_unload wct)
target_include_directories(test_unload PRIVATE "${PROJECT_SOURCE_DIR}/include")

# Issue 10's contract seams through wct.dll: bad output buffers, mutual Close from callbacks.
wct_add_cmocka_test(test_contract_edges
    SOURCES test_contract_edges.c session_test_util.c
    LIBS wct LABELS sessions TIMEOUT 120)

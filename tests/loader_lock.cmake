# --- The loader lock (issue 9): no WCT call waits for it ---
# test_loader_lock runs each case in a child process (itself with --case NAME, or
# loader_lock_nolink) while one thread holds the loader lock (LdrLockLoaderLock from ntdll,
# or a DllMain of loader_lock_dll that blocks).

# The DLL whose DllMain blocks, counts thread attaches, and closes a session at process
# exit; named loader_lock_dll.dll beside the tests (no "lib" prefix).
add_library(loader_lock_dll SHARED loader_lock_dll.c)
target_compile_options(loader_lock_dll PRIVATE ${WCT_WARNINGS})
target_include_directories(loader_lock_dll PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
target_link_libraries(loader_lock_dll PRIVATE wct)
# --kill-at: its exports by their plain names on i686 too, where __stdcall decorates them
# (loader_lock_dll_thread_attaches@0), so GetProcAddress finds the names the test asks for.
target_link_options(loader_lock_dll PRIVATE -static-libgcc -Wl,--kill-at)
set_target_properties(loader_lock_dll PROPERTIES PREFIX "")

# The FreeLibrary case: a program that loads wct.dll itself instead of linking it.
add_executable(loader_lock_nolink loader_lock_nolink.c loader_lock_util.c)
target_compile_options(loader_lock_nolink PRIVATE ${WCT_WARNINGS})
target_include_directories(loader_lock_nolink PRIVATE
    "${CMAKE_CURRENT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/include")
target_link_libraries(loader_lock_nolink PRIVATE ntdll)
target_link_options(loader_lock_nolink PRIVATE -static-libgcc)
add_dependencies(loader_lock_nolink wct)

wct_add_cmocka_test(test_loader_lock
    SOURCES test_loader_lock.c loader_lock_util.c session_test_util.c
    LIBS wct ntdll
    LABELS safety sessions TIMEOUT 240)
add_dependencies(test_loader_lock loader_lock_dll loader_lock_nolink)

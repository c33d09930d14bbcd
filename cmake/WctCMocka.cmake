# Builds CMocka for the target (mingw-w64) from Debian's cmocka source package, once, into
# the build tree, and provides it as the imported target cmocka::cmocka.
# The source tarball is fetched by tools/install-deps.sh into WCT_DEPS_DIR: the release's own
# or another Debian release's (1.1.5 on Debian 12, 1.1.7 on Debian 13); either builds the same.

set(WCT_CMOCKA_ROOT "${CMAKE_BINARY_DIR}/_deps/cmocka")
set(WCT_CMOCKA_PREFIX "${WCT_CMOCKA_ROOT}/install")
set(WCT_CMOCKA_LIBRARY "${WCT_CMOCKA_PREFIX}/lib/libcmocka-static.a")

function(wct_build_cmocka)
    file(GLOB tarballs "${WCT_DEPS_DIR}/cmocka_*.orig.tar.*")
    list(FILTER tarballs EXCLUDE REGEX "\\.asc$")
    if(NOT tarballs)
        message(FATAL_ERROR "CMocka's source is not in ${WCT_DEPS_DIR}: run "
            "tools/install-deps.sh first (or configure with -DWCT_BUILD_TESTS=OFF)")
    endif()
    list(SORT tarballs COMPARE NATURAL)
    list(GET tarballs -1 tarball)
    message(STATUS "Building CMocka for ${CMAKE_SYSTEM_PROCESSOR} from ${tarball}")

    file(REMOVE_RECURSE "${WCT_CMOCKA_ROOT}")
    file(MAKE_DIRECTORY "${WCT_CMOCKA_ROOT}")
    file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${WCT_CMOCKA_ROOT}/src")
    file(GLOB source_dir LIST_DIRECTORIES true "${WCT_CMOCKA_ROOT}/src/cmocka-*")

    set(log "${WCT_CMOCKA_ROOT}/build.log")
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -S "${source_dir}" -B "${WCT_CMOCKA_ROOT}/build"
                -G "${CMAKE_GENERATOR}"
                "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}"
                -DCMAKE_BUILD_TYPE=Release
                "-DCMAKE_INSTALL_PREFIX=${WCT_CMOCKA_PREFIX}"
                -DWITH_STATIC_LIB=ON -DUNIT_TESTING=OFF -DWITH_EXAMPLES=OFF
        OUTPUT_FILE "${log}" ERROR_FILE "${log}" RESULT_VARIABLE failed)
    if(NOT failed)
        execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WCT_CMOCKA_ROOT}/build" --target install
            OUTPUT_FILE "${log}" ERROR_FILE "${log}" RESULT_VARIABLE failed)
    endif()
    if(failed OR NOT EXISTS "${WCT_CMOCKA_LIBRARY}")
        message(FATAL_ERROR "Building CMocka failed; see ${log}")
    endif()
endfunction()

if(NOT EXISTS "${WCT_CMOCKA_LIBRARY}")
    wct_build_cmocka()
endif()

add_library(cmocka::cmocka STATIC IMPORTED GLOBAL)
set_target_properties(cmocka::cmocka PROPERTIES
    IMPORTED_LOCATION "${WCT_CMOCKA_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${WCT_CMOCKA_PREFIX}/include")

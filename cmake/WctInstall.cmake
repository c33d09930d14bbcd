# cmake --install: wct.dll, libwct.dll.a, wct.lib, include/wct.h, a CMake package
# (find_package(wct) -> wct::wct) and a pkg-config file (wct.pc).

include(CMakePackageConfigHelpers)

install(TARGETS wct EXPORT wctTargets
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
    LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
    ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(FILES "${PROJECT_BINARY_DIR}/src/wct.lib" DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/include/wct.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

set(wct_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/wct")
install(EXPORT wctTargets NAMESPACE wct:: DESTINATION "${wct_cmake_dir}")
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/wctConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/wctConfig.cmake" INSTALL_DESTINATION "${wct_cmake_dir}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/wctConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/wctConfig.cmake" "${PROJECT_BINARY_DIR}/wctConfigVersion.cmake"
    DESTINATION "${wct_cmake_dir}")

configure_file("${CMAKE_CURRENT_LIST_DIR}/wct.pc.in" "${PROJECT_BINARY_DIR}/wct.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/wct.pc" DESTINATION "lib/pkgconfig")

# For Wine users (tools/wct-wine): the prefix variant of the library, wctdump.exe and the
# wct.dll it runs on, in share/wct/<arch>/, and the command in bin/ (component "wine"). The
# i686 prefix DLL (32-bit programs) goes to share/wct/i686/: from the i686 tree's own install,
# and from the x86_64 tree's when WCT_I686_BUILD_DIR has been built, so that one install
# (and the package) carries both.
if(TARGET wct_prefix AND CMAKE_SIZEOF_VOID_P EQUAL 4)
    install(FILES "$<TARGET_FILE:wct_prefix>" DESTINATION "${CMAKE_INSTALL_DATADIR}/wct/i686"
        COMPONENT wine)
elseif(TARGET wct_prefix)
    set(wct_share_dir "${CMAKE_INSTALL_DATADIR}/wct/${CMAKE_SYSTEM_PROCESSOR}")
    install(FILES "$<TARGET_FILE:wct_prefix>" "$<TARGET_FILE:wct>"
        DESTINATION "${wct_share_dir}" COMPONENT wine)
    install(PROGRAMS "$<TARGET_FILE:wctdump>" DESTINATION "${wct_share_dir}" COMPONENT wine)
    install(FILES "${WCT_I686_BUILD_DIR}/prefix/advapi32.dll"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/wct/i686" COMPONENT wine OPTIONAL)
    install(PROGRAMS "${PROJECT_SOURCE_DIR}/tools/wct-wine" DESTINATION "${CMAKE_INSTALL_BINDIR}"
        COMPONENT wine)
    # wct-wine's PE export reader (od and awk only), found by it in ../share/wct.
    install(PROGRAMS "${PROJECT_SOURCE_DIR}/tools/pe-exports.sh"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/wct" COMPONENT wine)

    # cpack -G DEB: the package wct-wine, with just that component, installed under /usr.
    set(CPACK_GENERATOR DEB)
    set(CPACK_PACKAGE_NAME wct-wine)
    set(CPACK_PACKAGE_VENDOR "the wct authors")
    set(CPACK_PACKAGE_CONTACT "the wct authors <wct@localhost>")
    set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wait Chain Traversal for the programs of a Wine prefix")
    set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
    set(CPACK_DEB_COMPONENT_INSTALL ON)
    set(CPACK_COMPONENTS_ALL wine)
    set(CPACK_DEBIAN_WINE_PACKAGE_NAME wct-wine)
    set(CPACK_DEBIAN_WINE_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE amd64)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "wine64 | wine")
    set(CPACK_DEBIAN_PACKAGE_SUGGESTS "wine32")
    set(CPACK_DEBIAN_PACKAGE_SECTION otherosfs)
    include(CPack)
endif()

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

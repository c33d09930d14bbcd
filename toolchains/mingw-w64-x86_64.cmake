# Cross-compiles for x86_64 Windows with Debian's mingw-w64,
# and runs the resulting PE programs under Wine, so plain `ctest` works on Linux.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(WCT_MINGW_TRIPLET x86_64-w64-mingw32)
set(CMAKE_C_COMPILER   ${WCT_MINGW_TRIPLET}-gcc)
set(CMAKE_CXX_COMPILER ${WCT_MINGW_TRIPLET}-g++)
set(CMAKE_RC_COMPILER  ${WCT_MINGW_TRIPLET}-windres)
set(CMAKE_AR           ${WCT_MINGW_TRIPLET}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB       ${WCT_MINGW_TRIPLET}-ranlib CACHE FILEPATH "")
set(CMAKE_DLLTOOL      ${WCT_MINGW_TRIPLET}-dlltool CACHE FILEPATH "")

set(CMAKE_FIND_ROOT_PATH /usr/${WCT_MINGW_TRIPLET})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Packages: also outside the sysroot, so find_package(wct) finds an install prefix.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# Wine runs the test programs; the wrapper gives them a private prefix in the build tree.
find_program(WCT_WINE_PROGRAM NAMES wine64 wine)
if(WCT_WINE_PROGRAM)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${CMAKE_CURRENT_LIST_DIR}/../tools/wine-run.sh")
endif()

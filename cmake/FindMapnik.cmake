# FindMapnik: Mapnik 3.x through `mapnik-config` (Mapnik ships neither a CMake config nor a
# pkg-config file; see ../shared/TOOLCHAIN.md, "Pitfalls").
#
# Result:
#   Mapnik::Mapnik               imported target: libmapnik + icuuc, Mapnik's preprocessor
#                                definitions and include directories (as SYSTEM includes)
#   Mapnik_FOUND, Mapnik_VERSION
#   Mapnik_INPUT_PLUGINS_DIR     input plugins (`mapnik-config --input-plugins`)
#   Mapnik_SYSTEM_FONTS_DIR      the whole font root (`mapnik-config --fonts`); slow to scan
#   Mapnik_FONTS_DIR             the DejaVu folder under it: the only one assetmap registers
#
# What is taken from mapnik-config and what is not:
#   --defines                    all, except -DNDEBUG (a build-type choice, not Mapnik's).
#                                BIGINT and MAPNIK_THREADSAFE must stay: they change the ABI
#                                (mapnik::value_integer, mutexes in caches).
#   --cxxflags                   only U_USING_ICU_NAMESPACE=0; never -std=c++14, -DNDEBUG,
#                                -O2/-g or the visibility flags.
#   --includes, --dep-includes   all but the compiler's own /usr/include.
#   --libs                       the library file itself (/usr/lib/libmapnik.so on Debian).

find_program(Mapnik_CONFIG_EXECUTABLE NAMES mapnik-config
             DOC "mapnik-config of the Mapnik installation")

set(_mapnik_defines "")
set(_mapnik_includes "")
if(Mapnik_CONFIG_EXECUTABLE)
  macro(_mapnik_query out flag)
    execute_process(COMMAND "${Mapnik_CONFIG_EXECUTABLE}" ${flag}
                    OUTPUT_VARIABLE ${out} OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _mapnik_rc)
    if(NOT _mapnik_rc EQUAL 0)
      set(${out} "")
    endif()
  endmacro()

  _mapnik_query(Mapnik_VERSION --version)
  _mapnik_query(_mapnik_defines_raw --defines)
  _mapnik_query(_mapnik_cxxflags_raw --cxxflags)
  _mapnik_query(_mapnik_inc_raw --includes)
  _mapnik_query(_mapnik_depinc_raw --dep-includes)
  _mapnik_query(_mapnik_libs_raw --libs)
  _mapnik_query(_mapnik_plugins_raw --input-plugins)
  _mapnik_query(_mapnik_fonts_raw --fonts)

  separate_arguments(_mapnik_defines_list UNIX_COMMAND "${_mapnik_defines_raw}")
  foreach(d IN LISTS _mapnik_defines_list)
    if(d MATCHES "^-D(.+)$" AND NOT CMAKE_MATCH_1 STREQUAL "NDEBUG")
      list(APPEND _mapnik_defines "${CMAKE_MATCH_1}")
    endif()
  endforeach()
  separate_arguments(_mapnik_cxx_list UNIX_COMMAND "${_mapnik_cxxflags_raw}")
  foreach(d IN LISTS _mapnik_cxx_list)
    if(d MATCHES "^-D(U_USING_ICU_NAMESPACE=.*)$")
      list(APPEND _mapnik_defines "${CMAKE_MATCH_1}")
    endif()
  endforeach()

  separate_arguments(_mapnik_inc_list UNIX_COMMAND "${_mapnik_inc_raw} ${_mapnik_depinc_raw}")
  foreach(i IN LISTS _mapnik_inc_list)
    if(i MATCHES "^-I(.+)$")
      set(_dir "${CMAKE_MATCH_1}")
      # /usr/include as an explicit -I breaks libstdc++'s #include_next <stdlib.h>.
      if(NOT _dir STREQUAL "/usr/include" AND IS_DIRECTORY "${_dir}")
        list(APPEND _mapnik_includes "${_dir}")
      endif()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES _mapnik_includes)

  separate_arguments(_mapnik_libs_list UNIX_COMMAND "${_mapnik_libs_raw}")
  set(_mapnik_libdirs "")
  foreach(l IN LISTS _mapnik_libs_list)
    if(l MATCHES "^-L(.+)$")
      list(APPEND _mapnik_libdirs "${CMAKE_MATCH_1}")
    endif()
  endforeach()

  set(Mapnik_INPUT_PLUGINS_DIR "${_mapnik_plugins_raw}" CACHE PATH "Mapnik input plugins")
  set(Mapnik_SYSTEM_FONTS_DIR "${_mapnik_fonts_raw}" CACHE PATH "Mapnik's font root")
endif()

find_library(Mapnik_LIBRARY NAMES mapnik HINTS ${_mapnik_libdirs} /usr/lib
             DOC "libmapnik")
find_library(Mapnik_ICUUC_LIBRARY NAMES icuuc DOC "ICU common library (Mapnik's strings)")
find_path(Mapnik_INCLUDE_DIR NAMES mapnik/map.hpp HINTS /usr/include)
find_path(Mapnik_FONTS_DIR NAMES DejaVuSans.ttf
          HINTS "${Mapnik_SYSTEM_FONTS_DIR}/truetype/dejavu" /usr/share/fonts/truetype/dejavu
          NO_DEFAULT_PATH
          DOC "DejaVu font folder (fonts-dejavu-core); the only folder assetmap registers")

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Mapnik
  REQUIRED_VARS Mapnik_LIBRARY Mapnik_ICUUC_LIBRARY Mapnik_INCLUDE_DIR Mapnik_CONFIG_EXECUTABLE
                Mapnik_INPUT_PLUGINS_DIR Mapnik_FONTS_DIR
  VERSION_VAR Mapnik_VERSION)

if(Mapnik_FOUND AND NOT TARGET Mapnik::Mapnik)
  add_library(Mapnik::Mapnik UNKNOWN IMPORTED)
  set_target_properties(Mapnik::Mapnik PROPERTIES
    IMPORTED_LOCATION "${Mapnik_LIBRARY}"
    INTERFACE_COMPILE_DEFINITIONS "${_mapnik_defines}"
    INTERFACE_INCLUDE_DIRECTORIES "${_mapnik_includes}"
    INTERFACE_LINK_LIBRARIES "${Mapnik_ICUUC_LIBRARY}")
endif()

mark_as_advanced(Mapnik_CONFIG_EXECUTABLE Mapnik_LIBRARY Mapnik_ICUUC_LIBRARY
                 Mapnik_INCLUDE_DIR Mapnik_FONTS_DIR)

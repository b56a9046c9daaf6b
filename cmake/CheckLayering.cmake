cmake_policy(SET CMP0057 NEW)  # IN_LIST
# Enforces the dependency direction of DESIGN.md at build time. Run as a script:
#   cmake -DSOURCE_DIR=<repo> -P cmake/CheckLayering.cmake
# A module may include the assetmap modules listed for it and, for third-party headers, only
# those its layer owns (GDAL/OGR/PROJ/libosmium in io; GEOS/Boost.Geometry in spatial;
# Mapnik in tiles). Any other include fails the build with the file and line.

set(allowed_core    "core")
set(allowed_spatial "core;spatial")
set(allowed_network "core;spatial;network")
set(allowed_transit "core;spatial;network;transit")
set(allowed_io      "core;io")
set(allowed_ingest  "core;spatial;io;ingest")
set(allowed_measure "core;spatial;network;transit;measure")
set(allowed_edit    "core;spatial;edit")
set(allowed_atlas   "core;spatial;network;transit;io;ingest;measure;edit;atlas")
set(allowed_tiles   "core;tiles")

# Third-party header patterns and the only modules that may include them.
set(heavy_regex "(gdal|ogr_|ogrsf|cpl_|proj\\.h|osmium/|protozero/|toml\\.hpp|toml/|geos_c\\.h|geos/|boost/geometry|mapnik/|CLI/)")

set(failures "")
file(GLOB_RECURSE files
     "${SOURCE_DIR}/engine/include/assetmap/*.hpp" "${SOURCE_DIR}/engine/src/*.cpp"
     "${SOURCE_DIR}/engine/src/*.hpp" "${SOURCE_DIR}/tiles/include/assetmap/*.hpp"
     "${SOURCE_DIR}/tiles/src/*.cpp" "${SOURCE_DIR}/tiles/src/*.hpp")
foreach(f IN LISTS files)
  file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
  if(rel MATCHES "^engine/(include/assetmap|src)/([a-z_]+)/")
    set(module "${CMAKE_MATCH_2}")
  elseif(rel MATCHES "^tiles/")
    set(module "tiles")
  else()
    continue()
  endif()
  if(NOT DEFINED allowed_${module})
    list(APPEND failures "${rel}: module '${module}' is not declared in cmake/CheckLayering.cmake")
    continue()
  endif()
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    if(line MATCHES "assetmap/([a-z_]+)/")
      set(dep "${CMAKE_MATCH_1}")
      if(NOT dep IN_LIST allowed_${module})
        list(APPEND failures "${rel}: '${line}' — module ${module} may not depend on ${dep}")
      endif()
    endif()
    if(line MATCHES "[<\"]${heavy_regex}")
      set(h "${CMAKE_MATCH_1}")
      set(ok FALSE)
      if(module STREQUAL "io" AND h MATCHES "^(gdal|ogr_|ogrsf|cpl_|proj|osmium/|protozero/|toml)")
        set(ok TRUE)
      elseif(module STREQUAL "spatial" AND h MATCHES "^(geos|boost/geometry)")
        set(ok TRUE)
      elseif(module STREQUAL "tiles" AND h MATCHES "^(mapnik/|protozero/)")
        set(ok TRUE)
      endif()
      if(NOT ok)
        list(APPEND failures "${rel}: '${line}' — third-party header not allowed in ${module}")
      endif()
    endif()
  endforeach()
endforeach()

# main() lives only in tools/ (and test/bench drivers).
file(GLOB_RECURSE lib_sources "${SOURCE_DIR}/engine/*.cpp" "${SOURCE_DIR}/tiles/*.cpp")
foreach(f IN LISTS lib_sources)
  file(STRINGS "${f}" mains REGEX "^[ \t]*int[ \t]+main[ \t]*\\(")
  if(mains)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    list(APPEND failures "${rel}: main() outside tools/")
  endif()
endforeach()

if(failures)
  list(JOIN failures "\n  " msg)
  message(FATAL_ERROR "Layering violations (see DESIGN.md, 'Layout'):\n  ${msg}")
endif()

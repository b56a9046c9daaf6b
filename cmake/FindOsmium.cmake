# Minimal find module for the header-only libosmium (Debian: libosmium2-dev) and the
# libraries its PBF/XML readers need. Defines the imported target Osmium::Osmium.
find_path(OSMIUM_INCLUDE_DIR osmium/osm.hpp)
find_path(PROTOZERO_INCLUDE_DIR protozero/pbf_reader.hpp)
find_package(ZLIB REQUIRED)
find_package(BZip2 REQUIRED)
find_package(EXPAT REQUIRED)
find_package(Threads REQUIRED)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Osmium DEFAULT_MSG OSMIUM_INCLUDE_DIR PROTOZERO_INCLUDE_DIR)
if(Osmium_FOUND AND NOT TARGET Osmium::Osmium)
  add_library(Osmium::Osmium INTERFACE IMPORTED)
  set_target_properties(Osmium::Osmium PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${OSMIUM_INCLUDE_DIR};${PROTOZERO_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "ZLIB::ZLIB;BZip2::BZip2;EXPAT::EXPAT;Threads::Threads")
endif()

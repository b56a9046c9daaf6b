# The web map (tools/serve/web/, npm packages only): bundled by esbuild at build time into
# ${CMAKE_CURRENT_BINARY_DIR}/web, the folder `assetmap serve` serves at / by default
# (ASSETMAP_WEB_DIR in tools/CMakeLists.txt; `--web DIR` overrides). build.mjs keeps the
# bundle's inputs and their hash beside it and rebuilds only when one changed, so the target
# runs on every build but costs a node start when nothing did. It needs node and `npm ci` in
# tools/serve/web (tools/setup.sh does both); without esbuild it says so and writes nothing,
# and the server shows its placeholder page.
option(ASSETMAP_WITH_WEB "Bundle the web map (node and the npm packages of tools/serve/web)" ON)
set(ASSETMAP_WEB_BUNDLE_DIR ${CMAKE_CURRENT_BINARY_DIR}/web CACHE INTERNAL "The web map bundle")
if(ASSETMAP_WITH_WEB)
  find_program(ASSETMAP_NODE node)
  if(ASSETMAP_NODE)
    add_custom_target(assetmap_web ALL
      COMMAND ${ASSETMAP_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/build.mjs --out ${ASSETMAP_WEB_BUNDLE_DIR}
      WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/web
      COMMENT "Web map bundle (esbuild, when its inputs changed)"
      VERBATIM)
  else()
    message(WARNING "node not found: the web map is not bundled and `assetmap serve` shows a "
                    "placeholder page at / (tools/setup.sh installs nodejs and the npm packages)")
  endif()
endif()

# The web map (tools/serve/web): its strings, its pure modules, and the page in headless
# Chromium against a server on the default study, started with --tokens for the editing
# checks (tests/web/edit_browser.mjs) (skipped, exit 77, without the npm packages).
if(ASSETMAP_NODE)
  add_test(NAME web_catalogue_keys
    COMMAND ${ASSETMAP_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/check_keys.mjs ${PROJECT_SOURCE_DIR})
  set_tests_properties(web_catalogue_keys PROPERTIES LABELS "fast")
  add_test(NAME web_unit
    COMMAND ${ASSETMAP_NODE} --test ${CMAKE_CURRENT_SOURCE_DIR}/web/unit.test.mjs)
  set_tests_properties(web_unit PROPERTIES LABELS "fast")
endif()
if(TARGET assetmap_web)
  # Screenshots (PNG), the server's log and its atlas go to <build>/tests/web/.
  add_test(NAME web_browser
    COMMAND ${CMAKE_COMMAND} -E env ${ASSETMAP_TEST_ENV}
            ${ASSETMAP_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/web/browser_test.mjs
            --assetmap $<TARGET_FILE:assetmap> --web ${ASSETMAP_WEB_BUNDLE_DIR}
            --source ${PROJECT_SOURCE_DIR} --out ${CMAKE_CURRENT_BINARY_DIR}/web)
  set_tests_properties(web_browser PROPERTIES LABELS "data" SKIP_RETURN_CODE 77 TIMEOUT 420)
endif()

/// @file The style sheet and script of the report, embedded at build time from report.css and
/// report.js (cmake/EmbedText.cmake).

#include "pages.hpp"

namespace assetmap::report {

extern const char* const report_css_text;
extern const char* const report_js_text;

const char* report_css() { return report_css_text; }
const char* report_js() { return report_js_text; }

}  // namespace assetmap::report

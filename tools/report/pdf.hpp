#pragma once
/// @file Printing a page to PDF with headless Chromium (`--print-to-pdf`), the way the report
/// makes `atlas.pdf`: a fresh profile folder per run, no network, no sandbox (as root in CI).

#include <string>

namespace assetmap::report {

/// The Chromium binary: `explicit_path` when given (it must be executable), else the first of
/// chromium, chromium-browser, google-chrome, google-chrome-stable on PATH; "" when none.
std::string find_chromium(const std::string& explicit_path = {});

/// Prints the HTML file `html_path` to `pdf_path` with headless Chromium (A4 from the page's
/// @page rule, no header or footer), waiting at most `timeout_s`. Then sets the PDF's
/// CreationDate and ModDate to `run_time_utc` (ISO 8601, e.g. 2024-03-05T10:20:30Z) so that
/// the same page gives the same bytes. Throws missing_tool_error for an empty `chromium`,
/// io_error when Chromium fails, times out or writes no PDF (its last message included).
void print_to_pdf(const std::string& chromium, const std::string& html_path,
                  const std::string& pdf_path, const std::string& run_time_utc,
                  double timeout_s = 300.0);

/// Replaces the 14 digits after every "/CreationDate (D:" and "/ModDate (D:" in `pdf` with
/// the digits of `run_time_utc` (same length: offsets stay valid). Returns the count replaced.
int set_pdf_dates(std::string& pdf, const std::string& run_time_utc);

}  // namespace assetmap::report

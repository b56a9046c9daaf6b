/// @file Tests of the RFC 4180 CSV reader (assetmap/io/csv.hpp).

#include <cpl_vsi.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "assetmap/core/error.hpp"
#include "assetmap/io/csv.hpp"

using assetmap::input_error;
using assetmap::io::CsvTable;
using assetmap::io::parse_double;
using Fields = std::vector<std::string>;

namespace {

/// The what() of the input_error that `f` throws; fails the test if none is thrown.
template <typename F>
std::string input_error_message(F&& f) {
    try {
        f();
    } catch (const input_error& e) {
        return e.what();
    }
    FAIL("no input_error was thrown");
    return {};
}

/// A fresh path under the system temp directory, unique to this process.
std::filesystem::path temp_path(const std::string& name) {
    static int counter = 0;
    const auto dir =
        std::filesystem::temp_directory_path() /
        ("assetmap_test_csv_" + std::to_string(::getpid()) + "_" + std::to_string(++counter));
    std::filesystem::create_directories(dir);
    return dir / name;
}

}  // namespace

TEST_CASE("csv: header and plain rows with line numbers", "[csv]") {
    const auto t =
        CsvTable::parse("id,name,lon,lat\n1,Stop A,4.1,50.2\n2,Stop B,4.2,50.3\n", "stops.csv");
    CHECK(t.source() == "stops.csv");
    CHECK(t.header() == Fields{"id", "name", "lon", "lat"});
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[0].line == 2);
    CHECK(t.rows()[0].fields == Fields{"1", "Stop A", "4.1", "50.2"});
    CHECK(t.rows()[1].line == 3);
    CHECK(t.rows()[1].fields == Fields{"2", "Stop B", "4.2", "50.3"});
}

TEST_CASE("csv: unquoted fields are not trimmed - header names are", "[csv]") {
    const auto t = CsvTable::parse(" a ,\tb\t\n x , y\n", "s");
    CHECK(t.header() == Fields{"a", "b"});
    REQUIRE(t.rows().size() == 1);
    CHECK(t.rows()[0].fields == Fields{" x ", " y"});
}

TEST_CASE("csv: quoted fields with commas and doubled quotes", "[csv]") {
    const auto t =
        CsvTable::parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n\"\"\"\",plain,\"z\"\n", "s");
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[0].fields == Fields{"x, y", "say \"hi\"", ""});
    CHECK(t.rows()[1].fields == Fields{"\"", "plain", "z"});
}

TEST_CASE("csv: embedded newline in a quoted field shifts the next row's line", "[csv]") {
    const auto t =
        CsvTable::parse("a,b\n1,\"two\nlines\"\n2,x\n3,\"crlf\r\ninside\"\r\n4,y\r\n", "s");
    REQUIRE(t.rows().size() == 4);
    CHECK(t.rows()[0].line == 2);
    CHECK(t.rows()[0].fields == Fields{"1", "two\nlines"});
    CHECK(t.rows()[1].line == 4);
    CHECK(t.rows()[1].fields == Fields{"2", "x"});
    CHECK(t.rows()[2].line == 5);
    CHECK(t.rows()[2].fields == Fields{"3", "crlf\r\ninside"});
    CHECK(t.rows()[3].line == 7);
    CHECK(t.rows()[3].fields == Fields{"4", "y"});
}

TEST_CASE("csv: UTF-8 BOM is skipped", "[csv]") {
    const auto t = CsvTable::parse("\xEF\xBB\xBFstop_id,stop_name\nS1,Gare\n", "s");
    CHECK(t.header() == Fields{"stop_id", "stop_name"});
    CHECK(t.find_column("stop_id") == std::optional<std::size_t>(0));
    REQUIRE(t.rows().size() == 1);
    CHECK(t.rows()[0].line == 2);
}

TEST_CASE("csv: CRLF line ends", "[csv]") {
    const auto t = CsvTable::parse("a,b\r\n1,2\r\n,\r\n\"q\",4\r\n", "s");
    CHECK(t.header() == Fields{"a", "b"});
    REQUIRE(t.rows().size() == 3);
    CHECK(t.rows()[0].fields == Fields{"1", "2"});
    CHECK(t.rows()[1].fields == Fields{"", ""});
    CHECK(t.rows()[2].fields == Fields{"q", "4"});
    CHECK(t.rows()[2].line == 4);
}

TEST_CASE("csv: final line without a newline", "[csv]") {
    const auto t = CsvTable::parse("a,b\n1,2\n3,\"4\"", "s");
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[1].fields == Fields{"3", "4"});
    const auto u = CsvTable::parse("a,b\r\n1,2\r", "s");
    REQUIRE(u.rows().size() == 1);
    CHECK(u.rows()[0].fields == Fields{"1", "2"});
    const auto v = CsvTable::parse("a,b\n1,", "s");
    REQUIRE(v.rows().size() == 1);
    CHECK(v.rows()[0].fields == Fields{"1", ""});
}

TEST_CASE("csv: blank lines are skipped - including leading and trailing", "[csv]") {
    const auto t = CsvTable::parse("\n\r\na,b\n\n1,2\r\n\r\n\n3,4\n\n\r\n", "s");
    CHECK(t.header() == Fields{"a", "b"});
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[0].line == 5);
    CHECK(t.rows()[0].fields == Fields{"1", "2"});
    CHECK(t.rows()[1].line == 8);
    CHECK(t.rows()[1].fields == Fields{"3", "4"});
}

TEST_CASE("csv: a line of spaces or an empty quoted field is a row - not blank", "[csv]") {
    const auto t = CsvTable::parse("a\n  \n\"\"\n", "s");
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[0].fields == Fields{"  "});
    CHECK(t.rows()[1].fields == Fields{""});
}

TEST_CASE("csv: ragged rows are kept with their own field count", "[csv]") {
    const auto t = CsvTable::parse("a,b,c\n1\n1,2,3,4\n1,2,\n", "s");
    REQUIRE(t.rows().size() == 3);
    CHECK(t.rows()[0].fields == Fields{"1"});
    CHECK(t.rows()[1].fields.size() == 4);
    CHECK(t.rows()[2].fields == Fields{"1", "2", ""});
}

TEST_CASE("csv: unterminated quoted field reports the line where it opened", "[csv]") {
    const std::string msg = input_error_message(
        [] { CsvTable::parse("a,b\n1,2\n3,\"never closed\n4,5\n6,7\n", "stops.csv"); });
    CHECK_THAT(msg, Catch::Contains("stops.csv:line 3"));
    CHECK_THAT(msg, Catch::Contains("closing quote"));
    try {
        CsvTable::parse("a\n\"x", "f.csv");
        FAIL("no throw");
    } catch (const input_error& e) {
        CHECK(e.where() == "f.csv:line 2");
    }
}

TEST_CASE("csv: a quote inside an unquoted field is an error", "[csv]") {
    const std::string msg =
        input_error_message([] { CsvTable::parse("a,b\n1,2\n3,ab\"c\n", "s.csv"); });
    CHECK_THAT(msg, Catch::Contains("s.csv:line 3"));
    CHECK_THAT(msg, Catch::Contains("quote"));
    // A space before an opening quote makes the field unquoted.
    CHECK_THROWS_AS(CsvTable::parse("a,b\n1, \"x\"\n", "s"), input_error);
}

TEST_CASE("csv: text after a closing quote is an error", "[csv]") {
    const std::string msg =
        input_error_message([] { CsvTable::parse("a,b\n\"x\"y,2\n", "s.csv"); });
    CHECK_THAT(msg, Catch::Contains("s.csv:line 2"));
    CHECK_THAT(msg, Catch::Contains("closing quote"));
    CHECK_THROWS_AS(CsvTable::parse("a,b\n\"x\" ,2\n", "s"), input_error);
    CHECK_THROWS_AS(CsvTable::parse("a,b\n\"x\"\rz\n", "s"), input_error);
}

TEST_CASE("csv: empty input or only blank lines has no header", "[csv]") {
    CHECK_THROWS_AS(CsvTable::parse("", "s"), input_error);
    CHECK_THROWS_AS(CsvTable::parse("\xEF\xBB\xBF", "s"), input_error);
    const std::string msg = input_error_message([] { CsvTable::parse("\n\r\n\n", "e.csv"); });
    CHECK_THAT(msg, Catch::Contains("e.csv:line"));
    CHECK_THAT(msg, Catch::Contains("header"));
}

TEST_CASE("csv: header only gives no rows", "[csv]") {
    const auto t = CsvTable::parse("a,b\n", "s");
    CHECK(t.header() == Fields{"a", "b"});
    CHECK(t.rows().empty());
}

TEST_CASE("csv: duplicate header names are an error naming the column", "[csv]") {
    const std::string msg =
        input_error_message([] { CsvTable::parse("id,name, id \n1,2,3\n", "d.csv"); });
    CHECK_THAT(msg, Catch::Contains("'id'"));
    CHECK_THAT(msg, Catch::Contains("d.csv:line 1"));
    CHECK_THROWS_AS(CsvTable::parse("a,,\n", "s"), input_error);
    // Names differing only in case are distinct columns.
    CHECK_NOTHROW(CsvTable::parse("Name,name\n", "s"));
}

TEST_CASE("csv: find_column matches exactly - then case-insensitively", "[csv]") {
    const auto t = CsvTable::parse("Stop_ID,stop_name,LAT,lat\n", "s");
    CHECK(t.find_column("Stop_ID") == std::optional<std::size_t>(0));
    CHECK(t.find_column("stop_id") == std::optional<std::size_t>(0));
    CHECK(t.find_column("STOP_NAME") == std::optional<std::size_t>(1));
    CHECK(t.find_column("lat") == std::optional<std::size_t>(3));
    CHECK(t.find_column("LAT") == std::optional<std::size_t>(2));
    CHECK(t.find_column("Lat") == std::optional<std::size_t>(2));
    CHECK_FALSE(t.find_column("lon").has_value());
    CHECK_FALSE(t.find_column("stop").has_value());
    CHECK(t.column("stop_NAME") == 1);
}

TEST_CASE("csv: column() on a missing name lists the columns", "[csv]") {
    const auto t = CsvTable::parse("a,b,c\n", "cols.csv");
    try {
        t.column("lon");
        FAIL("no throw");
    } catch (const input_error& e) {
        CHECK(e.where() == "cols.csv");
        CHECK_THAT(std::string(e.what()),
                   Catch::Contains("no column 'lon'; the columns are: a, b, c"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("study file"));
    }
}

TEST_CASE("csv: parse_double", "[csv]") {
    CHECK(parse_double(" 12.5 ") == std::optional<double>(12.5));
    CHECK(parse_double("\t-3e2\t") == std::optional<double>(-300.0));
    CHECK(parse_double("-3e2") == std::optional<double>(-300.0));
    CHECK(parse_double("0") == std::optional<double>(0.0));
    CHECK(parse_double("+4.5") == std::optional<double>(4.5));
    CHECK(parse_double(".5") == std::optional<double>(0.5));
    CHECK(parse_double("50.8503396") == std::optional<double>(50.8503396));
    CHECK_FALSE(parse_double("").has_value());
    CHECK_FALSE(parse_double("   ").has_value());
    CHECK_FALSE(parse_double("12abc").has_value());
    CHECK_FALSE(parse_double("nan").has_value());
    CHECK_FALSE(parse_double("NaN").has_value());
    CHECK_FALSE(parse_double("inf").has_value());
    CHECK_FALSE(parse_double("-infinity").has_value());
    CHECK_FALSE(parse_double("1,5").has_value());
    CHECK_FALSE(parse_double("1e999").has_value());
    CHECK_FALSE(parse_double("+").has_value());
    CHECK_FALSE(parse_double("+-1").has_value());
    CHECK_FALSE(parse_double("1 2").has_value());
    CHECK_FALSE(parse_double("0x10").has_value());
}

TEST_CASE("csv: parse_double equals strtod bit for bit on random decimals", "[csv]") {
    // The oracle is the C library's strtod (correctly rounded). Plain decimals of up to 15
    // digits take parse_double's own fast path; longer ones, exponents and odd forms take
    // from_chars: every one must give strtod's double.
    std::mt19937_64 rng(20261207);
    std::size_t fast_form = 0;
    for (int n = 0; n < 1000000; ++n) {
        std::string t;
        if (rng() % 3 == 0) t += '-';
        const int digits = 1 + static_cast<int>(rng() % 19);
        const int point = static_cast<int>(rng() % (digits + 2)) - 1;  // -1: no point
        for (int d = 0; d < digits; ++d) {
            if (d == point) t += '.';
            t += static_cast<char>('0' + rng() % 10);
        }
        if (point == digits) t += '.';
        if (rng() % 10 == 0) t += "e" + std::to_string(static_cast<int>(rng() % 40) - 20);
        fast_form += digits <= 15 && t.find('e') == std::string::npos;
        const auto got = parse_double(t);
        char* end = nullptr;
        const double want = std::strtod(t.c_str(), &end);
        INFO(t);
        REQUIRE(got.has_value());
        REQUIRE(end == t.c_str() + t.size());
        REQUIRE(std::memcmp(&*got, &want, sizeof want) == 0);
    }
    CHECK(fast_form > 500000);
    CHECK(parse_double("-0.0").has_value());
    CHECK(std::signbit(*parse_double("-0.0")));
    CHECK(*parse_double("5.") == 5.0);
    CHECK(*parse_double("-.25") == -0.25);
    CHECK_FALSE(parse_double(".").has_value());
    CHECK_FALSE(parse_double("-").has_value());
    CHECK_FALSE(parse_double("1.2.3").has_value());
    CHECK(*parse_double("123456789012345.6") == 123456789012345.6);  // 16 digits: from_chars
}

TEST_CASE("csv: read_file on a missing path throws input_error", "[csv]") {
    const std::string path = "/nonexistent/assetmap/none.csv";
    try {
        CsvTable::read_file(path);
        FAIL("no throw");
    } catch (const input_error& e) {
        CHECK(e.where() == path);
        CHECK_THAT(std::string(e.what()), Catch::Contains("cannot open file"));
        CHECK_THAT(std::string(e.what()), Catch::Contains("check the path"));
    }
    CHECK_THROWS_AS(CsvTable::read_file("/vsizip//nonexistent/x.zip/stops.txt"), input_error);
    const auto dir = temp_path("x").parent_path();
    CHECK_THROWS_AS(CsvTable::read_file(dir.string()), input_error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("csv: read_file reads a real file", "[csv]") {
    const auto path = temp_path("stops.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "\xEF\xBB\xBFid,name\r\n1,\"A, B\"\r\n2,C\r\n";
    }
    const auto t = CsvTable::read_file(path.string());
    CHECK(t.source() == path.string());
    CHECK(t.header() == Fields{"id", "name"});
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[0].fields == Fields{"1", "A, B"});
    CHECK(t.rows()[1].line == 3);
    // Errors name the file.
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << "id\n\"open\n";
    }
    const std::string msg = input_error_message([&] { CsvTable::read_file(path.string()); });
    CHECK_THAT(msg, Catch::Contains(path.string() + ":line 2"));
    std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("csv: read_file reads a larger file than one read buffer", "[csv]") {
    const auto path = temp_path("big.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "id,value\n";
        for (int i = 0; i < 20000; ++i) out << i << ",\"v " << i << "\"\n";
    }
    const auto t = CsvTable::read_file(path.string());
    REQUIRE(t.rows().size() == 20000);
    CHECK(t.rows().back().fields == Fields{"19999", "v 19999"});
    CHECK(t.rows().back().line == 20001);
    std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("csv: read_file through /vsizip/", "[csv]") {
    const auto zip = temp_path("feed.zip");
    const std::string member = "/vsizip/" + zip.string() + "/stops.txt";
    const std::string content = "stop_id,stop_lat,stop_lon\nS1,50.1,4.3\nS2,50.2,4.4\n";
    VSILFILE* fp = VSIFOpenL(member.c_str(), "wb");
    if (fp == nullptr) {
        std::filesystem::remove_all(zip.parent_path());
        WARN("cannot create a zip through /vsizip/ here; skipping");
        return;
    }
    const std::size_t written = VSIFWriteL(content.data(), 1, content.size(), fp);
    VSIFCloseL(fp);
    REQUIRE(written == content.size());

    const auto t = CsvTable::read_file(member);
    CHECK(t.source() == member);
    CHECK(t.header() == Fields{"stop_id", "stop_lat", "stop_lon"});
    REQUIRE(t.rows().size() == 2);
    CHECK(t.rows()[1].fields == Fields{"S2", "50.2", "4.4"});
    CHECK(parse_double(t.rows()[1].fields[t.column("STOP_LAT")]) == std::optional<double>(50.2));
    CHECK_THROWS_AS(CsvTable::read_file("/vsizip/" + zip.string() + "/missing.txt"), input_error);
    // A missing member says so and lists what the archive holds ("cannot open file: unknown
    // error" before, issue 13 item 7).
    CHECK_THROWS_WITH(CsvTable::read_file("/vsizip/" + zip.string() + "/missing.txt"),
                      Catch::Contains("has no missing.txt (it holds: stops.txt)"));
    CHECK_THROWS_WITH(CsvTable::read_file("/vsizip/" + zip.string() + ".nope.zip/stops.txt"),
                      Catch::Contains("does not exist"));
    std::filesystem::remove_all(zip.parent_path());
}

TEST_CASE("csv: a file that is not CSV says so instead of echoing itself", "[csv]") {
    CHECK_THROWS_WITH(CsvTable::parse(std::string("PK\x03\x04\x14\0\0garbage", 14), "t.xlsx"),
                      Catch::Contains("t.xlsx:line 1: is not a CSV text file"));
    CHECK_THROWS_WITH(CsvTable::parse(std::string("a,b\n1,\0\n", 8), "t.csv"),
                      Catch::Contains("binary data"));
    CHECK_THROWS_WITH(CsvTable::parse("\xEF\xBB\xBF  {\"type\":\"FeatureCollection\"}", "p.csv"),
                      Catch::Contains("does not look like a CSV file (it starts with '{'"));
    CHECK_THROWS_WITH(CsvTable::parse("<?xml version='1.0'?>\n<osm/>", "p.csv"),
                      Catch::Contains("it starts with '<'"));
    // Column names shown in a message: at most 20, each cut at 40 bytes, no control bytes.
    std::string header;
    for (int i = 0; i < 30; ++i) header += (i ? "," : "") + std::string(50, 'a') + std::to_string(i);
    const auto wide = CsvTable::parse(header + "\n", "w.csv");
    try {
        wide.column("x");
        FAIL("no exception");
    } catch (const input_error& e) {
        const std::string what = e.what();
        CHECK(what.find(std::string(41, 'a')) == std::string::npos);
        CHECK(what.find("(30 columns)") != std::string::npos);
    }
}

/// @file Reading and checking an editor's asset fields (asset_input.hpp).

#include <assetmap/serve/asset_input.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/io/csv.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

namespace assetmap::serve {

namespace {

/// Decodes one UTF-8 code point at `i`; false on a malformed sequence.
bool next_code_point(std::string_view s, std::size_t& i, std::uint32_t& cp) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (b < 0x80) {
        cp = b;
        n = 1;
    } else if ((b & 0xE0) == 0xC0) {
        cp = b & 0x1F;
        n = 2;
    } else if ((b & 0xF0) == 0xE0) {
        cp = b & 0x0F;
        n = 3;
    } else if ((b & 0xF8) == 0xF0) {
        cp = b & 0x07;
        n = 4;
    } else {
        return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and beyond U+10FFFF are not UTF-8.
    static const std::uint32_t min_of[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_of[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n;
    return true;
}

bool control(std::uint32_t cp, bool allow_newline) {
    if (allow_newline && (cp == '\n' || cp == '\t')) return false;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0xFEFF;
}

FieldError error(std::string field, std::string message) {
    return FieldError{std::move(field), std::move(message)};
}

bool finite_in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

std::optional<std::string> check_text(std::string_view text, const char* field,
                                      std::size_t max_chars, bool allow_empty, FieldError* err) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    const bool note = std::string_view(field) == "note";
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t cp = 0;
        if (!next_code_point(text, i, cp)) {
            *err = error(field, std::string(field) + " is not valid UTF-8 text");
            return std::nullopt;
        }
        if (control(cp, note)) {
            *err = error(field, std::string(field) +
                                    " must be printable text (no control characters or line "
                                    "breaks)");
            return std::nullopt;
        }
        ++chars;
    }
    if ((chars == 0 && !allow_empty) || chars > max_chars) {
        *err = error(field, std::string(field) + " must be " + (allow_empty ? "0" : "1") + " to " +
                                std::to_string(max_chars) + " characters (it has " +
                                std::to_string(chars) + ")");
        return std::nullopt;
    }
    return std::string(text);
}

namespace {

/// Checks the fields of one input already read; the first error, or none.
std::optional<FieldError> check_input(AssetInput& in, bool require_all) {
    if (require_all) {
        for (const auto& [present, field] :
             {std::pair<bool, const char*>{in.lon.has_value(), "lon"},
              {in.lat.has_value(), "lat"},
              {in.category.has_value(), "category"},
              {in.name.has_value(), "name"}})
            if (!present)
                return error(field, std::string(field) + " is required (an asset needs lon, "
                                                         "lat, category and name)");
    } else if (!in.lon && !in.lat && !in.category && !in.name && !in.capacity_given &&
               !in.note) {
        return error("body", "nothing to change: send lon and lat, category, name, capacity or "
                             "note");
    }
    if (in.lon.has_value() != in.lat.has_value())
        return error(in.lon ? "lat" : "lon", "lon and lat go together: send both to move an asset");
    if (in.lon && !finite_in(*in.lon, -180.0, 180.0))
        return error("lon", "lon must be a longitude in degrees (WGS84), -180 to 180");
    if (in.lat && !finite_in(*in.lat, -90.0, 90.0))
        return error("lat", "lat must be a latitude in degrees (WGS84), -90 to 90");
    if (in.category && in.category->empty())
        return error("category", "category must be a category id of the taxonomy");
    FieldError e;
    if (in.name) {
        auto t = check_text(*in.name, "name", max_name_chars, false, &e);
        if (!t) return e;
        in.name = std::move(t);
    }
    if (in.note) {
        auto t = check_text(*in.note, "note", max_note_chars, true, &e);
        if (!t) return e;
        in.note = std::move(t);
    }
    if (in.capacity && !(std::isfinite(*in.capacity) && *in.capacity > 0.0 &&
                         *in.capacity <= max_capacity))
        return error("capacity", "capacity must be a number above 0 and at most 1,000,000 (the "
                                 "asset's supply, e.g. the number of GPs), or null");
    return std::nullopt;
}

}  // namespace

ParsedAsset parse_asset_json(std::string_view body, bool require_all) {
    ParsedAsset out;
    using json = nlohmann::json;
    json j;
    try {
        j = json::parse(body.begin(), body.end());
    } catch (const std::exception&) {
        out.error = error("body", "the body is not valid JSON; send an object such as "
                                  "{\"lon\": -3.0, \"lat\": 51.59, \"category\": \"library\", "
                                  "\"name\": \"…\"}");
        return out;
    }
    if (!j.is_object()) {
        out.error = error("body", "the body must be a JSON object");
        return out;
    }
    AssetInput in;
    for (const auto& [key, value] : j.items()) {
        if (key == "lon" || key == "lat") {
            if (!value.is_number()) {
                out.error = error(key, key + " must be a number (degrees, WGS84)");
                return out;
            }
            (key == "lon" ? in.lon : in.lat) = value.get<double>();
        } else if (key == "category" || key == "name" || key == "note") {
            if (!value.is_string()) {
                out.error = error(key, key + " must be a string");
                return out;
            }
            (key == "category" ? in.category : key == "name" ? in.name : in.note) =
                value.get<std::string>();
        } else if (key == "capacity") {
            in.capacity_given = true;
            if (value.is_null()) continue;
            if (!value.is_number()) {
                out.error = error(key, "capacity must be a number or null");
                return out;
            }
            in.capacity = value.get<double>();
        } else if (key == "force") {
            if (!value.is_boolean()) {
                out.error = error(key, "force must be true or false");
                return out;
            }
            in.force = value.get<bool>();
        } else {
            out.error = error(key, "unknown field '" + key.substr(0, 40) +
                                       "'; an asset has lon, lat, category, name, capacity, "
                                       "note (and force)");
            return out;
        }
    }
    if (auto e = check_input(in, require_all)) {
        out.error = std::move(e);
        return out;
    }
    out.input = std::move(in);
    return out;
}

ParsedImport parse_asset_csv(std::string_view text, std::size_t max_rows) {
    ParsedImport out;
    io::CsvTable table;
    try {
        table = io::CsvTable::parse(text, "import");
    } catch (const input_error& e) {
        std::string m = e.what();
        std::size_t line = 1;
        const auto at = m.find("line ");
        if (at != std::string::npos) line = std::strtoul(m.c_str() + at + 5, nullptr, 10);
        const auto colon = m.find(": ", at == std::string::npos ? 0 : at);
        out.errors.push_back(
            {line, error("body", colon == std::string::npos ? m : m.substr(colon + 2))});
        return out;
    }
    const auto& header = table.header();
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string h = header[i];
        while (!h.empty() && h.back() == ' ') h.pop_back();
        while (!h.empty() && h.front() == ' ') h.erase(0, 1);
        if (h != "lon" && h != "lat" && h != "category" && h != "name" && h != "capacity" &&
            h != "note" && h != "force") {
            out.errors.push_back({1, error(h, "unknown column '" + h.substr(0, 40) +
                                                  "'; the columns are lon, lat, category, name "
                                                  "and optionally capacity, note, force")});
            continue;
        }
        if (!col.emplace(h, i).second)
            out.errors.push_back({1, error(h, "column '" + h + "' appears twice")});
    }
    for (const char* need : {"lon", "lat", "category", "name"})
        if (!col.count(need))
            out.errors.push_back({1, error(need, std::string("the header has no column '") +
                                                     need + "'; the first line must name lon, "
                                                            "lat, category, name")});
    if (!out.errors.empty()) return out;
    if (table.rows().empty()) {
        out.errors.push_back({1, error("body", "the file has a header but no rows")});
        return out;
    }
    if (table.rows().size() > max_rows) {
        out.errors.push_back({1, error("body", "at most " + std::to_string(max_rows) +
                                                   " rows per import; split the file")});
        return out;
    }
    for (const auto& row : table.rows()) {
        if (row.fields.size() != header.size()) {
            out.errors.push_back({row.line, error("body", "expected " +
                                                              std::to_string(header.size()) +
                                                              " fields, found " +
                                                              std::to_string(row.fields.size()))});
            continue;
        }
        AssetInput in;
        std::optional<FieldError> bad;
        auto number = [&](const char* name, std::optional<double>& into) {
            const auto v = io::parse_double(row.fields[col.at(name)]);
            if (!v && !bad) bad = error(name, std::string(name) + " '" +
                                                  row.fields[col.at(name)].substr(0, 40) +
                                                  "' is not a number");
            into = v;
        };
        number("lon", in.lon);
        number("lat", in.lat);
        in.category = row.fields[col.at("category")];
        in.name = row.fields[col.at("name")];
        if (col.count("capacity")) {
            const std::string& c = row.fields[col.at("capacity")];
            if (!c.empty()) {
                in.capacity_given = true;
                number("capacity", in.capacity);
            }
        }
        if (col.count("note")) in.note = row.fields[col.at("note")];
        if (col.count("force")) {
            const std::string& f = row.fields[col.at("force")];
            if (f == "1" || f == "true" || f == "yes") in.force = true;
            else if (!(f.empty() || f == "0" || f == "false" || f == "no") && !bad)
                bad = error("force", "force must be true/false, yes/no or 1/0");
        }
        if (!bad) bad = check_input(in, true);
        if (bad)
            out.errors.push_back({row.line, std::move(*bad)});
        else
            out.rows.push_back({row.line, std::move(in)});
    }
    return out;
}

}  // namespace assetmap::serve

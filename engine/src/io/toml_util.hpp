#pragma once
// The TOML layer of the config readers (io-internal). toml_util.cpp is the only file that
// includes the parser (toml11); it turns a file into a small tree of TomlNode values, read
// through TomlTable's checked accessors. Every error is a config_error "<file>:line N: what"
// that names the key and the fix, so a new study-file section needs no parser knowledge:
//
//     if (const auto t = root.table("transit", false)) {
//         t->check_keys({"path", "max_minutes"});
//         settings.path = t->string("path", true);
//         settings.max_minutes = t->number("max_minutes").value_or(60);
//     }

#include <assetmap/core/error.hpp>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace assetmap::io::detail {

/// Input limits checked before parsing (a study or taxonomy file is a few kilobytes): they
/// keep the parser's recursion and its per-line work bounded on hostile input.
struct TomlLimits {
    std::size_t max_bytes = 256 * 1024;  ///< whole file
    std::size_t max_line_bytes = 4096;   ///< one line
    std::size_t max_depth = 16;          ///< nested [ ] and { } in a value
    std::size_t max_key_parts = 16;      ///< parts of one dotted key or table header
};

/// One value of a parsed TOML file and the line it starts on.
struct TomlNode {
    enum class Kind { string, integer, floating, boolean, datetime, array, table };
    Kind kind = Kind::table;
    std::size_t line = 1;           ///< 1-based line of the value (of its header for a table)
    std::string text;               ///< Kind::string
    double number = 0;              ///< Kind::integer and Kind::floating
    bool flag = false;              ///< Kind::boolean
    std::vector<TomlNode> items;    ///< Kind::array
    std::vector<std::string> keys;  ///< Kind::table, in file order
    std::vector<TomlNode> values;   ///< Kind::table: values[i] belongs to keys[i]

    bool is_number() const noexcept { return kind == Kind::integer || kind == Kind::floating; }
    /// The value of `key` in a table, or nullptr.
    const TomlNode* find(std::string_view key) const noexcept;
};

/// Parses TOML text; `name` (a file path) starts every message. Throws config_error
/// "<name>:line N: <what>" for syntax errors, duplicate keys, integers out of range and input
/// beyond `limits`.
TomlNode parse_toml_text(const std::string& name, std::string_view text,
                         const TomlLimits& limits = {});

/// Reads and parses a whole file. Throws input_error when it cannot be read and config_error
/// as parse_toml_text does.
TomlNode parse_toml(const std::string& path, const TomlLimits& limits = {});

/// Where a node is: "<file>:line N".
std::string where(const std::string& file, const TomlNode& node);

/// Throws config_error for an empty list (a list in a config file names at least one value).
void check_list(const std::string& file, std::string_view key, const TomlNode& list);

/// A number as a message shows it: "400", "2.5".
std::string format_number(double v);

/// A table of a config file with typed accessors that check what they read. `section` names
/// the table in messages ("areas", "areas.population_csv", "top level").
class TomlTable {
  public:
    /// The root table of a file (its sub-tables are named by their key alone).
    TomlTable(std::string file, const TomlNode& node, std::string section);

    const std::string& file() const noexcept { return file_; }
    const std::string& section() const noexcept { return section_; }
    const TomlNode& node() const noexcept { return *node_; }
    /// The value of `key`, or nullptr.
    const TomlNode* find(std::string_view key) const noexcept { return node_->find(key); }
    /// "<file>:line N" of the table.
    std::string where() const;
    /// "<file>:line N" of the value of `key` (of the table when the key is absent).
    std::string where(std::string_view key) const;

    /// Throws for the first key (in file order) not in `allowed`: catches typos.
    void check_keys(std::initializer_list<std::string_view> allowed) const;
    /// A string; "" when absent and not required.
    std::string string(std::string_view key, bool required) const;
    /// A number (an integer or a finite float: nan and inf are refused when parsing).
    std::optional<double> number(std::string_view key) const;
    /// true or false.
    std::optional<bool> boolean(std::string_view key) const;
    /// A list of strings, not empty and without duplicates; empty when absent.
    std::vector<std::string> strings(std::string_view key) const;
    /// A list of numbers, not empty and without duplicates; nullopt when absent.
    std::optional<std::vector<double>> numbers(std::string_view key) const;
    /// A sub-table ([section.key] or key = { ... }); nullopt when absent and not required.
    std::optional<TomlTable> table(std::string_view key, bool required) const;
    /// The tables of an array of tables ([[key]]); empty when absent.
    std::vector<TomlTable> tables(std::string_view key) const;

  private:
    TomlTable(std::string file, const TomlNode& node, std::string section, bool root);
    std::string child_section(std::string_view key) const;

    std::string file_;
    const TomlNode* node_;
    std::string section_;
    bool root_ = true;
};

}  // namespace assetmap::io::detail

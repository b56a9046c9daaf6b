/// @file detail::row_is_complete, shared by the area, point and asset CSV readers of ingest
/// (its own file, so the `count` front links the area reader without the whole ingest).

#include "ingest_steps.hpp"

#include <assetmap/io/csv.hpp>

#include <string>

namespace assetmap::ingest::detail {

bool row_is_complete(const io::CsvTable& table, const io::CsvTable::Row& row,
                     ProblemReport& problems) {
    if (row.fields.size() == table.header().size()) return true;
    problems.add(ProblemKind::bad_value, table.source(), "line " + std::to_string(row.line), "",
                 "expected " + std::to_string(table.header().size()) + " fields, found " +
                     std::to_string(row.fields.size()) + "; row not used");
    return false;
}

}  // namespace assetmap::ingest::detail

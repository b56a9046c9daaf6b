/// @file Streaming CSV population points (see point_stream.hpp).

#include <assetmap/ingest/point_stream.hpp>

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/point_csv_reader.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace assetmap::ingest {

namespace {

/// What the work step decided for a row (PointCsvBlock::area); >= 0 is an area index.
enum RowFate : std::int64_t {
    outside_study = -1,  ///< in no area, or in an area outside the study: counted, no problem
    bad_weight = -2,
    missing_code = -3,
    unmatched_code = -4,
};

/// The ids seen so far, for the duplicate check, in 8 bytes an id: open addressing over
/// 64-bit slots holding a 24-bit tag of the id's hash (its high bits; the slot position
/// comes from its low bits) and the byte offset (+1) of the row that had the id first. A tag
/// match is confirmed by reading that row's id again from the file (about one probe in 16
/// million), so a hash collision never drops a point. The table is sized from the first
/// block's rows per byte and the file's size; outgrowing it rebuilds it by reading every
/// stored id again (slow, correct).
class FirstIds {
  public:
    FirstIds(const std::string& path, const std::string& column, std::size_t expected)
        : reader_(path, column), path_(path) {
        std::size_t slots = 1 << 12;
        while (slots * 7 < expected * 10) slots *= 2;
        slots_.assign(slots, 0);
    }

    /// True when `id` was not seen before (and records it at `row_offset`).
    bool insert(std::string_view id, std::uint64_t row_offset) {
        if (row_offset + 1 >= kOffsetLimit)
            throw input_error(path_, "the id check supports files up to 1 TiB");
        if ((size_ + 1) * 10 > slots_.size() * 7) grow();
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        const std::uint64_t tag = h >> 40;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask;; i = (i + 1) & mask) {
            const std::uint64_t s = slots_[i];
            if (s == 0) {
                slots_[i] = (tag << 40) | (row_offset + 1);
                ++size_;
                return true;
            }
            if ((s >> 40) == tag && reader_.at(offset_of(s)) == id) return false;
        }
    }

  private:
    static constexpr std::uint64_t kOffsetLimit = std::uint64_t(1) << 40;
    static std::uint64_t offset_of(std::uint64_t slot) { return (slot & (kOffsetLimit - 1)) - 1; }

    void grow() {
        std::vector<std::uint64_t> old(slots_.size() * 2, 0);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const std::uint64_t s : old) {
            if (s == 0) continue;
            const std::uint64_t h = std::hash<std::string_view>{}(reader_.at(offset_of(s)));
            for (std::size_t j = static_cast<std::size_t>(h) & mask;; j = (j + 1) & mask)
                if (slots_[j] == 0) {
                    slots_[j] = s;
                    break;
                }
        }
    }

    io::CsvFieldReader reader_;
    std::string path_;
    std::vector<std::uint64_t> slots_;
    std::size_t size_ = 0;
};

}  // namespace

SourceSummary stream_csv_points(const PointSource& src, const std::string& metric_crs,
                                const StudyAreasFuture& areas_future, ProblemReport& problems,
                                const AcceptedPointFn& use, const PointStreamOptions& options) {
    SourceSummary summary;
    summary.name = "population_points";
    summary.path = src.path;

    io::PointCsvRequest request;
    request.path = src.path;
    request.crs = src.crs;
    request.target_crs = metric_crs;
    request.x = src.columns.x;
    request.y = src.columns.y;
    // The order of the column checks is ingest's: x, y, weight, id, area code.
    request.extra = {src.columns.weight, src.columns.id, src.columns.area_code};
    request.threads = options.threads;
    request.block_bytes = options.block_bytes;
    const bool has_weight = !src.columns.weight.empty();
    const bool has_id = !src.columns.id.empty();
    const bool by_code = !src.columns.area_code.empty();

    if (!options.exact_locations && !by_code) {
        request.decide = [&](const std::vector<io::PointCsvRow*>& rows,
                             const std::vector<double>& bounds_m) {
            thread_local std::vector<PointM> where;
            thread_local std::vector<double> margin;
            thread_local std::vector<io::PointCsvRow*> asked;
            thread_local std::vector<std::optional<std::optional<std::size_t>>> answer;
            where.clear();
            margin.clear();
            asked.clear();
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (has_weight) {  // a bad weight is reported with the exact location
                    const auto parsed = io::parse_double(rows[i]->extra[0]);
                    if (!parsed || *parsed < 0) continue;
                }
                asked.push_back(rows[i]);
                where.push_back(rows[i]->location);
                margin.push_back(bounds_m[i]);
            }
            answer.resize(asked.size());
            areas_future.get()->locator.locate_within(where.data(), margin.data(), asked.size(),
                                                      answer.data());
            for (std::size_t i = 0; i < asked.size(); ++i)
                if (answer[i])
                    asked[i]->decided = *answer[i] ? static_cast<std::int64_t>(**answer[i])
                                                   : std::int64_t(outside_study);
        };
    }
    // Exact locations for the problems of rows located on an interpolated transform (a
    // repeated id), made when first needed.
    std::optional<io::CrsTransform> exact;
    const auto exact_location = [&](const io::PointCsvRow& row) {
        if (!row.decided) return row.location;
        if (!exact) exact.emplace(src.crs, metric_crs);
        return exact->to_metric(row.source_x, row.source_y).value_or(row.location);
    };

    std::vector<Problem> join_problems;
    std::size_t used = 0;
    std::optional<FirstIds> ids;

    const auto work = [&](io::PointCsvBlock& block, unsigned) {
        const StudyAreas& areas = *areas_future.get();
        block.area.resize(block.rows.size());
        block.value.resize(block.rows.size());
        for (std::size_t i = 0; i < block.rows.size(); ++i) {
            const io::PointCsvRow& row = block.rows[i];
            double w = 1.0;
            if (has_weight) {
                const auto parsed = io::parse_double(row.extra[0]);
                if (!parsed || *parsed < 0) {
                    block.area[i] = bad_weight;
                    continue;
                }
                w = *parsed;
            }
            block.value[i] = w;
            if (row.decided) {
                block.area[i] = *row.decided;
            } else if (by_code) {
                const std::string_view code = row.extra[2];
                if (code.empty()) {
                    block.area[i] = missing_code;
                } else if (const auto it = areas.index_of_code.find(code);
                           it != areas.index_of_code.end()) {
                    block.area[i] = static_cast<std::int64_t>(it->second);
                } else {
                    block.area[i] =
                        areas.all_source_codes.count(code) ? outside_study : unmatched_code;
                }
            } else {
                const auto hit = areas.locator.locate(row.location);
                block.area[i] = hit ? static_cast<std::int64_t>(*hit) : outside_study;
            }
        }
    };

    const auto commit = [&](io::PointCsvBlock& block) {
        if (has_id && !ids) {
            // Size the id table from this block's rows per byte and the file's size.
            const double per_byte = block.text.empty() ? 0.0
                                                       : double(block.rows_read) /
                                                             double(block.text.size());
            const double expected = double(std::max<std::uint64_t>(block.file_bytes,
                                                                    block.text.size())) *
                                    per_byte * 1.05;
            ids.emplace(src.path, src.columns.id, static_cast<std::size_t>(expected) + 16);
        }
        for (auto& p : block.problems) problems.add(std::move(p));
        for (std::size_t i = 0; i < block.rows.size(); ++i) {
            const io::PointCsvRow& row = block.rows[i];
            const auto where = [&] { return "line " + std::to_string(row.line); };
            switch (block.area[i]) {
            case outside_study:
                ++summary.outside_study;
                continue;
            case bad_weight:
                join_problems.push_back(Problem{ProblemKind::bad_value, src.path, "", where(),
                                                src.columns.weight,
                                                "weight '" + std::string(row.extra[0]) +
                                                    "' is not a number >= 0; not used",
                                                row.location});
                continue;
            case missing_code:
                join_problems.push_back(Problem{ProblemKind::missing_field, src.path, "", where(),
                                                src.columns.area_code, "no area code; not used",
                                                row.location});
                continue;
            case unmatched_code:
                join_problems.push_back(Problem{ProblemKind::unmatched_code, src.path, "", where(),
                                                src.columns.area_code,
                                                "area code '" + std::string(row.extra[2]) +
                                                    "' is not in the area source; not used",
                                                row.location});
                continue;
            default:
                break;
            }
            if (has_id && !ids->insert(row.extra[1], row.offset)) {
                join_problems.push_back(Problem{ProblemKind::duplicate_id, src.path, "", where(),
                                                src.columns.id,
                                                "id '" + std::string(row.extra[1]) +
                                                    "' appears again; not used",
                                                exact_location(row)});
                continue;
            }
            AcceptedPoint p;
            p.line = row.line;
            p.id = has_id ? row.extra[1] : std::string_view();
            p.area = static_cast<std::size_t>(block.area[i]);
            p.weight = block.value[i];
            p.location = row.location;
            ++used;
            use(p);
        }
    };

    const io::PointCsvInfo info = io::read_point_csv(request, work, commit);
    summary.transform = info.transform;
    summary.records_read = info.rows_read;
    summary.records_used = used;
    for (auto& p : join_problems) problems.add(std::move(p));
    return summary;
}

}  // namespace assetmap::ingest

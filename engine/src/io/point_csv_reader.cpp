/// @file Streaming reader of point CSVs (see point_csv_reader.hpp).
///
/// One file handle is read under a mutex in blocks of `block_bytes`; each block is cut after
/// the last line end that lies outside quotes (a quote toggles "inside a quoted field", so
/// the parity of the quotes before a byte tells), and the tail is carried to the next block.
/// Workers parse their blocks in parallel with the same cursor as CsvTable, and blocks are
/// committed in file order. At most 2 × threads blocks are in flight.

#include <assetmap/io/point_csv_reader.hpp>

#include "csv_cursor.hpp"
#include "input_file.hpp"

#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>
#include <assetmap/io/csv.hpp>
#include <assetmap/io/lattice_transform.hpp>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace assetmap::io {

namespace {

constexpr std::size_t kMaxRecordBytes = std::size_t(64) << 20;

/// The end of the last complete record in `text` (just past a '\n' outside quotes), or 0.
std::size_t last_record_end(const std::string& text) {
    const char* data = text.data();
    const std::size_t n = text.size();
    if (std::memchr(data, '"', n) == nullptr) {
        const void* nl = memrchr(data, '\n', n);
        return nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) + 1 : 0;
    }
    const std::size_t quotes = static_cast<std::size_t>(std::count(data, data + n, '"'));
    unsigned inside = quotes & 1U;  // parity of the quotes before position i + 1
    for (std::size_t i = n; i-- > 0;) {
        if (data[i] == '"') {
            inside ^= 1U;
        } else if (data[i] == '\n' && inside == 0) {
            return i + 1;
        }
    }
    return 0;
}

/// Column indexes of a request in the header.
struct Columns {
    std::size_t x = 0, y = 0;
    std::array<std::optional<std::size_t>, kMaxExtraColumns> extra{};
    std::size_t count = 0;  ///< fields per row
};

/// Parses the rows of one block into rows and problems (before the caller's work).
class BlockParser {
  public:
    BlockParser(const PointCsvRequest& request, const Columns& columns, const CrsTransform& crs,
                const std::shared_ptr<LatticeNodes>& nodes)
        : request_(request), columns_(columns), crs_(crs) {
        if (nodes) lattice_.emplace(nodes);
    }

    void parse(PointCsvBlock& block, std::size_t skip) {
        block.rows.clear();
        block.problems.clear();
        block.area.clear();
        block.value.clear();
        block.rows_read = 0;
        xs_.clear();
        ys_.clear();
        seqs_.clear();
        std::string_view text(block.text);
        text.remove_prefix(skip);
        std::size_t first_line = block.first_line;
        for (std::size_t i = 0; i < skip; ++i)
            if (block.text[i] == '\n') ++first_line;
        detail::CsvCursor cursor(text, request_.path, first_line, false);
        // Rows go straight into the block (at most one per line end, plus one).
        block.rows.reserve(static_cast<std::size_t>(
                               std::count(text.begin(), text.end(), '\n')) + 1);
        std::size_t seq = 0;
        while (cursor.next()) {
            ++block.rows_read;
            const auto& f = cursor.fields();
            if (f.size() != columns_.count) {
                add_problem(seq++, Problem{ProblemKind::bad_value, request_.path, "",
                                           line_name(cursor.line()), "",
                                           "expected " + std::to_string(columns_.count) +
                                               " fields, found " + std::to_string(f.size()) +
                                               "; row not used",
                                           std::nullopt});
                continue;
            }
            const auto x = parse_double(f[columns_.x]);
            const auto y = parse_double(f[columns_.y]);
            if (!x || !y) {
                add_problem(seq++, Problem{ProblemKind::bad_value, request_.path, "",
                                           line_name(cursor.line()),
                                           !x ? request_.x : request_.y,
                                           "coordinate '" +
                                               std::string(f[!x ? columns_.x : columns_.y]) +
                                               "' is not a finite number; row not used",
                                           std::nullopt});
                continue;
            }
            PointCsvRow& row = block.rows.emplace_back();
            row.line = cursor.line();
            row.offset = block.file_offset + skip + cursor.offset();
            for (std::size_t k = 0; k < kMaxExtraColumns; ++k)
                if (columns_.extra[k]) row.extra[k] = stable_view(block, f[*columns_.extra[k]]);
            row.source_x = *x;
            row.source_y = *y;
            xs_.push_back(*x);
            ys_.push_back(*y);
            seqs_.push_back(seq++);
        }
        finish(block);
    }

  private:
    static std::string line_name(std::size_t line) { return "line " + std::to_string(line); }

    /// A view that outlives the cursor's next record: views into the block's text are kept,
    /// unescaped fields (rare) are copied into the block-owned store.
    std::string_view stable_view(PointCsvBlock& block, std::string_view v) {
        const char* b = block.text.data();
        if (v.data() >= b && v.data() + v.size() <= b + block.text.size()) return v;
        owned_.emplace_back(v);
        return owned_.back();
    }

    void add_problem(std::size_t seq, Problem p) { problems_.emplace_back(seq, std::move(p)); }

    /// The texts of a row's coordinates, read again from the block (for a problem's message).
    std::pair<std::string, std::string> coordinate_texts(const PointCsvBlock& block,
                                                         const PointCsvRow& row) const {
        const std::string_view text(block.text);
        detail::CsvCursor cursor(text.substr(row.offset - block.file_offset), request_.path,
                                 row.line, false);
        if (!cursor.next() || cursor.fields().size() != columns_.count) return {};
        return {std::string(cursor.fields()[columns_.x]),
                std::string(cursor.fields()[columns_.y])};
    }

    /// Range check and transform in batches, then rows and problems in file order: the
    /// rows that are left out are removed from the block in place.
    void finish(PointCsvBlock& block) {
        std::vector<PointCsvRow>& rows = block.rows;
        const std::size_t n = xs_.size();
        crs_.in_source_area_of_use_batch(xs_.data(), ys_.data(), n, inside_);
        // Rows in range: classified on an interpolated location when the caller allows it,
        // else transformed exactly in one batch (packed).
        tx_.clear();
        ty_.clear();
        if (lattice_) {
            candidates_.clear();
            bounds_.clear();
            for (std::size_t i = 0; i < n; ++i) {
                PointCsvRow& row = rows[i];
                double bound = 0.0;
                if (inside_[i] && lattice_->approximate(xs_[i], ys_[i], row.location, bound)) {
                    candidates_.push_back(&row);
                    bounds_.push_back(bound);
                }
            }
            request_.decide(candidates_, bounds_);
            for (std::size_t i = 0; i < n; ++i)
                if (inside_[i] && rows[i].decided) inside_[i] = 2;  // no PROJ
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (inside_[i] != 1) continue;
            tx_.push_back(xs_[i]);
            ty_.push_back(ys_[i]);
        }
        crs_.to_metric_batch(tx_.data(), ty_.data(), tx_.size());
        std::size_t k = 0;     // next exactly transformed point
        std::size_t kept = 0;  // rows kept so far (moved down over the ones left out)
        for (std::size_t i = 0; i < n; ++i) {
            PointCsvRow& row = rows[i];
            if (!inside_[i]) {
                const auto [tx, ty] = coordinate_texts(block, row);
                add_problem(seqs_[i], Problem{ProblemKind::bad_coordinate, request_.path, "",
                                              line_name(row.line), request_.x,
                                              "coordinate (" + tx + ", " + ty +
                                                  ") is outside the range of " + request_.crs +
                                                  "; check the x/y columns and crs; row not used",
                                              std::nullopt});
                continue;
            }
            if (inside_[i] == 1) {
                const double mx = tx_[k], my = ty_[k];
                ++k;
                if (std::isnan(mx) || std::isnan(my)) {
                    add_problem(seqs_[i], Problem{ProblemKind::bad_coordinate, request_.path, "",
                                                  line_name(row.line), request_.x,
                                                  "coordinate cannot be transformed; row not used",
                                                  std::nullopt});
                    continue;
                }
                row.location = PointM{mx, my};
            }
            if (kept != i) rows[kept] = row;
            ++kept;
        }
        rows.resize(kept);
        std::stable_sort(problems_.begin(), problems_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        block.problems.reserve(problems_.size());
        for (auto& [seq, p] : problems_) block.problems.push_back(std::move(p));
        problems_.clear();
    }

    const PointCsvRequest& request_;
    const Columns& columns_;
    const CrsTransform& crs_;
    std::optional<LatticeTransform> lattice_;
    std::vector<double> xs_, ys_, tx_, ty_;
    std::vector<std::size_t> seqs_;  ///< per row: its place among rows and problems
    std::vector<unsigned char> inside_;
    std::vector<PointCsvRow*> candidates_;
    std::vector<double> bounds_;
    std::vector<std::pair<std::size_t, Problem>> problems_;

  public:
    /// Unescaped fields of the current block (cleared by the owner between blocks).
    std::deque<std::string> owned_;
};

/// The shared state of one read: the file cursor, the ordered hand-over and the first error.
class Pipeline {
  public:
    Pipeline(const PointCsvRequest& request, detail::InputFile& file, const PointBlockWork& work,
             const PointBlockCommit& commit)
        : request_(request), file_(file), work_(work), commit_(commit),
          window_(2 * std::max(1U, request.threads)) {}

    /// Reads the first block (holding the header) before any worker starts.
    std::unique_ptr<PointCsvBlock> first_block() {
        std::unique_lock<std::mutex> lock(mutex_);
        return next_block_locked();
    }

    /// A worker: takes blocks until the file is done or an error stops the read.
    void run(unsigned thread, const Columns& columns, const CrsTransform& prototype,
             const std::shared_ptr<LatticeNodes>& nodes, std::unique_ptr<PointCsvBlock> first,
             std::size_t first_skip) {
        std::optional<CrsTransform> crs;
        try {
            crs.emplace(prototype.clone());
        } catch (...) {
            fail(0, std::current_exception());
            return;
        }
        BlockParser parser(request_, columns, *crs, nodes);
        std::unique_ptr<PointCsvBlock> block = std::move(first);
        std::size_t skip = first_skip;
        for (;;) {
            if (!block) {
                std::unique_lock<std::mutex> lock(mutex_);
                cv_.wait(lock, [&] {
                    return stopped_at_ <= next_index_ || done_reading_ ||
                           next_index_ < next_commit_ + window_;
                });
                if (stopped_at_ <= next_index_ || done_reading_) return;
                try {
                    block = next_block_locked();
                } catch (...) {
                    fail_locked(next_index_, std::current_exception());
                    return;
                }
                if (!block) return;
                skip = 0;
            }
            const std::size_t index = block->index;
            try {
                parser.owned_.clear();
                parser.parse(*block, skip);
                work_(*block, thread);
            } catch (...) {
                fail(index, std::current_exception());
                return;
            }
            hand_over(std::move(block), std::move(parser.owned_));
            parser.owned_ = {};
        }
    }

    std::size_t rows_read() const { return rows_read_; }

    /// Throws the error of the earliest block, if any.
    void rethrow() {
        if (error_) std::rethrow_exception(error_);
    }

  private:
    /// Reads the next block (mutex held): nullptr at the end of the file.
    std::unique_ptr<PointCsvBlock> next_block_locked() {
        if (done_reading_) return nullptr;
        auto block = std::make_unique<PointCsvBlock>();
        block->text = std::move(carry_);
        carry_.clear();
        block->file_offset = carry_offset_;
        std::size_t cut = 0;
        for (;;) {
            const std::size_t want = std::max<std::size_t>(request_.block_bytes, 1);
            const std::size_t got = file_.read_into(block->text, want);
            if (got < want) eof_ = true;
            if (eof_) {
                cut = block->text.size();
                break;
            }
            cut = last_record_end(block->text);
            if (cut > 0) break;
            if (block->text.size() > kMaxRecordBytes)
                throw input_error(request_.path,
                                  "a record (row) is longer than 64 MiB, or a quoted field is "
                                  "never closed; check the quotes");
        }
        if (cut < block->text.size()) {
            carry_.assign(block->text, cut, std::string::npos);
            block->text.resize(cut);
        }
        carry_offset_ = block->file_offset + block->text.size();
        if (block->text.empty() && eof_) {
            done_reading_ = true;
            return nullptr;
        }
        if (eof_ && carry_.empty()) done_reading_ = true;
        block->file_bytes = file_.size();
        block->index = next_index_++;
        block->first_line = next_line_;
        next_line_ += static_cast<std::size_t>(
            std::count(block->text.begin(), block->text.end(), '\n'));
        return block;
    }

    void fail(std::size_t index, std::exception_ptr e) {
        std::unique_lock<std::mutex> lock(mutex_);
        fail_locked(index, std::move(e));
    }

    void fail_locked(std::size_t index, std::exception_ptr e) {
        if (index < stopped_at_) {
            stopped_at_ = index;
            error_ = std::move(e);
        }
        cv_.notify_all();
    }

    /// Queues a worked block and commits every block that is next in file order.
    void hand_over(std::unique_ptr<PointCsvBlock> block, std::deque<std::string> owned) {
        std::unique_lock<std::mutex> lock(mutex_);
        const std::size_t index = block->index;
        done_.emplace(index, Done{std::move(block), std::move(owned)});
        if (committing_) return;
        committing_ = true;
        while (!done_.empty() && done_.begin()->first == next_commit_ &&
               next_commit_ < stopped_at_) {
            Done d = std::move(done_.begin()->second);
            done_.erase(done_.begin());
            lock.unlock();
            std::exception_ptr error;
            try {
                commit_(*d.block);
            } catch (...) {
                error = std::current_exception();
            }
            const std::size_t read = d.block->rows_read;
            d = Done{};  // free the block before the next one
            lock.lock();
            if (error) {
                fail_locked(next_commit_, error);
                break;
            }
            rows_read_ += read;
            ++next_commit_;
            cv_.notify_all();
        }
        committing_ = false;
    }

    struct Done {
        std::unique_ptr<PointCsvBlock> block;
        std::deque<std::string> owned;
    };

    const PointCsvRequest& request_;
    detail::InputFile& file_;
    const PointBlockWork& work_;
    const PointBlockCommit& commit_;
    const std::size_t window_;

    std::mutex mutex_;
    std::condition_variable cv_;
    std::string carry_;
    std::uint64_t carry_offset_ = 0;
    bool eof_ = false;
    bool done_reading_ = false;
    std::size_t next_index_ = 0;
    std::size_t next_line_ = 1;
    std::size_t next_commit_ = 0;
    bool committing_ = false;
    std::map<std::size_t, Done> done_;
    std::size_t stopped_at_ = SIZE_MAX;
    std::exception_ptr error_;
    std::size_t rows_read_ = 0;
};

}  // namespace

PointCsvInfo read_point_csv(const PointCsvRequest& request, const PointBlockWork& work,
                            const PointBlockCommit& commit) {
    if (request.extra.size() > kMaxExtraColumns)
        throw config_error("read_point_csv: at most 4 extra columns");
    detail::InputFile file(request.path);
    Pipeline pipeline(request, file, work, commit);
    std::unique_ptr<PointCsvBlock> first = pipeline.first_block();

    // The header: the first record of the first block.
    PointCsvInfo info;
    std::size_t skip = 0;
    {
        const std::string_view text = first ? std::string_view(first->text) : std::string_view();
        detail::check_csv_text(text, request.path);
        detail::CsvCursor cursor(text, request.path);
        info.header = detail::read_header(cursor, request.path);
        skip = cursor.end_offset();
    }
    Columns columns;
    columns.count = info.header.size();
    columns.x = csv_column(info.header, request.x, request.path);
    columns.y = csv_column(info.header, request.y, request.path);
    for (std::size_t k = 0; k < request.extra.size(); ++k)
        if (!request.extra[k].empty())
            columns.extra[k] = csv_column(info.header, request.extra[k], request.path);

    // One transformation per process and pair (CrsTransform::shared: the areas read
    // beside these points use the same one), cloned per worker (~1 ms); with `decide`, one
    // lattice of exact nodes shared by the workers.
    const CrsTransform prototype = CrsTransform::shared(request.crs, request.target_crs);
    std::shared_ptr<LatticeNodes> nodes;
    if (request.decide && prototype.source_is_geographic())
        nodes = std::make_shared<LatticeNodes>(prototype, 0.02);
    const unsigned threads = std::max(1U, request.threads);
    if (threads == 1) {
        pipeline.run(0, columns, prototype, nodes, std::move(first), skip);
    } else {
        std::vector<std::thread> pool;
        pool.reserve(threads - 1);
        for (unsigned t = 1; t < threads; ++t)
            pool.emplace_back([&, t] { pipeline.run(t, columns, prototype, nodes, nullptr, 0); });
        pipeline.run(0, columns, prototype, nodes, std::move(first), skip);
        for (auto& th : pool) th.join();
    }
    pipeline.rethrow();
    info.transform = prototype.description();
    info.rows_read = pipeline.rows_read();
    return info;
}

struct CsvFieldReader::Impl {
    std::string path;
    std::string column_name;
    std::optional<std::size_t> column;
    std::unique_ptr<detail::InputFile> file;

    /// The record starting at `offset`, parsed by `fn(cursor)`.
    template <typename Fn>
    auto with_record(std::uint64_t offset, bool at_start, Fn&& fn) {
        if (!file) file = std::make_unique<detail::InputFile>(path);
        if (!file->seek(offset))
            throw input_error(path, "cannot read the file again at byte " + std::to_string(offset));
        std::string text;
        std::size_t want = 4096;
        for (;;) {
            const std::size_t got = file->read_into(text, want);
            const bool eof = got < want;
            const std::size_t end = eof ? text.size() : last_record_end(text);
            if (end > 0) {
                detail::CsvCursor cursor(std::string_view(text).substr(0, end), path, 1, at_start);
                return fn(cursor);
            }
            if (eof || text.size() > kMaxRecordBytes) break;
            want = text.size();
        }
        throw input_error(path, "cannot read the row at byte " + std::to_string(offset) +
                                    " again; was the file changed during the run?");
    }
};

CsvFieldReader::CsvFieldReader(std::string path, std::string column)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(path);
    impl_->column_name = std::move(column);
}
CsvFieldReader::~CsvFieldReader() = default;
CsvFieldReader::CsvFieldReader(CsvFieldReader&&) noexcept = default;
CsvFieldReader& CsvFieldReader::operator=(CsvFieldReader&&) noexcept = default;

std::string CsvFieldReader::at(std::uint64_t offset) {
    Impl& im = *impl_;
    if (!im.column) {
        im.column = im.with_record(0, true, [&](detail::CsvCursor& cursor) {
            return csv_column(detail::read_header(cursor, im.path), im.column_name, im.path);
        });
    }
    return im.with_record(offset, false, [&](detail::CsvCursor& cursor) {
        if (!cursor.next() || *im.column >= cursor.fields().size())
            throw input_error(im.path, "cannot read the row at byte " + std::to_string(offset) +
                                           " again; was the file changed during the run?");
        return std::string(cursor.fields()[*im.column]);
    });
}

}  // namespace assetmap::io

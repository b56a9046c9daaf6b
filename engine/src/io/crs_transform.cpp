#include <assetmap/core/error.hpp>
#include <assetmap/io/crs_transform.hpp>

#include <proj.h>

#include <algorithm>
#include <future>
#include <memory>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <tuple>

namespace assetmap::io {

namespace {

/// A box in a projected source's coordinates whose every point lies in the CRS's area of
/// use widened by the range check's margin (inner_box).
struct InnerBox {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool contains(double x, double y) const { return x >= x0 && x <= x1 && y >= y0 && y <= y1; }
};

}  // namespace

struct CrsTransform::Impl {
    PJ_CONTEXT* ctx = nullptr;
    PJ* op = nullptr;  // normalised: source (lon/lat or E/N) → target (E/N)
    PJ* to_lonlat = nullptr;  // projected sources only: source → OGC:CRS84, for range checks
    std::string source_crs;
    std::string target_crs;
    bool geographic = false;
    double west = -180, south = -90, east = 180, north = 90;  // area of use, degrees
    /// Projected sources: points in this box need no PROJ call for the range check.
    std::optional<InnerBox> inner;
    std::string description;

    ~Impl() {
        if (op) proj_destroy(op);
        if (to_lonlat) proj_destroy(to_lonlat);
        if (ctx) proj_context_destroy(ctx);
    }
};

namespace {

std::string last_error(PJ_CONTEXT* ctx) {
    const int code = proj_context_errno(ctx);
    const char* msg = code ? proj_context_errno_string(ctx, code) : nullptr;
    return msg ? msg : "unknown PROJ error";
}

constexpr double kAreaMarginDeg = 0.5;  // the range check's margin around the area of use

/// For a projected source (`to_lonlat`: source → CRS84): the box inside the images of the
/// area of use's four sides
/// (64 points a side, CRS84 → source), kept when every one of 4 × 64 points on its own
/// sides and its centre maps back (source → CRS84) inside the area of use widened by the
/// range check's 0.5° margin. That margin (tens of kilometres) dwarfs the curvature of a
/// side between two samples, so a point in the box is in range: the check gives the same
/// answers without a PROJ call for it. No box when anything is not finite or not so.
std::optional<InnerBox> inner_box(PJ* to_lonlat, double west, double south, double east,
                                  double north) {
    constexpr int kSamples = 64;
    struct {
        PJ* to_lonlat;
        double west, south, east, north;
    } im{to_lonlat, west, south, east, north};
    if (!im.to_lonlat || !(im.east > im.west) || !(im.north > im.south)) return std::nullopt;
    double x0 = -HUGE_VAL, x1 = HUGE_VAL, y0 = -HUGE_VAL, y1 = HUGE_VAL;
    for (int k = 0; k <= kSamples; ++k) {
        const double t = static_cast<double>(k) / kSamples;
        const double lon = im.west + t * (im.east - im.west);
        const double lat = im.south + t * (im.north - im.south);
        const PJ_COORD left = proj_trans(im.to_lonlat, PJ_INV, proj_coord(im.west, lat, 0, 0));
        const PJ_COORD right = proj_trans(im.to_lonlat, PJ_INV, proj_coord(im.east, lat, 0, 0));
        const PJ_COORD bottom = proj_trans(im.to_lonlat, PJ_INV, proj_coord(lon, im.south, 0, 0));
        const PJ_COORD top = proj_trans(im.to_lonlat, PJ_INV, proj_coord(lon, im.north, 0, 0));
        for (const PJ_COORD& c : {left, right, bottom, top})
            if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y)) return std::nullopt;
        x0 = std::max(x0, left.xy.x);
        x1 = std::min(x1, right.xy.x);
        y0 = std::max(y0, bottom.xy.y);
        y1 = std::min(y1, top.xy.y);
    }
    if (!(x0 < x1) || !(y0 < y1)) return std::nullopt;
    const auto in_range = [&](double x, double y) {
        const PJ_COORD g = proj_trans(im.to_lonlat, PJ_FWD, proj_coord(x, y, 0, 0));
        return std::isfinite(g.xy.x) && std::isfinite(g.xy.y) &&
               g.xy.x >= im.west - kAreaMarginDeg && g.xy.x <= im.east + kAreaMarginDeg &&
               g.xy.y >= im.south - kAreaMarginDeg && g.xy.y <= im.north + kAreaMarginDeg;
    };
    if (!in_range((x0 + x1) / 2, (y0 + y1) / 2)) return std::nullopt;
    for (int k = 0; k <= kSamples; ++k) {
        const double t = static_cast<double>(k) / kSamples;
        const double x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
        if (!in_range(x0, y) || !in_range(x1, y) || !in_range(x, y0) || !in_range(x, y1))
            return std::nullopt;
    }
    return InnerBox{x0, y0, x1, y1};
}

/// Owns a PJ.
struct Pj {
    PJ* p = nullptr;
    explicit Pj(PJ* pj) : p(pj) {}
    ~Pj() {
        if (p) proj_destroy(p);
    }
    Pj(const Pj&) = delete;
    Pj& operator=(const Pj&) = delete;
};

/// Owns a PJ_CONTEXT.
struct PjContext {
    PJ_CONTEXT* ctx = proj_context_create();
    PjContext() { proj_log_level(ctx, PJ_LOG_NONE); }
    ~PjContext() { proj_context_destroy(ctx); }
    PjContext(const PjContext&) = delete;
    PjContext& operator=(const PjContext&) = delete;
};

}  // namespace

std::optional<std::string> metric_crs_problem(const std::string& crs) {
    PjContext c;
    if (!c.ctx) throw crs_error("cannot create a PROJ context");
    Pj pj(proj_create(c.ctx, crs.c_str()));
    if (!pj.p)
        throw crs_error("unknown CRS '" + crs + "' (" + last_error(c.ctx) +
                        "); use an authority code such as EPSG:27700");
    // A bound CRS (+towgs84) or a compound CRS (with heights): its horizontal part.
    std::unique_ptr<Pj> part;
    PJ* h = pj.p;
    if (proj_get_type(h) == PJ_TYPE_BOUND_CRS) {
        part = std::make_unique<Pj>(proj_get_source_crs(c.ctx, h));
        if (part->p) h = part->p;
    }
    std::unique_ptr<Pj> sub;
    if (proj_get_type(h) == PJ_TYPE_COMPOUND_CRS) {
        sub = std::make_unique<Pj>(proj_crs_get_sub_crs(c.ctx, h, 0));
        if (sub->p) h = sub->p;
    }
    const auto type = proj_get_type(h);
    if (type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS)
        return std::string("is geographic (degrees, not metres)");
    if (type != PJ_TYPE_PROJECTED_CRS) return std::string("is not a projected CRS");
    Pj conversion(proj_crs_get_coordoperation(c.ctx, h));
    const char* method = nullptr;
    if (conversion.p &&
        proj_coordoperation_get_method_info(c.ctx, conversion.p, &method, nullptr, nullptr) &&
        method && std::string(method).find("Pseudo Mercator") != std::string::npos)
        return std::string("is Web Mercator (its metres are not ground metres)");
    Pj cs(proj_crs_get_coordinate_system(c.ctx, h));
    const int axes = cs.p ? proj_cs_get_axis_count(c.ctx, cs.p) : 0;
    if (axes < 2) return std::string("has no usable axes");
    for (int i = 0; i < axes; ++i) {
        double to_metre = 0;
        const char* unit = nullptr;
        if (!proj_cs_get_axis_info(c.ctx, cs.p, i, nullptr, nullptr, nullptr, &to_metre, &unit,
                                   nullptr, nullptr) ||
            std::fabs(to_metre - 1.0) > 1e-12)
            return std::string("has axes in ") + (unit ? unit : "an unknown unit") +
                   ", not metres";
    }
    return std::nullopt;
}

CrsTransform::CrsTransform(const std::string& source_crs, const std::string& target_crs,
                           RangeCheck range)
    : impl_(std::make_unique<Impl>()) {
    auto& im = *impl_;
    im.source_crs = source_crs;
    im.target_crs = target_crs;
    im.ctx = proj_context_create();
    if (!im.ctx) throw crs_error("cannot create a PROJ context");
    proj_log_level(im.ctx, PJ_LOG_NONE);

    PJ* src = proj_create(im.ctx, source_crs.c_str());
    if (!src)
        throw crs_error("unknown CRS '" + source_crs + "' (" + last_error(im.ctx) +
                        "); use an authority code such as EPSG:4326 or EPSG:27700");
    PJ* dst = proj_create(im.ctx, target_crs.c_str());
    if (!dst) {
        proj_destroy(src);
        throw crs_error("unknown CRS '" + target_crs + "' (" + last_error(im.ctx) +
                        "); use an authority code such as EPSG:27700");
    }
    const auto type = proj_get_type(src);
    im.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;

    double w = 0, s = 0, e = 0, n = 0;
    if (proj_get_area_of_use(im.ctx, src, &w, &s, &e, &n, nullptr) && w > -1000) {
        im.west = w, im.south = s, im.east = e, im.north = n;
    }
    // Sample point for describing the operation: the middle of the target's area of use.
    double sample_lon = (im.west + im.east) / 2, sample_lat = (im.south + im.north) / 2;
    if (proj_get_area_of_use(im.ctx, dst, &w, &s, &e, &n, nullptr) && w > -1000) {
        sample_lon = (w + e) / 2, sample_lat = (s + n) / 2;
    }

    PJ* op = proj_create_crs_to_crs_from_pj(im.ctx, src, dst, nullptr, nullptr);
    proj_destroy(src);
    proj_destroy(dst);
    if (!op)
        throw crs_error("no transformation from '" + source_crs + "' to '" + target_crs +
                        "': " + last_error(im.ctx));
    PJ* norm = proj_normalize_for_visualization(im.ctx, op);
    proj_destroy(op);
    if (!norm)
        throw crs_error("cannot normalise axis order for '" + source_crs + "': " +
                        last_error(im.ctx));
    im.op = norm;

    if (!im.geographic && range == RangeCheck::yes) {
        im.to_lonlat = proj_create_crs_to_crs(im.ctx, source_crs.c_str(), "OGC:CRS84", nullptr);
        im.inner = inner_box(im.to_lonlat, im.west, im.south, im.east, im.north);
    }
    if (!im.geographic && !im.to_lonlat) {
        // No sample coordinate in the source: PROJ's name for the set of candidates.
        const PJ_PROJ_INFO info = proj_pj_info(im.op);
        im.description = info.description ? info.description : "unknown operation";
        return;
    }

    // Describe the operation PROJ picks for a point in the middle of the source's area of
    // use (with several candidates PROJ only knows after a transform).
    std::ostringstream desc;
    PJ* used = nullptr;
    double cx = sample_lon, cy = sample_lat;
    if (!im.geographic && im.to_lonlat) {
        // pick a source coordinate by transforming the centre of the area of use back
        PJ_COORD g = proj_trans(im.to_lonlat, PJ_INV, proj_coord(cx, cy, 0, 0));
        cx = g.xy.x, cy = g.xy.y;
    }
    proj_trans(im.op, PJ_FWD, proj_coord(cx, cy, 0, 0));
    used = proj_trans_get_last_used_operation(im.op);
    PJ_PROJ_INFO info = proj_pj_info(used ? used : im.op);
    desc << (info.description ? info.description : "unknown operation");
    if (info.accuracy >= 0) desc << " (accuracy " << info.accuracy << " m)";
    if (used) proj_destroy(used);
    im.description = desc.str();
}

CrsTransform CrsTransform::clone() const {
    const auto& src = *impl_;
    CrsTransform out;
    out.impl_ = std::make_unique<Impl>();
    auto& im = *out.impl_;
    im.source_crs = src.source_crs;
    im.target_crs = src.target_crs;
    im.geographic = src.geographic;
    im.west = src.west, im.south = src.south, im.east = src.east, im.north = src.north;
    im.inner = src.inner;
    im.description = src.description;
    im.ctx = proj_context_create();
    if (!im.ctx) throw crs_error("cannot create a PROJ context");
    proj_log_level(im.ctx, PJ_LOG_NONE);
    im.op = proj_clone(im.ctx, src.op);
    if (!im.op)
        throw crs_error("cannot copy the transformation from '" + src.source_crs + "': " +
                        last_error(im.ctx));
    if (src.to_lonlat) {
        im.to_lonlat = proj_clone(im.ctx, src.to_lonlat);
        if (!im.to_lonlat)
            throw crs_error("cannot copy the transformation from '" + src.source_crs +
                            "' to lon/lat: " + last_error(im.ctx));
    }
    return out;
}

CrsTransform CrsTransform::shared(const std::string& source_crs, const std::string& target_crs,
                                  RangeCheck range) {
    // One build per pair: the first caller builds it (outside the lock; ~40 ms for
    // EPSG:4326 -> EPSG:27700, most of it PROJ's database), a caller of the same pair meanwhile
    // waits for that build (sooner done than a build of its own: count reads the areas and the
    // points at once, and both need it), and every caller gets a clone (~1 ms). A failed build
    // is forgotten, so the next caller tries again and gets its own error.
    using Built = std::shared_ptr<const CrsTransform>;
    static std::mutex mu;
    static std::map<std::tuple<std::string, std::string, RangeCheck>, std::shared_future<Built>>
        built;
    const auto key = std::make_tuple(source_crs, target_crs, range);
    std::promise<Built> promise;
    std::shared_future<Built> ready;
    {
        std::lock_guard<std::mutex> lock(mu);
        if (const auto it = built.find(key); it != built.end()) {
            ready = it->second;
        } else {
            built.emplace(key, promise.get_future().share());
        }
    }
    if (ready.valid()) {
        const Built prototype = ready.get();  // rethrows the builder's error
        std::lock_guard<std::mutex> lock(mu);
        return prototype->clone();
    }
    try {
        auto made = std::make_shared<const CrsTransform>(source_crs, target_crs, range);
        CrsTransform mine = made->clone();
        promise.set_value(std::move(made));
        return mine;
    } catch (...) {
        {
            std::lock_guard<std::mutex> lock(mu);
            built.erase(key);
        }
        promise.set_exception(std::current_exception());
        throw;
    }
}

CrsTransform::~CrsTransform() = default;
CrsTransform::CrsTransform(CrsTransform&&) noexcept = default;
CrsTransform& CrsTransform::operator=(CrsTransform&&) noexcept = default;

std::optional<PointM> CrsTransform::to_metric(double x, double y) const {
    if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    PJ_COORD c = proj_coord(x, y, 0, 0);
    PJ_COORD r = proj_trans(impl_->op, PJ_FWD, c);
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL)
        return std::nullopt;
    return PointM{r.xy.x, r.xy.y};
}

std::optional<LonLat> CrsTransform::to_source(const PointM& p) const {
    if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m)) return std::nullopt;
    PJ_COORD c = proj_coord(p.x_m, p.y_m, 0, 0);
    PJ_COORD r = proj_trans(impl_->op, PJ_INV, c);
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL)
        return std::nullopt;
    return LonLat{r.xy.x, r.xy.y};
}

void CrsTransform::to_metric_batch(double* x, double* y, std::size_t n) const {
    if (n == 0) return;
    proj_trans_generic(impl_->op, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0,
                       0, nullptr, 0, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) x[i] = y[i] = std::nan("");
    }
}

void CrsTransform::in_source_area_of_use_batch(const double* x, const double* y, std::size_t n,
                                               std::vector<unsigned char>& inside) const {
    const auto& im = *impl_;
    inside.assign(n, 1);
    const double margin = 0.5;  // degrees
    if (im.geographic) {
        for (std::size_t i = 0; i < n; ++i)
            inside[i] = std::isfinite(x[i]) && std::isfinite(y[i]) && x[i] >= im.west - margin &&
                        x[i] <= im.east + margin && y[i] >= im.south - margin &&
                        y[i] <= im.north + margin;
        return;
    }
    if (!im.to_lonlat || n == 0) {
        for (std::size_t i = 0; i < n; ++i) inside[i] = std::isfinite(x[i]) && std::isfinite(y[i]);
        return;
    }
    // Points in the inner box are in range; the others go through PROJ in one batch.
    std::vector<std::size_t> at;
    std::vector<double> lon, lat;
    for (std::size_t i = 0; i < n; ++i) {
        if (im.inner && im.inner->contains(x[i], y[i])) continue;
        at.push_back(i);
        lon.push_back(x[i]);
        lat.push_back(y[i]);
    }
    if (at.empty()) return;
    proj_trans_generic(im.to_lonlat, PJ_FWD, lon.data(), sizeof(double), at.size(), lat.data(),
                       sizeof(double), at.size(), nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t k = 0; k < at.size(); ++k) {
        const std::size_t i = at[k];
        inside[i] = std::isfinite(x[i]) && std::isfinite(y[i]) && std::isfinite(lon[k]) &&
                    std::isfinite(lat[k]) && lon[k] >= im.west - margin &&
                    lon[k] <= im.east + margin && lat[k] >= im.south - margin &&
                    lat[k] <= im.north + margin;
    }
}

bool CrsTransform::source_is_geographic() const noexcept { return impl_->geographic; }

bool CrsTransform::in_source_area_of_use(double x, double y) const {
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    const auto& im = *impl_;
    if (im.geographic) {
        const double margin = 0.5;  // degrees
        return x >= im.west - margin && x <= im.east + margin && y >= im.south - margin &&
               y <= im.north + margin;
    }
    if (!im.to_lonlat || (im.inner && im.inner->contains(x, y))) return true;
    PJ_COORD g = proj_trans(im.to_lonlat, PJ_FWD, proj_coord(x, y, 0, 0));
    const double margin = 0.5;
    return std::isfinite(g.xy.x) && std::isfinite(g.xy.y) && g.xy.x >= im.west - margin &&
           g.xy.x <= im.east + margin && g.xy.y >= im.south - margin && g.xy.y <= im.north + margin;
}

std::string CrsTransform::description() const { return impl_->description; }
const std::string& CrsTransform::source_crs() const noexcept { return impl_->source_crs; }
const std::string& CrsTransform::target_crs() const noexcept { return impl_->target_crs; }

}  // namespace assetmap::io

/// @file The walking-network measures of one category (README, "Walking network"):
///
/// Population points and assets are snapped to the nearest point on a network edge; the
/// snap distances are part of the walk. Points farther than the study's snap limit are
/// reported (problems) and left out of the net_ sums; so are assets.
/// d_p = walking metres from p to the nearest asset of the category (one multi-source
/// search over the whole network); unreachable when no asset is in p's component.
/// - net_nearest_m     Σ w_p d_p / Σ w_p over snapped points that reach an asset;
/// - net_minutes       net_nearest_m / (walking speed in m/min), 4.8 km/h by default;
/// - net_coverage_pct  100 · Σ w_p [d_p ≤ T] / Σ w_p over snapped points (unreachable = not
///                     covered);
/// - net_cumulative_T  Σ w_p · #{assets within T walking metres} / Σ w_p over snapped points
///                     (one search per asset bounded at T);
/// - net_reachable_pct 100 · weight of snapped points that reach an asset / snapped weight,
///                     so islands are visible rather than silent.
/// Per-point values are computed once, then summed per area in point order: deterministic.
/// Categories are searched on several threads at once (walk_categories), each on one.

#include "measure_steps.hpp"

#include <assetmap/network/shortest_paths.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>

#include <cmath>
#include <cstdio>
#include <optional>

namespace assetmap::measure::detail {

struct NetworkContext {
    std::unique_ptr<network::WalkGraph> own_graph;     // when none was handed in
    std::unique_ptr<network::Snapper> own_snapper;
    const network::WalkGraph* graph = nullptr;
    const network::Snapper* snapper = nullptr;
    double snap_limit_m = 500.0;
    std::vector<std::size_t> snapped_point;   ///< measured point index, per snap
    std::vector<network::Snap> point_snaps;   ///< aligned with snapped_point
    std::vector<std::size_t> snapped_area;    ///< area index, aligned with snapped_point
};

void NetworkContextDeleter::operator()(NetworkContext* c) const { delete c; }

NetworkContextPtr prepare_network(const StudyData& data, const MeasuredPoints& points,
                                  unsigned threads, const network::WalkGraph* graph,
                                  const network::Snapper* snapper, MeasureResults& results) {
    NetworkContextPtr ctx(new NetworkContext);
    if (graph && snapper) {
        ctx->graph = graph;
        ctx->snapper = snapper;
    } else {
        ctx->own_graph = std::make_unique<network::WalkGraph>(*data.network);
        ctx->own_snapper = std::make_unique<network::Snapper>(*ctx->own_graph);
        ctx->graph = ctx->own_graph.get();
        ctx->snapper = ctx->own_snapper.get();
    }
    ctx->snap_limit_m = data.snap_limit_m;

    std::vector<std::optional<network::Snap>> snaps(points.size());
    parallel_for(
        points.size(), threads,
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t p = begin; p < end; ++p)
                if (points.usable(p))
                    snaps[p] = ctx->snapper->snap(points.location[p], ctx->snap_limit_m);
        },
        {});
    auto& facts = results.network;
    facts.used = true;
    facts.nodes = ctx->graph->node_count();
    facts.edges = ctx->graph->edge_count();
    facts.components = ctx->graph->component_count();
    facts.largest_component_nodes =
        ctx->graph->component_sizes().empty() ? 0 : ctx->graph->component_sizes().front();
    for (std::size_t a = 0; a + 1 < points.area_begin.size(); ++a) {
        for (std::size_t p = points.area_begin[a]; p < points.area_begin[a + 1]; ++p) {
            if (!points.usable(p)) continue;
            if (snaps[p]) {
                ctx->snapped_point.push_back(p);
                ctx->point_snaps.push_back(*snaps[p]);
                ctx->snapped_area.push_back(a);
                continue;
            }
            ++facts.points_beyond_limit;
            char msg[160];
            std::snprintf(msg, sizeof msg,
                          "population point is more than %.0f m from the walking network; left "
                          "out of the net_ measures of area %s",
                          ctx->snap_limit_m, data.areas[a].code.c_str());
            results.problems.add(Problem{ProblemKind::off_network, "network", "",
                                         "point " + std::to_string(p), "", msg,
                                         points.location[p]});
        }
    }
    facts.points_snapped = ctx->snapped_point.size();
    return ctx;
}

namespace {

CategoryWalks walk_category(const StudyData& data, const CategoryPlan& plan,
                            const NetworkContext& net) {
    const std::string& id = plan.category->id;
    CategoryWalks walks;
    std::vector<network::Snap> sources;
    for (const Asset& a : data.assets) {
        if (a.category != id) continue;
        if (!std::isfinite(a.location.x_m) || !std::isfinite(a.location.y_m)) continue;
        if (auto s = net.snapper->snap(a.location, net.snap_limit_m)) {
            sources.push_back(*s);
        } else if (a.area_code.empty() && !a.region_area_code.empty()) {
            // An asset of the region outside the study, beyond the study's network: expected,
            // counted in the metadata rather than reported.
            ++walks.region_assets_off_network;
        } else {
            char msg[200];
            std::snprintf(msg, sizeof msg,
                          "%s '%s' is more than %.0f m from the walking network; not used by "
                          "the net_ measures",
                          id.c_str(), a.name.c_str(), net.snap_limit_m);
            walks.problems.push_back(Problem{ProblemKind::off_network, a.sources.front().source,
                                             "", a.sources.front().id, "", msg, a.location});
        }
    }
    if (sources.empty()) return walks;
    walks.has_sources = true;
    walks.nearest = network::nearest_source_distances(*net.graph, sources, net.point_snaps);
    for (const double t : plan.thresholds_m)
        walks.within.push_back(network::sources_within(*net.graph, sources, net.point_snaps, t));
    return walks;
}

}  // namespace

std::vector<CategoryWalks> walk_categories(const StudyData& data,
                                           const std::vector<CategoryPlan>& plans,
                                           const NetworkContext& net, unsigned threads,
                                           const std::function<void(std::size_t)>& on_progress) {
    std::vector<CategoryWalks> walks(plans.size());
    parallel_for(
        plans.size(), threads, 1,
        [&](std::size_t begin, std::size_t end) {
            for (std::size_t k = begin; k < end; ++k) walks[k] = walk_category(data, plans[k], net);
        },
        on_progress);
    return walks;
}

bool add_network_sums(const CategoryPlan& plan, const MeasuredPoints& points,
                      const NetworkContext& net, const CategoryWalks& walks,
                      std::vector<Pool>* pools) {
    if (!walks.has_sources) return false;
    const auto& nearest = walks.nearest;
    const auto& within = walks.within;

    // Per-area sums in point order (snapped points are in area order already).
    for (std::size_t i = 0; i < net.snapped_point.size(); ++i) {
        const std::size_t p = net.snapped_point[i];
        Pool& pool = (*pools)[net.snapped_area[i]];
        const double w = points.weight[p];
        const double d = nearest[i];
        pool.net_weight += w;
        if (d != network::unreachable) {
            pool.net_reach_weight += w;
            pool.net_nearest += w * d;
        }
        for (std::size_t t = 0; t < plan.n_thresholds(); ++t) {
            if (d <= plan.thresholds_m[t]) pool.net_coverage[t] += w;
            pool.net_cumulative[t] += w * within[t][i];
        }
    }
    return true;
}

}  // namespace assetmap::measure::detail

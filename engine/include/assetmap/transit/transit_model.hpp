#pragma once
/// @file Everything public-transport routing needs for a study, prepared once: the service
/// date, one timetable per departure window, the stops located for walking, and the walks
/// between stops. Pure computation from the ingested study; immutable afterwards and safe
/// to share between threads.

#include <assetmap/core/transit_settings.hpp>
#include <assetmap/network/snapper.hpp>
#include <assetmap/network/walk_graph.hpp>
#include <assetmap/spatial/point_index.hpp>
#include <assetmap/transit/link_table.hpp>
#include <assetmap/transit/range_raptor.hpp>
#include <assetmap/transit/timetable.hpp>
#include <assetmap/transit/walker.hpp>

#include <memory>
#include <vector>

namespace assetmap::transit {

/// A departure window with its date, its departure grid and its timetable.
struct WindowTimetable {
    DepartureWindow window;
    Date date;
    std::vector<std::int32_t> departures_s;  ///< start, start + step, … < end
    Timetable timetable;                     ///< trips with a call in [start, last departure
                                             ///< + max_trip]
    LinkTable transfers;                     ///< the model's transfers to stops this
                                             ///< timetable serves (others lead nowhere)
};

class TransitModel {
public:
    /// `data` (the ingested timetables), `graph` and `snapper` are borrowed and must outlive
    /// the model; `graph`/`snapper` may be null (no walking network: straight lines × detour
    /// factor everywhere). Throws config_error when a date cannot be chosen (the feeds'
    /// service ranges do not overlap, or no trip runs on the weekday asked for) or a setting
    /// is out of range.
    TransitModel(const TransitData& data, const network::WalkGraph* graph,
                 const network::Snapper* snapper, double snap_limit_m, unsigned threads = 1);
    ~TransitModel();

    const TransitSettings& settings() const noexcept { return data_->settings; }
    const std::vector<GtfsFeed>& feeds() const noexcept { return data_->feeds; }
    /// The study's service date: [transit] date, else the feeds' first full weekday.
    const Date& date() const noexcept { return date_; }
    bool date_is_default() const noexcept { return !data_->settings.date; }
    const StopSet& stops() const noexcept { return stops_; }
    const std::vector<WalkPlace>& stop_places() const noexcept { return stop_places_; }
    const spatial::PointIndex& stop_index() const noexcept { return stop_index_; }
    /// Walks between stops within max_transfer_m (a stop is not linked to itself).
    const LinkTable& transfers() const noexcept { return transfers_; }
    const Walker& walker() const noexcept { return walker_; }
    const std::vector<WindowTimetable>& windows() const noexcept { return windows_; }
    /// The index of the window with this name, or windows().size().
    std::size_t find_window(const std::string& name) const;
    RaptorLimits limits() const;
    double walk_speed_kmh() const noexcept { return data_->settings.walk_speed_kmh; }

    /// The stops within max_walk_m of a place, with the walk (sorted by stop).
    AccessLinks access(const WalkPlace& origin) const;
    /// A timetable of the whole of `date` (00:00 to 48:00), e.g. for journeys from one place.
    Timetable day_timetable(const Date& date) const;
    /// The transfers to stops that `timetable` serves.
    LinkTable transfers_for(const Timetable& timetable) const;

private:
    const TransitData* data_;
    Date date_;
    StopSet stops_;
    Walker walker_;
    std::vector<WalkPlace> stop_places_;
    spatial::PointIndex stop_index_;
    LinkTable transfers_;
    std::vector<WindowTimetable> windows_;
};

}  // namespace assetmap::transit

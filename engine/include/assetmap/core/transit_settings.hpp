#pragma once
/// @file Public-transport settings (the study file's [transit] section) and the timetables
/// ingest hands to the measures, as plain values.

#include <assetmap/core/date.hpp>
#include <assetmap/core/gtfs_feed.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace assetmap {

/// One GTFS feed of the study.
struct TransitFeedSource {
    std::string name;         ///< short name, e.g. "bus"; recorded in outputs
    std::string path;         ///< a GTFS .zip or a folder of .txt files (resolved path)
    std::string licence;
    std::string attribution;
};

/// A named departure window: departures every `step_minutes` from start (inclusive) to end
/// (exclusive) on one service date.
struct DepartureWindow {
    std::string name;                  ///< [a-z][a-z0-9_]*, e.g. "weekday_am"; in column names
    std::int32_t start_s = 7 * 3600;   ///< seconds after midnight
    std::int32_t end_s = 9 * 3600;     ///< exclusive; > start_s
    std::optional<Date> date;          ///< a fixed date; else by `weekday`, else the study's
    std::optional<int> weekday;        ///< 0 = Monday … 6 = Sunday: the feeds' busiest such day
};

/// The study file's [transit] section. Distances are metres in the metric CRS.
struct TransitSettings {
    std::vector<TransitFeedSource> feeds;
    std::optional<Date> date;          ///< none = the feeds' first full weekday (see README)
    std::vector<DepartureWindow> windows;  ///< empty = one window weekday_am 07:00–09:00
    double step_minutes = 1.0;         ///< departure every step within a window (whole minutes)
    double max_walk_m = 1000.0;        ///< each walking leg: access, egress, walk-only
    double max_transfer_m = 1000.0;    ///< a walk between two stops when changing
    double walk_speed_kmh = 4.8;
    double detour_factor = 1.3;        ///< walking metres per straight-line metre off the network
    int max_transfers = 3;             ///< changes between vehicles (trips = transfers + 1)
    double max_trip_minutes = 90.0;    ///< door to door, waiting at the start included
    std::vector<std::string> categories;  ///< categories with pt measures; empty = all measured
    std::vector<double> isochrone_minutes{15.0, 30.0, 45.0};
    std::string isochrone_window;      ///< empty = the first window
    double isochrone_cell_m = 250.0;   ///< grid cell of the transit_isochrones layer
};

/// What ingest read for the study's public transport.
struct TransitData {
    TransitSettings settings;
    std::vector<GtfsFeed> feeds;       ///< in the order of settings.feeds; stops projected
};

}  // namespace assetmap

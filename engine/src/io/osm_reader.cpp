/// @file OSM reader (libosmium): categorised point and area assets from .osm.pbf / .osm files.
///
/// Two passes over the file. Pass 1 reads relations only: matching multipolygon/boundary
/// relations are remembered and handed to osmium's MultipolygonManager. Pass 2 reads nodes
/// and ways: node locations go into a sparse index so ways get their coordinates, tagged nodes
/// and open ways become points, and matching closed ways and the member ways of matching
/// relations are assembled into areas by osmium's Assembler.
///
/// Coordinates: every vertex is transformed with `to_metric` and the location of an area is
/// its area-weighted centroid in the metric CRS. `lonlat` of a node is the node's own
/// coordinate; for ways and relations it is the metric location transformed back with
/// CrsTransform::to_source (so both name the same point), falling back to the mean of the
/// object's WGS84 vertices if that fails.
///
/// Objects whose tags match an area category (e.g. green_space) but that cannot form a polygon
/// (nodes, open ways) are reported as wrong_geometry_type for that category, so every
/// area-category asset has a footprint. Matching relations that are not multipolygons or
/// boundaries (e.g. type=site) are reported the same way. Problems are added to the caller's
/// report only when the whole file was read (a throwing call adds none).
///
/// This file drives the two passes; the categorising handler (Collector), the conversion of
/// OSM geometry to the metric CRS and the assembler's problem reasons live in the
/// osm_reader_*.cpp files behind osm_reader_detail.hpp. libosmium headers are confined to
/// engine/src/io, and the slow ones (reader, PBF/XML input, assembler) to this file.

#include <assetmap/core/error.hpp>
#include <assetmap/io/osm_reader.hpp>

#include "osm_reader_detail.hpp"

#include <osmium/area/assembler.hpp>
#include <osmium/area/multipolygon_manager.hpp>
#include <osmium/handler/check_order.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/sparse_mem_array.hpp>
#include <osmium/io/any_compression.hpp>
#include <osmium/io/pbf_input.hpp>
#include <osmium/io/xml_input.hpp>
#include <osmium/osm/location.hpp>
#include <osmium/tags/tags_filter.hpp>
#include <osmium/visitor.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace assetmap::io {

namespace {

using detail::AssemblyReasons;
using detail::Collector;

/// Tags an object needs before osmium assembles it: the first positive (`key=…`) condition
/// of every selector (necessary for a match, so this is a cheap superset of the taxonomy;
/// the taxonomy refuses selectors without one).
osmium::TagsFilter assembly_filter(const Taxonomy& taxonomy) {
    osmium::TagsFilter filter{false};
    for (const auto& category : taxonomy.categories()) {
        for (const auto& selector : category.osm) {
            const auto it = std::find_if(selector.all_of.begin(), selector.all_of.end(),
                                         [](const TagCondition& c) { return !c.negated; });
            if (it == selector.all_of.end()) continue;
            const TagCondition& first = *it;
            if (first.values.empty()) {
                filter.add_rule(true, osmium::TagMatcher{first.key});
            } else {
                for (const auto& value : first.values)
                    filter.add_rule(true, osmium::TagMatcher{first.key, value});
            }
        }
    }
    return filter;
}

using LocationIndex =
    osmium::index::map::SparseMemArray<osmium::unsigned_object_id_type, osmium::Location>;

std::vector<RawAsset> read_impl(const std::string& path, const Taxonomy& taxonomy,
                                const CrsTransform& to_metric, ProblemReport& problems,
                                OsmReadStats* stats, const ProgressFn& progress) {
    const osmium::io::File file{path};

    AssemblyReasons reasons;
    osmium::area::Assembler::config_type config;
    config.problem_reporter = &reasons;
    config.create_empty_areas = false;  // a failed assembly yields no area at all
    osmium::area::MultipolygonManager<osmium::area::Assembler> manager{config,
                                                                       assembly_filter(taxonomy)};
    ProblemReport found;  // handed over only when the whole file was read
    Collector collector{path, taxonomy, to_metric, found, reasons};

    // Pass 1: relations.
    {
        osmium::io::Reader reader{file, osmium::osm_entity_bits::relation,
                                  osmium::io::read_meta::no};
        const std::size_t size = reader.file_size();
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, collector, manager);
            report_progress(progress, "osm pass 1", reader.offset(), size);
        }
        reader.close();
    }
    manager.prepare_for_lookup();

    // Pass 2: nodes and ways, with node locations and area assembly.
    {
        LocationIndex positive_ids;
        LocationIndex negative_ids;
        osmium::handler::NodeLocationsForWays<LocationIndex, LocationIndex> locations{
            positive_ids, negative_ids};
        locations.ignore_errors();  // clipped extracts: ways refer to nodes not in the file

        auto& assembled = manager.handler([&collector](osmium::memory::Buffer&& areas) {
            osmium::apply(areas, collector);
        });
        const auto entities = osmium::osm_entity_bits::node | osmium::osm_entity_bits::way;
        osmium::io::Reader reader{file, entities, osmium::io::read_meta::no};
        const std::size_t size = reader.file_size();
        while (osmium::memory::Buffer buffer = reader.read()) {
            osmium::apply(buffer, locations, collector, assembled);
            report_progress(progress, "osm pass 2", reader.offset(), size);
        }
        reader.close();
        assembled.flush();
    }
    collector.finish();

    if (stats != nullptr) *stats = collector.stats;
    for (const auto& problem : found.problems()) problems.add(problem);
    return collector.take_sorted();
}

}  // namespace

std::vector<RawAsset> read_osm_assets(const std::string& path, const std::string& source_name,
                                      const Taxonomy& taxonomy, const CrsTransform& to_metric,
                                      ProblemReport& problems, OsmReadStats* stats,
                                      const ProgressFn& progress) {
    (void)source_name;  // problems name the file; the caller labels assets by source
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw input_error(path, "file not found; check the path (an .osm.pbf or .osm file)");
    if (!fs::is_regular_file(path, ec))
        throw input_error(path, "not a regular file; give the path of an .osm.pbf or .osm file");
    if (fs::file_size(path, ec) == 0 && !ec)
        throw input_error(path, "the file is empty; re-download or re-extract the OSM data");

    try {
        return read_impl(path, taxonomy, to_metric, problems, stats, progress);
    } catch (...) {
        detail::rethrow_as_input_error(path);
    }
}

}  // namespace assetmap::io

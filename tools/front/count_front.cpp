/// @file run_count (see count_front.hpp).

#include "count_front.hpp"

#include "count_command.hpp"
#include "own_command.hpp"

#include <assetmap/atlas/point_count.hpp>

#include <utility>

namespace assetmap::tools::front {

std::optional<int> run_count(int argc, char** argv) {
    CountArgs args;
    return run_own_command(
        argc, argv,
        [&](CLI::App& app) { return std::make_pair(add_count_command(app, args), &args.threads); },
        [&](Console& console) { return count_command(args, console, &atlas::count_csv_points); });
}

}  // namespace assetmap::tools::front

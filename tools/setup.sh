#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine (run as root, or with sudo).
#   bash tools/setup.sh run    install, build, and run the main job on the default study
#   bash tools/setup.sh test   install, build, and run the whole test suite
#   bash tools/setup.sh build  install and build only
#   bash tools/setup.sh fuzz [SECONDS]  also install clang, build the `fuzz` preset and run
#                              every fuzz target for SECONDS (default 600) each (tools/fuzz.sh)
# Idempotent: installed packages and an existing build are reused.
set -euo pipefail

mode="${1:-run}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

packages=(
  # build
  cmake ninja-build g++ pkg-config
  # libraries
  libgdal-dev libgeos-dev libgeos++-dev libproj-dev libboost-dev
  libosmium2-dev libprotozero-dev zlib1g-dev libbz2-dev libexpat1-dev
  libsqlite3-dev catch2 libcli11-dev libtoml11-dev nlohmann-json3-dev libsimdjson-dev
  libpq-dev  # the edit store in PostgreSQL (assetmap serve --db PG:…)
  libmapnik-dev mapnik-utils fonts-dejavu-core libdeflate-dev
  # command-line peers and oracles used by the tests
  gdal-bin proj-bin sqlite3 osmium-tool python3 python3-geopandas python3-rtree time
  strace  # the front test reads the environment assetmap-count starts with
  python3-networkx python3-pyproj python3-shapely python3-mapnik python3-pil python3-gdal
  # the QGIS client check (PyQGIS, headless)
  python3-qgis qgis-providers
  # the report's checks: HTML parser, headless Chromium (PDF, screenshots), pdfinfo/pdftotext
  python3-html5lib chromium poppler-utils
  # the PostGIS export test and the join benchmark's peer; the network benchmark's peer
  postgresql-15-postgis-3 postgresql-15-pgrouting
  # assetmap serve: its load tool and static-file peer (its real clients, GDAL and QGIS, and
  # the web map's headless Chromium are listed above)
  wrk nginx
)
# The `fuzz` preset (libFuzzer needs clang); only `setup.sh fuzz` needs them: the test suite
# replays the fuzz seeds and regressions with the release build instead.
[ "$mode" != fuzz ] || packages+=(clang libclang-rt-14-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The web map's build: node and npm (Debian's, unless a node is installed already).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The web map's npm packages, pinned by tools/serve/web/package-lock.json (again only when the
# lock file is newer than the installed tree).
web="tools/serve/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "setup: installing the web map's npm packages (npm ci in $web)" >&2
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
fi

jobs="$(nproc)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"

data_dir="${ASSETMAP_DATA_DIR:-$here/../shared/data}"
case "$mode" in
  build) ;;
  run)
    if [ ! -d "$data_dir" ]; then
      echo "setup: data folder $data_dir not found; set ASSETMAP_DATA_DIR to the folder holding" \
           "the files listed in datasets/manifest.toml" >&2
      exit 3
    fi
    ASSETMAP_DATA_DIR="$data_dir" build/release/tools/assetmap run newport -o out/newport
    ;;
  test)
    # A real PostgreSQL/PostGIS for the PostGIS export test (started idempotently).
    ASSETMAP_TEST_PG="$(bash tools/start_postgis.sh)"
    export ASSETMAP_TEST_PG
    ctest --preset release -j "$jobs"
    ;;
  fuzz)
    bash tools/fuzz.sh "${2:-600}"
    ;;
  *)
    echo "usage: bash tools/setup.sh [run|test|build|fuzz [SECONDS]]" >&2
    exit 2
    ;;
esac

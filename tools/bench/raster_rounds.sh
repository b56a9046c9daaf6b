#!/bin/bash
# Whole-process rounds of raster tiles, interleaved so that a drift of the machine's speed
# hits every side alike: each round runs `assetmap tiles raster` of each binary given at
# 1 thread, the python3-mapnik naive peer (whole process, writing MBTiles), then each binary
# at 2 threads, and prints wall and CPU seconds per run, then each round's ratio
# peer / binary at 1 thread. Run assetmap_bench_raster once first (it writes the peer's
# style and GeoJSON into its --work-dir). Run it under /work/bin/alock here.
# Usage: raster_rounds.sh ROUNDS ATLAS BENCH_WORK_DIR BINARY [BINARY ...]
#   e.g. raster_rounds.sh 4 /tmp/atlas/newport.gpkg /tmp/assetmap_bench_raster \
#          /tmp/assetmap_before build/release/tools/assetmap
# Env: INDICATOR (asset_index), ZOOM (10-16), FONTS_DIR, PLUGINS_DIR (Debian's paths).
set -euo pipefail
rounds=${1:?usage: raster_rounds.sh ROUNDS ATLAS BENCH_WORK_DIR BINARY [BINARY ...]}
atlas=${2:?atlas}
work=${3:?bench work dir}
shift 3
[ $# -gt 0 ] || { echo "give at least one assetmap binary" >&2; exit 2; }
[ -f "$work/style.xml" ] || { echo "$work/style.xml missing: run assetmap_bench_raster --work-dir $work first" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d /tmp/assetmap_raster_rounds.XXXXXX)
trap 'rm -rf "$out"' EXIT
indicator=${INDICATOR:-asset_index}
zoom=${ZOOM:-10-16}
peer=(/usr/bin/python3 "$here/peer_mapnik_naive.py" --work-dir "$work"
      --styles-dir "$here/../../styles"
      --fonts-dir "${FONTS_DIR:-/usr/share/fonts/truetype/dejavu}"
      --plugins-dir "${PLUGINS_DIR:-/usr/lib/mapnik/3.1/input}"
      --scale 1 --format png8:m=h --buffer 128 --repeat 1 --mbtiles "$out/peer.mbtiles")
wall() { /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; }
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$rounds"); do
  declare -A one=()
  for i in $(seq 1 $#); do
    read -r e u s < <(wall "${!i}" -q tiles raster "$atlas" --indicator "$indicator" \
                       --zoom "$zoom" --threads 1 -o "$out/t1_$i.mbtiles")
    one[$i]=$e
    echo "round $r binary $i threads 1: $e s wall, CPU $u + $s s"
  done
  read -r pe pu ps < <(wall "${peer[@]}")
  echo "round $r peer: $pe s wall, CPU $pu + $ps s"
  for i in $(seq 1 $#); do
    read -r e u s < <(wall "${!i}" -q tiles raster "$atlas" --indicator "$indicator" \
                       --zoom "$zoom" --threads 2 -o "$out/t2_$i.mbtiles")
    echo "round $r binary $i threads 2: $e s wall, CPU $u + $s s"
  done
  for i in $(seq 1 $#); do
    echo "round $r ratio peer / binary $i at 1 thread: $(awk -v p="$pe" -v a="${one[$i]}" 'BEGIN{printf "%.2f", p/a}')x"
  done
done
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after"

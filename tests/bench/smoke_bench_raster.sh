#!/usr/bin/env bash
# Smoke test of assetmap_bench_raster on the tiny study's atlas: the in-process runs, the
# naive python-mapnik peer, and the whole-process comparison (assetmap tiles raster against
# the peer script writing MBTiles) all print their lines. No timing is asserted.
#
# usage: smoke_bench_raster.sh ASSETMAP_BENCH_RASTER ASSETMAP
set -euo pipefail
bench=$1
am=$2
fx="${ASSETMAP_FIXTURES:?}"
unset ASSETMAP_DATA_DIR  # the fixtures name their own data_dir
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$am" -q measure "$fx/tiny/study.toml" -o "$work/atlas.gpkg"
out=$("$bench" --atlas "$work/atlas.gpkg" --zoom 13-16 --threads 2 --repeat 1 \
    --work-dir "$work/bench" --assetmap "$am")
echo "$out"
grep -q '^assetmap: 1 thread .* tiles/s' <<<"$out"
grep -q '^peer: python3-mapnik naive loop' <<<"$out"
grep -q '^whole: assetmap tiles raster, whole process, threads=1: .* [1-9][0-9]* tiles written' <<<"$out"
grep -q '^whole: assetmap tiles raster, whole process, threads=2: ' <<<"$out"
grep -q '^whole: peer python3-mapnik naive loop, whole process' <<<"$out"
grep -q '^ratio    raster whole process, peer time / assetmap time, threads=1' <<<"$out"
! grep -q 'tiles written differ' <<<"$out"
[[ $(sqlite3 "$work/bench/whole_peer.mbtiles" 'select count(*) from tiles') -gt 0 ]]
"$bench" --help | grep -q -- '--whole'
if "$bench" --whole maybe 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_raster: ok"

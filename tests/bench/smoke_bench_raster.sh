#!/usr/bin/env bash
# Smoke test of assetmap_bench_raster on the tiny study's atlas: the in-process runs, the
# naive python-mapnik peer, and the whole-process comparison (assetmap tiles raster against
# the peer script writing MBTiles, and two 1-thread copies at once for the machine's ceiling)
# all print their lines. No timing is asserted.
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
grep -q '^whole: 2 copies of the 1-thread run at once: .* the machine.s ceiling for 2 threads' <<<"$out"
grep -Eq '^ratio    raster whole process, threads=2 vs 1 \(scaling\): ([0-9]+\.[0-9]{2}x|not given)' <<<"$out"
grep -Eq '^ratio    raster whole process, scaling as a share of the machine.s ceiling .*: ([0-9]+\.[0-9]{2}x|not given)' <<<"$out"
# each copy wrote its own complete MBTiles, the same tiles as the 1-thread run
for k in 0 1; do
    [[ $(sqlite3 "$work/bench/copy_$k.mbtiles" 'select count(*) from tiles') -eq \
       $(sqlite3 "$work/bench/whole_1.mbtiles" 'select count(*) from tiles') ]]
done
grep -q '^whole: peer python3-mapnik naive loop, whole process' <<<"$out"
grep -q '^ratio    raster whole process, peer time / assetmap time, threads=1' <<<"$out"
! grep -q 'tiles written differ' <<<"$out"
[[ $(sqlite3 "$work/bench/whole_peer.mbtiles" 'select count(*) from tiles') -gt 0 ]]
"$bench" --help | grep -q -- '--whole'
if "$bench" --whole maybe 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_raster: ok"

#!/usr/bin/env bash
# Smoke test of assetmap_bench_tiles: makes the Newport atlas with the assetmap CLI, tiles
# zooms 8-11 without the ogr2ogr peer, and checks the output lines and the tiles written.
# No timing is asserted (figures vary with the machine).
#
# usage: smoke_bench_tiles.sh ASSETMAP_BENCH_TILES ASSETMAP
set -euo pipefail
bench=$1
assetmap=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$bench" --zoom 8-11 --threads 2 --repeat 1 --no-peer --output folder --work-dir "$work" \
    --assetmap "$assetmap")
echo "$out"
grep -q '^  areas: [1-9][0-9]* polygons' <<<"$out"
grep -q '^  assets: [1-9][0-9]* points' <<<"$out"
grep -q '^tiling z8-11 threads=1: .* tiles/s' <<<"$out"
grep -q '^tiling z8-11 threads=2: .* tiles/s' <<<"$out"
grep -q '^tiles: [1-9][0-9]*, .* capped 0' <<<"$out"
grep -q '^end to end threads=2 (read, project, tile, gzip, write folder)' <<<"$out"
grep -q '^peer: skipped' <<<"$out"
# The folder written by the end-to-end run: one zoom folder per zoom, gzipped tiles.
for z in 8 9 10 11; do [[ -d "$work/tiles/$z" ]]; done
tile=$(find "$work/tiles/11" -name '*.pbf' -print -quit)  # not | head: SIGPIPE under pipefail
[[ $(head -c 2 "$tile" | od -An -tx1 | tr -d ' ') == 1f8b ]]
"$bench" --help | grep -q -- '--no-peer'
if "$bench" --zoom 9-x 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_tiles: ok"

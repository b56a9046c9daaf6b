#!/bin/bash
# Scale runs of whole studies: `assetmap run` on each study given (default: the Wales MSOA and
# LSOA studies), printing the run's own table of wall time and peak memory per stage
# (ingest, measure, export, vector tiles, each raster tile set) and the whole process's wall
# time and peak RSS from GNU time. Run it on an idle machine (under /work/bin/alock here).
# Usage: bench_study.sh <assetmap binary> [study …]   (env ASSETMAP_DATA_DIR, THREADS)
set -euo pipefail
exe=${1:?usage: bench_study.sh <assetmap binary> [study ...]}
shift
studies=("$@")
[ ${#studies[@]} -gt 0 ] || studies=(wales wales_lsoa)
out=$(mktemp -d /tmp/assetmap_bench_study.XXXXXX)
trap 'rm -rf "$out"' EXIT
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")
for s in "${studies[@]}"; do
  echo "== assetmap run $s (${THREADS:-all} threads, $(nproc) cores)"
  /usr/bin/time -f "process: %e s wall, %M KiB peak RSS" "$exe" run "$s" -o "$out/$s" \
    "${threads[@]}" 2> "$out/$s.log" || { cat "$out/$s.log"; exit 1; }
  grep -E '^study |^measured |^stage|^  |^process:' "$out/$s.log"
done

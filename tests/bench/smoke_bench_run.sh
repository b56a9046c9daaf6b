#!/usr/bin/env bash
# Smoke test of tools/bench/bench_run_wales.sh on the tiny study: the whole run and every
# stage print a line with wall time, CPU, peak memory and CPU share. No timing is asserted.
#
# usage: smoke_bench_run.sh BENCH_RUN_WALES_SH ASSETMAP
set -euo pipefail
script=$1
am=$2
fx="${ASSETMAP_FIXTURES:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$(bash "$script" "$am" --study "$fx/tiny/study.toml" --work-dir "$work" --threads 2)
echo "$out"
grep -q '^run --no-report (whole process) .* s wall, CPU .* peak memory .* share' <<<"$out"
grep -q '^atlas: [1-9][0-9]* areas, [1-9][0-9]* tiles' <<<"$out"
for stage in measure 'tiles vector' 'tiles raster asset_index' 'tiles raster structural_score' report; do
    grep -q "^  $stage.* s wall" <<<"$out"
done
grep -q '^bench_run_wales: ok' <<<"$out"
if bash "$script" "$am" --bogus 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_run: ok"

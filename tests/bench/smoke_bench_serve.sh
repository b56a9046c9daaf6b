#!/usr/bin/env bash
# Smoke test of tools/bench/serve_bench.sh: one-second runs on the default study, nginx
# included; checks every output line and zero errors. No timing is asserted.
#
# usage: smoke_bench_serve.sh SERVE_BENCH ASSETMAP DATA_DIR
set -euo pipefail
bench=$1
assetmap=$2
data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=$(bash "$bench" --assetmap "$assetmap" --data-dir "$data" --duration 1 --latency-duration 1 \
  --connections 8 --work-dir "$work")
echo "$out"
grep -q '^tiles: [1-9][0-9]* vector tiles of newport_vector' <<<"$out"
grep -q '^assetmap serve (2 threads) .* req/s .* errors 0 ' <<<"$out"
grep -q '^nginx .* req/s .* errors 0 ' <<<"$out"
grep -q '^ratio assetmap / nginx' <<<"$out"
grep -q '^/api/near 15 min walk .* errors 0;' <<<"$out"
grep -q '^area profiles computed at start-up: [1-9][0-9]* in' <<<"$out"
grep -q '^/api/areas/{code} .* errors 0;' <<<"$out"
grep -q '^raster z14 rendered on demand .* socket errors 0;' <<<"$out"
grep -q '^serve_bench: done' <<<"$out"
# The nginx configuration the benchmark wrote is valid.
check=$(nginx -t -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>&1)
grep -q "syntax is ok" <<<"$check"
if bash "$bench" --duration x 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_serve: ok"

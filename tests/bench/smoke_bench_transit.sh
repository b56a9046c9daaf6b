#!/usr/bin/env bash
# Smoke test of assetmap_bench_transit on 20 Newport points and 3 categories, without the
# oracle (tests/integration/check_default_transit.py runs it on everything): every stage must
# run, the medians must be written, and the tool must exit with 0. No timing is asserted
# (figures vary with the machine).
#
# usage: smoke_bench_transit.sh ASSETMAP_BENCH_TRANSIT
set -euo pipefail
bench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$bench" --points 20 --categories gp_doctors,hospital,library --repeat 1 --threads 2 \
    --peers none --dump "$work/medians.csv")
echo "$out"
grep -q '^study: newport, 20 population points, 3 categories' <<<"$out"
grep -Eq '^stage \(best of 1, 2 threads\): read feeds [0-9.]+ s' <<<"$out"
grep -Eq '^work: 20 points x 120 departures x 1 windows x 3 categories; [1-9][0-9]* RAPTOR' <<<"$out"
grep -q '^peak memory: ' <<<"$out"
[[ $(wc -l < "$work/medians.csv") -eq 61 ]]   # header + 20 points x 3 categories
"$bench" --help | grep -q -- '--peers'
if "$bench" --bogus 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_transit: ok"

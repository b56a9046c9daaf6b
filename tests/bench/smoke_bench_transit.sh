#!/usr/bin/env bash
# Smoke test of assetmap_bench_transit on 10 Newport points and the hospital category, with
# its peer (the Python oracle, tests/integration/transit_oracle.py; about 40 s, most of it
# the oracle building its time-expanded graph): every stage must run, the medians must be
# written, the oracle must agree, and the ratio line must be printed. No timing is asserted
# (figures vary with the machine); tests/integration/check_default_transit.py checks every
# point and category.
#
# usage: smoke_bench_transit.sh ASSETMAP_BENCH_TRANSIT
set -euo pipefail
bench=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$bench" --points 10 --categories hospital --repeat 1 --threads 2 \
    --work-dir "$work/oracle" --dump "$work/medians.csv")
echo "$out"
grep -q '^study: newport, 10 population points, 1 categories' <<<"$out"
grep -Eq '^stage \(best of 1, 2 threads\): read feeds [0-9.]+ s' <<<"$out"
grep -Eq '^work: 10 points x 120 departures x 1 windows x 1 categories; [1-9][0-9]* RAPTOR' <<<"$out"
grep -q '^peak memory: ' <<<"$out"
grep -q '^AGREEMENT ok' <<<"$out"
grep -Eq '^ratio \(oracle / assetmap\): stage [0-9.]+x .* whole process [0-9.]+x' <<<"$out"
[[ $(wc -l < "$work/medians.csv") -eq 11 ]]   # header + 10 points x 1 category
"$bench" --help | grep -q -- '--peers'
if "$bench" --bogus 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_transit: ok"

#!/usr/bin/env bash
# peer_postgis.sh with REPEAT and WORKERS: on a made-up set of points in 2 squares, the join
# is timed on 0 and on 1 parallel worker (the planner made to use it), each the best of 2
# runs, the counts are right, and the CPU lines count PostgreSQL's own processes.
# Expected counts by construction: A (0..10 m square) holds a 150 × 200 grid of points
# strictly inside it (30,000), B (20..30 m) a 100 × 200 grid (20,000); the point at
# (50, 50) is in neither. Enough rows that loading them takes PostgreSQL measurable CPU.
# Usage: test_peer_postgis.sh <tools/bench/peer_postgis.sh>. Skips (77) without PostGIS.
set -u
script="$1"
command -v psql >/dev/null || { echo "SKIP: no psql"; exit 77; }
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null ||
    { echo "SKIP: no PostGIS"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists assetmap_peer_test 2>/dev/null' EXIT
fail=0
bad() { echo "FAIL $*"; fail=1; }

{
    echo "x,y"
    awk 'BEGIN {
        for (i = 0; i < 150; ++i) for (j = 0; j < 200; ++j) printf "%.4f,%.4f\n", 0.5 + i * 0.06, 0.5 + j * 0.045
        for (i = 0; i < 100; ++i) for (j = 0; j < 200; ++j) printf "%.4f,%.4f\n", 20.5 + i * 0.09, 20.5 + j * 0.045
        print "50,50"
    }'
} >"$tmp/points.csv"
printf 'code,wkt\nA,"MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0)))"\nB,"MULTIPOLYGON(((20 20,30 20,30 30,20 30,20 20)))"\n' \
    >"$tmp/areas.csv"
out=$(ASSETMAP_BENCH_DB=assetmap_peer_test bash "$script" "$tmp/points.csv" "$tmp/areas.csv" \
    "$tmp/counts.csv" 2 0,1 2>&1)
rc=$?
if [[ $rc -eq 3 ]]; then echo "SKIP: $(grep '^SKIP' <<<"$out")"; exit 77; fi
[[ $rc -eq 0 ]] || { echo "$out"; bad "peer_postgis.sh exited $rc"; exit 1; }

grep -q '^RESULT points=50001 seconds=[0-9.]* runs=2 workers=0 label=join_w0$' <<<"$out" ||
    bad "no RESULT for 0 workers"
grep -q '^RESULT points=50001 seconds=[0-9.]* runs=2 workers=1 label=join_w1$' <<<"$out" ||
    bad "no RESULT for 1 worker: the parallel plan was not used"
grep -q '^plan join_w1: .*Workers Planned: 1' <<<"$out" || bad "join_w1's plan has no worker"
grep -q 'Workers Planned' <<<"$(grep '^plan join_w0' <<<"$out")" && bad "join_w0's plan has workers"
[[ $(grep -c '^JOIN join_w[01] runs (s): [0-9.]* [0-9.]*$' <<<"$out") -eq 2 ]] ||
    bad "each join must list its 2 runs"
for label in load join_w0 join_w1; do
    grep -q "^CPU $label wall=[0-9.]* side=[0-9.]* busy=[0-9.]* workers=[01]$" <<<"$out" ||
        bad "no CPU line for $label"
done
# Loading 50,001 rows (COPY, GiST index, analyze) and the joins take PostgreSQL some CPU: the
# timed sessions' backends are found.
side=$(sed -n 's/^CPU .* side=\([0-9.]*\) .*/\1/p' <<<"$out" | awk '{ s += $1 } END { print s + 0 }')
awk -v s="$side" 'BEGIN { exit !(s > 0) }' || bad "PostgreSQL's CPU not counted (side=$side in all)"
[[ "$(sort "$tmp/counts.csv")" == "$(printf 'A,30000\nB,20000\ncode,count\n' | sort)" ]] ||
    { bad "counts"; cat "$tmp/counts.csv"; }
# Bad arguments are refused before any work.
bash "$script" "$tmp/points.csv" "$tmp/areas.csv" "$tmp/c.csv" 0 >/dev/null 2>&1 && bad "REPEAT 0 accepted"
bash "$script" "$tmp/points.csv" "$tmp/areas.csv" "$tmp/c.csv" 2 "1;x" >/dev/null 2>&1 &&
    bad "WORKERS '1;x' accepted"
[[ $fail -eq 0 ]] && echo "peer_postgis: ok"
exit $fail

#!/usr/bin/env bash
# Smoke test of assetmap_bench on a small sample: it must run every stage, agree with the
# brute-force check and exit with 0. No timing is asserted (figures vary with the machine).
#
# usage: smoke_bench.sh ASSETMAP_BENCH [PEERS]     (PEERS: none by default)
set -euo pipefail
bench=$1
peers=${2:-none}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$bench" --points 200000 --assets 5000 --queries 20000 --peer-points 20000 \
    --check-points 50000 --repeat 1 --peers "$peers" --work-dir "$work")
echo "$out"
grep -q '^check: ok' <<<"$out"
grep -q '^join .*threads=1: 200000 points' <<<"$out"
grep -q '^join .*0 of 200000 points in no area' <<<"$out"
grep -q '^memory ' <<<"$out"
# The whole-process count stage, and its fixed cost: the same count of a CSV with no row,
# every one of the 410 areas at 0.
grep -q '^count .*whole process, 200000 lon/lat points x 410 areas, threads=1: ' <<<"$out"
grep -q '^count    fixed cost: the same count of a CSV with no row, threads=[0-9]*: ' <<<"$out"
[[ $(tail -n +2 "$work/count_empty.csv" | wc -l) -eq 410 ]]
[[ -z $(tail -n +2 "$work/count_empty.csv" | awk -F, '$(NF-1) != 0 || $NF != 0') ]]
[[ $(stat -c %s "$work/points.bin") -eq $((200000 * 16)) ]]
"$bench" --help | grep -q -- '--peers'
if "$bench" --points x 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench: ok"

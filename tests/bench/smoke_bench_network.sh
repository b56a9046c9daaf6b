#!/usr/bin/env bash
# Smoke test of assetmap_bench_network on small sizes without peers: every stage must run and
# the tool must exit with 0. No timing is asserted (figures vary with the machine).
#
# usage: smoke_bench_network.sh ASSETMAP_BENCH_NETWORK [PEERS]     (PEERS: none by default)
set -euo pipefail
bench=$1
peers=${2:-none}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

out=$("$bench" --nodes 40000 --origins 5000 --sources 200 --peer-nodes 2500 --repeat 1 \
    --peers "$peers" --work-dir "$work")
echo "$out"
grep -q '^network newport: .* s (best of 1); [1-9][0-9]* nodes' <<<"$out"
grep -q '^measures newport bus_stop: ' <<<"$out"
grep -q '^result newport bus_stop: weighted mean walk [0-9]' <<<"$out"
grep -q '^synthetic: grid 200 x 200 = 40000 nodes' <<<"$out"
grep -Eq '^nearest synthetic: .* for [0-9]+ origins from [0-9]+ sources' <<<"$out"
grep -q '^memory synthetic: ' <<<"$out"
grep -q '^memory: peak resident ' <<<"$out"
"$bench" --help | grep -q -- '--peers'
if "$bench" --nodes x 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
if "$bench" --peers bogus 2>/dev/null; then exit 1; else [[ $? -eq 2 ]]; fi
echo "smoke_bench_network: ok"

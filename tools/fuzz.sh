#!/usr/bin/env bash
# The long fuzz run: builds the `fuzz` preset (clang + libFuzzer + ASan/UBSan) and runs every
# target in tests/fuzz for SECONDS each (default 600) on its seed corpus, the saved
# regressions and the corpus grown by earlier runs (build/fuzz/tests/fuzz/corpus), then
# prints one line per target: executions, corpus size, findings. A finding is saved under
# build/fuzz/tests/fuzz/artifacts/; copy it to tests/fuzz/regressions/<target>/ once fixed.
#   bash tools/fuzz.sh [SECONDS] [TARGET...]
# On the shared 2-core machine run it under the build lock: /work/bin/alock bash tools/fuzz.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seconds="${1:-600}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(csv study_file taxonomy gtfs_stops osm atlas_metadata)

[ -f build/fuzz/build.ninja ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
dir=build/fuzz/tests/fuzz
mkdir -p "$dir/artifacts" "$dir/logs"
printf '%-16s %12s %10s %8s\n' target executions corpus findings
status=0
for t in "${targets[@]}"; do
    mkdir -p "$dir/corpus/$t"
    before=$(ls "$dir/artifacts" | grep -c "^$t-" || true)
    set +e
    "$dir/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=8192 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
        "$dir/corpus/$t" "$dir/seed/$t" "tests/fuzz/regressions/$t" >"$dir/logs/$t.log" 2>&1
    rc=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$dir/logs/$t.log" | grep -o '[0-9]*$' || echo "?")
    corpus=$(ls "$dir/corpus/$t" | wc -l)
    found=$(( $(ls "$dir/artifacts" | grep -c "^$t-" || true) - before ))
    printf '%-16s %12s %10s %8s\n' "$t" "$runs" "$corpus" "$found"
    [ "$rc" -eq 0 ] && [ "$found" -eq 0 ] || status=1
done
exit "$status"

#!/usr/bin/env bash
# assetmap run of all 410 Welsh MSOAs, whole process, and its stages each as a whole process
# (tools/bench/README.md, "bench_run_wales.sh"). No peer does this job; the figures are
# absolute: wall time, CPU, peak memory, and the CPU the rest of the machine used meanwhile.
#
# usage: bench_run_wales.sh ASSETMAP [--study FILE] [--work-dir DIR] [--threads N]
#                           [--report yes|no] [--stages yes|no]
#   --study FILE   the study (default: datasets/newport/study.toml without `parents`, i.e.
#                  every Welsh MSOA, written to WORK/wales.toml)
#   --work-dir DIR outputs (default /tmp/assetmap_bench_run)
#   --threads N    threads of every command (default: the hardware threads)
#   --report       also time the run with its report (default no: `run --no-report`)
#   --stages       also time measure, tiles vector, tiles raster and report alone (default yes)
# Exit codes: 0 ok, 1 a command failed, 2 usage.
set -euo pipefail
am=${1:?usage: bench_run_wales.sh ASSETMAP [options]}
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
study="" work=/tmp/assetmap_bench_run threads=$(nproc) report=no stages=yes
while [ $# -gt 0 ]; do
    case $1 in
        --study) study=$2; shift 2 ;;
        --work-dir) work=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --report) report=$2; shift 2 ;;
        --stages) stages=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_run_wales.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
[[ $threads =~ ^[1-9][0-9]*$ ]] || { echo "bench_run_wales.sh: --threads: a positive number" >&2; exit 2; }
mkdir -p "$work"
data=${ASSETMAP_DATA_DIR:-$(cd "$root/../shared/data" 2>/dev/null && pwd || echo /work/shared/data)}
if [ -z "$study" ]; then
    study="$work/wales.toml"
    sed -e '/^parents = /d' -e 's/^name = "newport"/name = "wales"/' \
        -e 's/^title = .*/title = "Wales community assets"/' \
        -e "s#^data_dir = .*#data_dir = \"$data\"#" \
        -e "s#^taxonomy = .*#taxonomy = \"$root/datasets/taxonomy.toml\"#" \
        "$root/datasets/newport/study.toml" > "$study"
fi
cores=$(nproc)

busy() {  # jiffies of all cores not idle (user nice system irq softirq steal)
    awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat
}

# timed <label> <cores wanted> command...: one whole process, wall/CPU/peak memory and the CPU
# share it got (other work = machine busy time minus its own CPU).
timed() {
    local label=$1 want=$2; shift 2
    local b0 b1 hz out
    hz=$(getconf CLK_TCK)
    b0=$(busy)
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1; then
        echo "$label: FAILED"; cat "$work/out.txt"; exit 1
    fi
    b1=$(busy)
    read -r wall user sys kib < "$work/time.txt"
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v k="$kib" -v b=$((b1 - b0)) \
        -v hz="$hz" -v c="$cores" -v want="$want" 'BEGIN {
        cpu = u + s; other = (b / hz - cpu) / (w > 0 ? w : 1); if (other < 0) other = 0;
        share = (c - other) / want; if (share > 1) share = 1;
        printf "%-40s %7.2f s wall, CPU %7.2f s (%.2f cores, wants %d), peak memory %5.0f MiB; other work %.2f cores: share %.0f%%%s\n",
            l, w, cpu, cpu / (w > 0 ? w : 1), want, k / 1024, other, 100 * share,
            share < 0.8 ? " (UNFAIR: rerun on an idle machine)" : ""
    }'
}

echo "machine: $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg); assetmap $("$am" --version 2>/dev/null | head -n1)"
echo "study: $study"
out="$work/out_run"
rm -rf "$out"
args=(--threads "$threads")
if [ "$report" = yes ]; then
    timed "run (whole process, with report)" "$threads" "$am" -q run "$study" -o "$out" "${args[@]}"
else
    timed "run --no-report (whole process)" "$threads" "$am" -q run "$study" -o "$out" --no-report "${args[@]}"
fi
name=$(basename "$(ls "$out"/*.gpkg | head -n1)" .gpkg)
atlas="$out/$name.gpkg"
areas=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from areas').fetchone()[0])" "$atlas")
tiles=0
for f in "$out"/*.mbtiles; do
    tiles=$((tiles + $(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from tiles').fetchone()[0])" "$f")))
done
echo "atlas: $areas areas, $tiles tiles in $(ls "$out"/*.mbtiles | wc -l) MBTiles sets"
if [ "$stages" = yes ]; then
    s="$work/out_stages"; rm -rf "$s"; mkdir -p "$s"
    timed "  measure (ingest, measure, gpkg)" "$threads" "$am" -q measure "$study" -o "$s/$name.gpkg" "${args[@]}"
    timed "  tiles vector z6-15 (PMTiles)" "$threads" "$am" -q tiles vector "$atlas" --zoom 6-15 -o "$s/v.pmtiles" "${args[@]}"
    for ind in asset_index individual_score community_score structural_score; do
        timed "  tiles raster $ind z10-14" "$threads" "$am" -q tiles raster "$atlas" --indicator "$ind" --zoom 10-14 -o "$s/$ind.mbtiles" "${args[@]}"
    done
    timed "  report (en, cy)" 1 "$am" -q report "$atlas" -o "$s/report"
fi
echo "bench_run_wales: ok"

#!/usr/bin/env bash
# England and Wales on one machine (tools/bench/README.md, "bench_ew.sh"): writes a generated
# study of England-and-Wales size (tools/bench/make_ew_study.py; --scale for a fraction),
# then runs `assetmap measure` on it as a whole process — straight-line and walking-network
# measures of all 20 categories, catchment polygons left out (catchment_minutes = []) — and
# prints the time and peak memory of each stage (ingest, measure, export, as `measure`
# reports them), the whole process's wall time, CPU and peak memory. With --catchments
# CATEGORY it also times the 5/10/15-minute catchments of that one category alone, and with
# --catchments all the whole measure again with every category's catchments (traced
# category by category while the layer is written: `--catchments all --catchment-cell 25`
# fits the nation), with their count, outline vertices and file size; --catchment-cell M
# sets their grid (the study's catchment_cell_m; 10 m by default, 25 m for the nation).
#
# usage: bench_ew.sh ASSETMAP [--scale S] [--work-dir DIR] [--threads N] [--catchments CAT|all]
#                             [--catchment-cell M]
# Exit codes: 0 ok, 1 a command failed, 2 usage.
set -euo pipefail
am=${1:?usage: bench_ew.sh ASSETMAP [--scale S] [--work-dir DIR] [--threads N] [--catchments CAT|all] [--catchment-cell M]}
shift
here=$(cd "$(dirname "$0")" && pwd)
scale=1 work=/tmp/assetmap_bench_ew threads=$(nproc) catch="" cell=10
while [ $# -gt 0 ]; do
    case $1 in
        --scale) scale=$2; shift 2 ;;
        --work-dir) work=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --catchments) catch=$2; shift 2 ;;
        --catchment-cell) cell=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_ew.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
/usr/bin/python3 "$here/make_ew_study.py" "$work" --scale "$scale"
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN{printf "generate: %.1f s (input preparation, not a figure)\n", b - a}'
echo "files: $(du -sh "$work" | cut -f1) in $work"
sed 's/^catchment_minutes = .*/catchment_minutes = []/' "$work/study.toml" > "$work/study_measures.toml"

run() {  # run <label> command...: whole process, wall/CPU/peak memory, its stage line
    local label=$1; shift
    if ! /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1; then
        echo "$label: FAILED after: $(tail -n 1 "$work/time.txt") (wall s, user s, sys s, KiB)"
        tail -n 20 "$work/out.txt"; exit 1
    fi
    read -r wall user sys kib < "$work/time.txt"
    grep -E '^(study|walking network|walking catchments|ingest )' "$work/out.txt" | sed 's/^/  /'
    sed -n '/^stage  /,/whole run/p' "$work/out.txt" | sed 's/^/  /'
    awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v k="$kib" 'BEGIN {
        printf "%s: whole process %.1f s wall, CPU %.1f s (%.2f cores), peak memory %.2f GiB\n",
            l, w, u + s, (u + s) / (w > 0 ? w : 1), k / 1048576 }'
}

# FlatGeobuf layers (atlas_<layer>.fgb) and CSV tables: the GeoPackage writer of GDAL 3.6
# fails on an atlas this size when it adds the column descriptions ("DETACH DATABASE
# temp_rtree_… is locked"), after the measures are done.
mkdir -p "$work/atlas"
run "measure (straight-line + network, 20 categories, threads=$threads)" \
    "$am" measure "$work/study_measures.toml" -o "$work/atlas/atlas.fgb" --threads "$threads"
if [ -n "$catch" ]; then
    sed "s/^catchment_minutes = .*/catchment_minutes = [5, 10, 15]\ncatchment_cell_m = $cell/" \
        "$work/study.toml" > "$work/study_catch.toml"
    if [ "$catch" = all ]; then
        run "measure + catchments of every category, ${cell} m grid (threads=$threads)" \
            "$am" measure "$work/study_catch.toml" -o "$work/atlas/catch.fgb" --threads "$threads"
    else
        run "measure + catchments of $catch alone, ${cell} m grid (threads=$threads)" \
            "$am" measure "$work/study_catch.toml" -o "$work/atlas/catch.fgb" --threads "$threads" \
            --categories "$catch"
    fi
    for f in "$work"/atlas/catch_catchments.*; do
        [ -e "$f" ] && echo "  $(basename "$f"): $(du -h "$f" | cut -f1)"
    done
fi
echo "bench_ew: ok"

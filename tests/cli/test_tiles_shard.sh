#!/usr/bin/env bash
# tiles --shard I/N and tiles merge (README, "Tiles in shards"): for raster and vector tiles,
# MBTiles and PMTiles, the shards of a tile set merged equal the unsharded run byte for byte;
# shards do not overlap; bad --shard values, mismatched shards and an output that is also a
# shard are refused.
# Usage: test_tiles_shard.sh <path to assetmap>
set -u
unset ASSETMAP_DATA_DIR  # the fixtures name their own data_dir
am="$1"
fx="${ASSETMAP_FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $*"; fail=$((fail+1)); }

expect() {  # expect <name> <exit code> <output substring> -- command...
    local name="$1" code="$2" needle="$3"; shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    if [ "$got" -ne "$code" ] || ! grep -qF -- "$needle" "$tmp/err" "$tmp/out"; then
        echo "FAIL $name: exit $got (want $code), output:"; cat "$tmp/out" "$tmp/err"; fail=$((fail+1))
    else
        pass=$((pass+1))
    fi
}

tiles_in() {  # the number of tiles in an archive (MBTiles: sqlite; PMTiles: the header)
    /usr/bin/python3 - "$1" <<'PY'
import sqlite3, struct, sys
p = sys.argv[1]
if p.endswith(".mbtiles"):
    print(sqlite3.connect(p).execute("select count(*) from tiles").fetchone()[0])
else:
    with open(p, "rb") as f:
        h = f.read(127)
    print(struct.unpack_from("<Q", h, 72)[0])  # number of addressed tiles
PY
}

"$am" -q measure "$fx/tiny/study.toml" -o "$tmp/atlas.gpkg" || bad "measure"
n=3
for kind in raster vector; do
    for ext in mbtiles pmtiles; do
        if [ $kind = raster ]; then
            args=(tiles raster "$tmp/atlas.gpkg" --indicator asset_index --zoom 12-17 --threads 2)
        else
            args=(tiles vector "$tmp/atlas.gpkg" --zoom 10-17 --threads 2)
        fi
        "$am" -q "${args[@]}" -o "$tmp/all_$kind.$ext" || bad "$kind $ext unsharded"
        shards=()
        sum=0; nonempty=0
        for i in $(seq 1 $n); do
            out="$tmp/s${i}_$kind.$ext"
            "$am" -q "${args[@]}" --shard "$i/$n" -o "$out" || bad "$kind $ext shard $i/$n"
            shards+=("$out")
            c=$(tiles_in "$out"); sum=$((sum + c)); [ "$c" -gt 0 ] && nonempty=$((nonempty+1))
        done
        total=$(tiles_in "$tmp/all_$kind.$ext")
        # The shards split the tiles: no tile twice, none missing, more than one shard used.
        [ "$sum" -eq "$total" ] && [ "$nonempty" -ge 2 ] && ok \
            || bad "$kind $ext: shards hold $sum tiles ($nonempty non-empty), the whole set $total"
        # Merged in any order: the same bytes as the unsharded run.
        "$am" -q tiles merge -o "$tmp/merged_$kind.$ext" "${shards[2]}" "${shards[0]}" "${shards[1]}" \
            || bad "$kind $ext merge"
        cmp -s "$tmp/merged_$kind.$ext" "$tmp/all_$kind.$ext" && ok \
            || bad "$kind $ext: merged archive differs from the unsharded run"
        [ -f "$tmp/merged_$kind.tilejson" ] && ok || bad "$kind $ext: no TileJSON beside the merge"
    done
done
[ -f "$tmp/merged_raster_legend.svg" ] && ok || bad "raster merge: no legend"

expect "bad shard 0/3" 2 "--shard '0/3'" -- "$am" tiles vector "$tmp/atlas.gpkg" --shard 0/3 -o "$tmp/x.mbtiles"
expect "bad shard 4/3" 2 "1 <= I <= N" -- "$am" tiles vector "$tmp/atlas.gpkg" --shard 4/3 -o "$tmp/x.mbtiles"
expect "bad shard text" 2 "I/N" -- "$am" tiles raster "$tmp/atlas.gpkg" --indicator asset_index --shard half -o "$tmp/x.mbtiles"
expect "merge into a shard" 2 "is also a shard" -- "$am" tiles merge -o "$tmp/s1_vector.mbtiles" "$tmp/s1_vector.mbtiles" "$tmp/s2_vector.mbtiles"
expect "merge different sets" 4 "not a shard of the same tile set" -- "$am" tiles merge -o "$tmp/m.mbtiles" "$tmp/s1_vector.mbtiles" "$tmp/s1_raster.mbtiles"
expect "merge bad extension" 2 "no tile container" -- "$am" tiles merge -o "$tmp/m.txt" "$tmp/s1_vector.mbtiles"
expect "merge missing shard" 3 "none.mbtiles" -- "$am" tiles merge -o "$tmp/m2.mbtiles" "$tmp/none.mbtiles"
expect "merge help" 0 "--output" -- "$am" tiles merge --help

echo "tiles shard: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

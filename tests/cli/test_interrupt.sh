#!/usr/bin/env bash
# A command stopped by SIGINT, SIGTERM or SIGHUP removes its temporary outputs (*.staging,
# *.tmp-*), leaves no half-written output and ends with the signal's status (issue 13, item 4).
# Usage: test_interrupt.sh <path to assetmap>
set -u
set -m  # job control: background commands get SIGINT (a plain script makes them ignore it)
unset ASSETMAP_DATA_DIR
am="$1"
fx="${ASSETMAP_FIXTURES:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0; pass=0

"$am" -q measure "$fx/tiny/study.toml" -o "$tmp/atlas.gpkg" || { echo "FAIL: no atlas"; exit 1; }

stop() {  # stop <name> <signal> <status> <glob of a temporary output> -- command...
    local name="$1" sig="$2" want="$3" glob="$4"; shift 5
    mkdir -p "$tmp/$name"
    "$@" >"$tmp/$name.log" 2>&1 &
    local pid=$! seen=0
    for _ in $(seq 400); do
        if compgen -G "$tmp/$name/$glob" >/dev/null; then seen=1; break; fi
        sleep 0.02
    done
    sleep 0.2  # well into the work
    kill -"$sig" "$pid"
    wait "$pid"; local got=$?
    local left; left=$(ls -A "$tmp/$name")
    if [ "$seen" -ne 1 ] || [ "$got" -ne "$want" ] || [ -n "$left" ] ||
        ! grep -q "stopped by SIG$sig" "$tmp/$name.log"; then
        echo "FAIL $name: temporary output seen=$seen, status $got (want $want), left: [$left]"
        cat "$tmp/$name.log"; fail=$((fail+1))
    else
        pass=$((pass+1))
    fi
}

raster=(tiles raster "$tmp/atlas.gpkg" --indicator asset_index --zoom 10-24 --max-tiles 100000000
        --threads 1)
stop raster_int INT 130 '*.staging' -- "$am" "${raster[@]}" -o "$tmp/raster_int/r.mbtiles"
stop raster_term TERM 143 '*.staging' -- "$am" "${raster[@]}" -o "$tmp/raster_term/r.pmtiles"
stop raster_hup HUP 129 '*.staging' -- "$am" "${raster[@]}" -o "$tmp/raster_hup/r.mbtiles"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

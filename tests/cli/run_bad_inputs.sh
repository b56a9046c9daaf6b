#!/usr/bin/env bash
# The bad-input corpus (tests/cli/bad_inputs.cases): every case must fail with its exit code
# and a message holding its fragment, on one line, without changing any file it was given
# and without leaving a temporary output behind (issue 13, "Done when").
# Usage: run_bad_inputs.sh <path to assetmap> [cases file] [name filter]
set -u
unset ASSETMAP_DATA_DIR
am="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cases="${2:-$(dirname "$0")/bad_inputs.cases}"
filter="${3:-}"
fx="${ASSETMAP_FIXTURES:?}"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
fail=0; pass=0; n=0

# A copy of the tiny fixture study whose files cases may edit: study.toml and study_net.toml
# point at the taxonomy.toml and walk_grid.osm beside them.
base="$root/base"
mkdir -p "$base"
cp "$fx"/tiny/* "$fx"/network/walk_grid.osm "$fx"/osm/small.osm "$fx"/../taxonomy.toml "$base/"
for s in study.toml study_net.toml; do
    sed -i 's#^taxonomy = .*#taxonomy = "taxonomy.toml"#; s#^path = "../network/walk_grid.osm"#path = "walk_grid.osm"#' \
        "$base/$s"
done
atlas="$root/atlas.gpkg"  # a measured atlas of the tiny study, for the tile cases
"$am" -q measure "$base/study.toml" -o "$atlas" || { echo "FAIL: cannot build the atlas"; exit 1; }

# Helpers for the setup field: edit FILE SED-EXPRESSION (in place); add FILE TEXT (printf %b).
edit() { sed -i "$2" "$1"; }
add() { printf '%b' "$2" >> "$1"; }
digest() { find . -type f ! -name '.case.*' -print0 | sort -z | xargs -0 -r md5sum; }

while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    IFS='|' read -r name code fragment setup command <<<"$line"
    name="$(echo "$name" | xargs)"; code="$(echo "$code" | xargs)"
    fragment="${fragment# }"; fragment="${fragment% }"
    setup="${setup# }"; setup="${setup% }"; command="${command# }"
    [ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
    n=$((n+1))
    w="$root/case$n"
    cp -r "$base" "$w"
    cd "$w" || exit 1
    if [ "$setup" != "-" ] && ! eval "$setup" >.case.setup 2>&1; then
        echo "FAIL $name: setup failed: $(cat .case.setup)"; fail=$((fail+1)); continue
    fi
    before=$(digest)
    eval "$command" >.case.out 2>.case.err
    got=$?
    why=""
    [ "$got" -eq "$code" ] || why="exit $got (want $code)"
    grep -qF -- "$fragment" .case.err .case.out || why="$why; no '$fragment' in the message"
    if [ "$code" -ge 3 ] && [ "$(grep -c 'assetmap: error:' .case.err)" -ne 1 ]; then
        why="$why; not one error line"
    fi
    [ "$(digest)" = "$before" ] || why="$why; a given file changed or a new one was left"
    if [ -n "$why" ]; then
        echo "FAIL $name:$why"; cat .case.err .case.out | head -5; fail=$((fail+1))
    else
        pass=$((pass+1))
    fi
    cd "$root" && rm -rf "$w"
done <"$cases"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$n" -gt 0 ]

#!/usr/bin/env bash
# `assetmap serve` from the command line on the tiny study with its walking network: help,
# usage errors, a missing or stale atlas, a port in use (exit 11), building first, a relative
# study_file in the atlas metadata, and a clean stop on SIGINT and SIGTERM.
# Usage: test_serve_cli.sh <path to assetmap>
set -u
unset ASSETMAP_DATA_DIR  # the fixtures name their own data_dir
am="$1"
fx="${ASSETMAP_FIXTURES:?}"
tmp=$(mktemp -d)
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0; pass=0

expect() {  # expect <name> <exit code> <output substring> -- command...
    local name="$1" code="$2" needle="$3"; shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
    if [ "$got" -ne "$code" ] || ! grep -qF -- "$needle" "$tmp/err" "$tmp/out"; then
        echo "FAIL $name: exit $got (want $code), output:"; cat "$tmp/out" "$tmp/err"; fail=$((fail+1))
    else
        pass=$((pass+1))
    fi
}
ok() { pass=$((pass+1)); }
bad() { echo "FAIL $1"; [[ -f "$tmp/log" ]] && cat "$tmp/log"; fail=$((fail+1)); }

# start <log> <args…>: serve in the background on a free port; sets pid and port.
start() {
  local log=$1; shift
  rm -f "$tmp/port"
  "$am" serve "$@" --port 0 --port-file "$tmp/port" 2> "$log" &
  pid=$!
  for _ in $(seq 1 300); do
    [[ -s "$tmp/port" ]] && { port=$(cat "$tmp/port"); return 0; }
    kill -0 "$pid" 2>/dev/null || { pid=""; return 1; }
    sleep 0.1
  done
  return 1
}
stop() {  # stop <signal>: the exit code of the server
  kill "-$1" "$pid"; wait "$pid"; local rc=$?; pid=""; return $rc
}

study="$fx/tiny/study_net.toml"
expect "help" 0 "--render-max-zoom" -- "$am" serve --help
expect "port out of range" 2 "--port" -- "$am" serve "$study" --port 70000
expect "bad bind" 11 "not an IP address" -- "$am" serve "$study" -o "$tmp/x" --bind nowhere --port 0
[[ ! -e "$tmp/x/tiny_net.gpkg" ]] && ok || bad "built before refusing the address"
expect "missing atlas, no build" 3 "missing or stale" -- "$am" serve "$study" -o "$tmp/none" --no-build
mkdir -p "$tmp/empty"
expect "folder without atlas" 3 "no atlas GeoPackage" -- "$am" serve "$tmp/empty"
expect "missing study" 3 "study file not found" -- "$am" serve "$tmp/nothing.toml"

# Given a study whose atlas is missing: it is built, then served.
if start "$tmp/log" "$study" -o "$tmp/a"; then
  grep -q "building the atlas first (no atlas at" "$tmp/log" && ok || bad "no build message"
  [[ -f "$tmp/a/tiny_net.gpkg" ]] && ok || bad "atlas not written"
  curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"near":true' && ok || bad "healthz near"
  # Port in use: exit 11 with the address and the fix.
  expect "port in use" 11 "choose another --port" -- "$am" serve "$tmp/a" --port "$port" --no-near
  stop INT && ok || bad "SIGINT exit code"
  grep -q "stopped (signal 2)" "$tmp/log" && ok || bad "SIGINT message"
else
  bad "serve did not start (build first)"
fi

# An up-to-date atlas is not rebuilt; one older than its inputs is (or refused with --no-build).
if start "$tmp/log2" "$study" -o "$tmp/a"; then
  grep -q "building the atlas first" "$tmp/log2" && bad "rebuilt a fresh atlas" || ok
  stop TERM && ok || bad "SIGTERM exit code"
else
  bad "serve did not start (fresh atlas)"
fi
touch -d "2000-01-01" "$tmp/a/tiny_net.gpkg"
expect "stale, no build" 3 "is newer than" -- "$am" serve "$study" -o "$tmp/a" --no-build
if start "$tmp/log3" "$study" -o "$tmp/a"; then
  grep -q "building the atlas first (.* is newer than" "$tmp/log3" && ok || bad "stale not rebuilt"
  stop TERM && ok || bad "SIGTERM after rebuild"
else
  bad "serve did not start (stale atlas)"
fi

# An atlas folder whose metadata names the study relative to the GeoPackage's folder.
mkdir -p "$tmp/b/copy"
cp "$tmp/a/tiny_net.gpkg" "$tmp/b/copy/"
rel=$(/usr/bin/python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$study" "$tmp/b/copy")
sqlite3 "$tmp/b/copy/tiny_net.gpkg" "UPDATE metadata SET value='$rel' WHERE key='study_file'"
if start "$tmp/log4" "$tmp/b/copy"; then
  curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"near":true' && ok || bad "relative study_file"
  curl -sf "http://127.0.0.1:$port/api/near?lon=-2.9985&lat=51.5853" | grep -q '"numberReturned":6' \
    && ok || bad "near through a relative study_file"
  # Access log: one line per request with method, path, status, bytes, µs.
  grep -Eq ' GET /healthz 200 [0-9]+ [0-9]+ µs$' "$tmp/log4" && ok || bad "access log line"
  stop TERM && ok || bad "SIGTERM (relative)"
else
  bad "serve did not start (relative study_file)"
fi
# --quiet: no access log.
if start "$tmp/log5" "$tmp/b/copy" --quiet --no-near; then
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"
  stop TERM
  [[ ! -s "$tmp/log5" ]] && ok || bad "--quiet still logs: $(cat "$tmp/log5")"
else
  bad "serve did not start (--quiet)"
fi

echo "test_serve_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

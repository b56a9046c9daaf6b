#!/usr/bin/env bash
# serve_bench.sh: `assetmap serve` under load, against nginx serving the same tiles.
#
#  1. cached vector tiles: wrk (64 connections, 30 s per server in 3 alternating rounds) over
#     a list of every vector tile of the atlas, against `assetmap serve` and against nginx
#     serving the same tile bytes from a z/x/y folder with the same headers (config written
#     here); requests/s (median round), p50/p99, errors, the server's CPU (cores used,
#     requests per CPU-second), RSS before and after; the ratios. Whole server process against
#     whole server process, the same number of threads/workers, wrk on the same machine.
#  2. /api/near at 15 minutes (one connection): p50/p99 over the population points.
#  3. /api/areas/{code} (one connection): p50/p99 over every area.
#  4. raster tiles rendered on demand at z14 (one connection, rendered-tile cache off so each
#     request renders): p50/p99 over every z14 tile of a choropleth no archive holds.
#
# usage: serve_bench.sh [--assetmap BIN] [--atlas DIR] [--duration S] [--rounds N]
#                       [--connections N] [--threads N] [--latency-duration S] [--no-nginx]
#                       [--work-dir DIR] [--data-dir DIR]
# --duration is per server, split into --rounds alternating runs (default 30 s in 3 rounds).
# Without --atlas the default study (Newport) is run into the work folder first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
assetmap="$here/build/release/tools/assetmap"
atlas=""
duration=30
connections=64
threads=2
lat_duration=10
rounds=3
peer=1
work=/tmp/assetmap_serve_bench
data_dir="${ASSETMAP_DATA_DIR:-$here/../shared/data}"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --assetmap) assetmap=$2; shift 2 ;;
    --atlas) atlas=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --latency-duration) lat_duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-nginx) peer=0; shift ;;
    --work-dir) work=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "serve_bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$duration" "$connections" "$threads" "$lat_duration" "$rounds"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "serve_bench: durations and counts are whole numbers > 0" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "serve_bench: wrk is not installed (apt-get install wrk)" >&2; exit 3; }
[[ -x "$assetmap" ]] || { echo "serve_bench: $assetmap is not executable; build first" >&2; exit 3; }

mkdir -p "$work"
work=$(cd "$work" && pwd)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

if [[ -z "$atlas" ]]; then
  atlas="$work/newport"
  if [[ ! -f "$atlas/newport.gpkg" ]]; then
    echo "atlas: running the default study into $atlas"
    ASSETMAP_DATA_DIR="$data_dir" "$assetmap" -q run newport -o "$atlas" --data-dir "$data_dir"
  fi
fi

rss_mb() {  # resident memory of processes, MB
  local total=0
  for p in "$@"; do
    local kb
    kb=$(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    total=$((total + ${kb:-0}))
  done
  awk -v k="$total" 'BEGIN { printf "%.1f", k / 1024 }'
}

quiet_flag=-q  # no access log while timing
start_assetmap() {  # start_assetmap PORTFILE LOG [extra options…]
  local portfile=$1 log=$2
  shift 2
  rm -f "$portfile"
  "$assetmap" $quiet_flag serve "$atlas" --port 0 --port-file "$portfile" --threads "$threads" \
    --workers "$threads" --data-dir "$data_dir" "$@" 2> "$log" &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 600); do
    [[ -s "$portfile" ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  server_port=$(cat "$portfile")
}

stop_pid() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk with a URL list: every thread cycles through the list from its own offset; `done`
# prints one machine-readable RESULT line (latencies in µs).
cat > "$work/urls.lua" <<'LUA'
local urls = {}
local index = 0
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
  local n = tonumber(args[2]) or 1
  index = math.floor((id - 1) * #urls / n)
end
function request()
  index = index % #urls + 1
  return wrk.format("GET", urls[index], {["Accept-Encoding"] = "gzip", ["Host"] = "127.0.0.1"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d socket_errors=%d non2xx=%d p50=%d p90=%d p99=%d max=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
LUA

run_wrk() {  # run_wrk PORT URLFILE CONNECTIONS THREADS SECONDS → the RESULT line
  wrk -t"$4" -c"$3" -d"$5"s --timeout 10s -s "$work/urls.lua" "http://127.0.0.1:$1" -- "$2" "$4" \
    | grep '^RESULT'
}

field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $2"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); wrk $(wrk --version 2>&1 | head -1 | cut -d' ' -f2)"

# --- 1. cached vector tiles --------------------------------------------------------------
start_assetmap "$work/port" "$work/serve.log"
am_pid=$server_pid
am_port=$server_port
tileset=$(curl -sf "http://127.0.0.1:$am_port/tiles" | /usr/bin/python3 -c '
import json, sys
sets = json.load(sys.stdin)["tilesets"]
print(next(t["name"] for t in sets if t["format"] == "mvt"))')
# Every tile of the set that exists (200), fetched once from the server into a z/x/y folder
# for nginx: the same bytes (gzip as stored).
rm -rf "$work/www"
/usr/bin/python3 - "$am_port" "$tileset" "$work/www" "$work/tile_urls.txt" <<'PY'
import http.client, json, math, os, sys
port, name, root, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def get(path, headers=None):
    conn.request("GET", path, headers=headers or {})
    r = conn.getresponse()
    return r.status, r.read()
status, body = get(f"/tiles/{name}.json")
tj = json.loads(body)
w, s, e, n = tj["bounds"]
def tile(lon, lat, z):
    k = 2 ** z
    x = int((lon + 180) / 360 * k)
    lat = max(min(lat, 85.0511), -85.0511)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * k)
    return min(x, k - 1), min(y, k - 1)
urls = []
for z in range(tj["minzoom"], tj["maxzoom"] + 1):
    x0, y0 = tile(w, n, z)
    x1, y1 = tile(e, s, z)
    for x in range(x0, x1 + 1):
        for y in range(y0, y1 + 1):
            path = f"/tiles/{name}/{z}/{x}/{y}.mvt"
            status, body = get(path, {"Accept-Encoding": "gzip"})
            if status != 200:
                continue
            urls.append(path)
            os.makedirs(os.path.dirname(root + path), exist_ok=True)
            with open(root + path, "wb") as f:
                f.write(body)
with open(out, "w") as f:
    f.write("\n".join(urls) + "\n")
print(f"tiles: {len(urls)} vector tiles of {name} (z{tj['minzoom']}-{tj['maxzoom']}), "
      f"{sum(os.path.getsize(root + u) for u in urls) / 1e6:.1f} MB gzip")
PY

# Both servers run side by side; wrk loads one at a time, in alternating rounds (A B A B …),
# so a change in the machine's load falls on both. Per run: requests/s, latency, errors, and
# the CPU time the server used (its processes' utime + stime).
rounds_each=$rounds
round_s=$(( duration / rounds_each ))
(( round_s >= 1 )) || round_s=1
echo "load: $connections connections, $threads wrk threads, $rounds_each rounds of ${round_s} s per server, alternating, Accept-Encoding: gzip, every tile in turn"

cpu_ticks() {  # utime + stime of processes, clock ticks
  local total=0
  for p in "$@"; do
    local t
    t=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

nginx_ok=0
if [[ $peer -eq 1 ]]; then
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    echo "peer: skipped (nginx is not installed: apt-get install nginx)"
  else
    nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
    nginx_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$work/nginx/logs"
    # Workers run as the user running the benchmark (as the assetmap server does); as root,
    # nginx would otherwise drop them to an unprivileged user that may not read $work.
    user_line=""
    [[ $(id -u) -eq 0 ]] && user_line="user root;"
    cat > "$work/nginx/nginx.conf" <<NGINX
# Written by tools/bench/serve_bench.sh: the same tiles and headers as assetmap serve.
$user_line
worker_processes $threads;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  open_file_cache max=10000 inactive=60s;
  types { application/vnd.mapbox-vector-tile mvt; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/www;
    location /tiles/ {
      add_header Content-Encoding gzip;
      add_header Cache-Control "public, max-age=3600";
      add_header Access-Control-Allow-Origin "*";
      add_header Vary Accept-Encoding;
    }
  }
}
NGINX
    "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2> "$work/nginx/logs/stderr.log" &
    nginx_pid=$!
    pids+=("$nginx_pid")
    for _ in $(seq 1 100); do
      curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$(head -1 "$work/tile_urls.txt")" && break
      sleep 0.1
    done
    nginx_procs="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
    nginx_ok=1
  fi
else
  echo "peer: skipped (--no-nginx)"
fi

hz=$(getconf CLK_TCK)
# One timed run: prints "RESULT … cpu_ticks=N".
timed_run() {  # timed_run PORT PROCS…
  local port=$1
  shift
  local c0 c1 r
  c0=$(cpu_ticks "$@")
  r=$(run_wrk "$port" "$work/tile_urls.txt" "$connections" "$threads" "$round_s")
  c1=$(cpu_ticks "$@")
  echo "$r cpu_ticks=$((c1 - c0))"
}
run_wrk "$am_port" "$work/tile_urls.txt" "$connections" "$threads" 2 > /dev/null  # warm-up
[[ $nginx_ok -eq 1 ]] && run_wrk "$nginx_port" "$work/tile_urls.txt" "$connections" "$threads" 2 > /dev/null
am_rss0=$(rss_mb "$am_pid")
# shellcheck disable=SC2086
[[ $nginx_ok -eq 1 ]] && ng_rss0=$(rss_mb $nginx_procs)
: > "$work/am_runs.txt"
: > "$work/ng_runs.txt"
for _ in $(seq 1 "$rounds_each"); do
  timed_run "$am_port" "$am_pid" >> "$work/am_runs.txt"
  # shellcheck disable=SC2086
  [[ $nginx_ok -eq 1 ]] && timed_run "$nginx_port" $nginx_procs >> "$work/ng_runs.txt"
done
am_rss1=$(rss_mb "$am_pid")
# shellcheck disable=SC2086
[[ $nginx_ok -eq 1 ]] && ng_rss1=$(rss_mb $nginx_procs)

# summarise RUNS_FILE NAME RSS0 RSS1 OUT: the median run by requests/s; errors and CPU over
# all runs; "rps per_cpu errors" written to OUT.
summarise() {
  /usr/bin/python3 - "$1" "$2" "$3" "$4" "$hz" "$5" <<'PY'
import re, sys
path, name, rss0, rss1, hz, out = (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4],
                                   int(sys.argv[5]), sys.argv[6])
runs = []
for line in open(path):
    d = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", line)}
    d["rps"] = d["requests"] / (d["duration_us"] / 1e6)
    runs.append(d)
runs.sort(key=lambda d: d["rps"])
m = runs[len(runs) // 2]
errors = sum(d["socket_errors"] + d["non2xx"] for d in runs)
requests = sum(d["requests"] for d in runs)
wall = sum(d["duration_us"] for d in runs) / 1e6
cpu = sum(d["cpu_ticks"] for d in runs) / hz
each = ", ".join(f"{d['rps']:.0f}" for d in runs)
print(f"{name:<28} {m['rps']:8.0f} req/s (median of {len(runs)}: {each})  "
      f"p50 {m['p50'] / 1000:5.2f} ms  "
      f"p99 {m['p99'] / 1000:5.2f} ms  errors {errors}  server CPU {cpu / wall:.2f} cores, "
      f"{requests / cpu if cpu else 0:,.0f} req per CPU-s  RSS {rss0} -> {rss1} MB")
with open(out, "w") as f:
    f.write(f"{m['rps']:.1f} {requests / cpu if cpu else 0:.1f} {errors}\n")
PY
}
summarise "$work/am_runs.txt" "assetmap serve ($threads threads)" "$am_rss0" "$am_rss1" "$work/am_summary"
if [[ $nginx_ok -eq 1 ]]; then
  summarise "$work/ng_runs.txt" "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///') ($threads workers)" \
    "$ng_rss0" "$ng_rss1" "$work/ng_summary"
  read -r am_rps am_cpu am_err < "$work/am_summary"
  read -r ng_rps ng_cpu ng_err < "$work/ng_summary"
  if (( am_err + ng_err > 0 )); then
    echo "ratio assetmap / nginx: not given ($((am_err + ng_err)) errors; see $work/nginx/logs)"
  else
    awk -v a="$am_rps" -v b="$ng_rps" -v c="$am_cpu" -v d="$ng_cpu" 'BEGIN {
      printf "ratio assetmap / nginx (whole server processes): %.2fx requests/s (medians), %.2fx requests per CPU-second\n", a / b, c / d }'
  fi
  stop_pid "$nginx_pid"
fi
stop_pid "$am_pid"

# --- 2.–3. the JSON API, one connection -------------------------------------------------
start_assetmap "$work/port" "$work/serve_api.log"
api_port=$server_port
api_pid=$server_pid
/usr/bin/python3 - "$api_port" "$work" <<'PY'
import http.client, json, sys
port, work = sys.argv[1], sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()
areas = json.loads(get("/api/areas")[1])["areas"]
with open(f"{work}/area_urls.txt", "w") as f:
    f.write("".join(f"/api/areas/{a['code']}\n" for a in areas))
points = json.loads(get("/ogcapi/collections/population_points/items?limit=10000")[1])["features"]
near = []
for p in points:
    lon, lat = p["geometry"]["coordinates"]
    path = f"/api/near?lon={lon}&lat={lat}&minutes=15"
    if get(path)[0] == 200:
        near.append(path)
with open(f"{work}/near_urls.txt", "w") as f:
    f.write("\n".join(near) + "\n")
print(f"api: {len(areas)} areas; {len(near)} of {len(points)} population points on the walking network")
PY
# The profiles are computed when the server starts: its own start-up line says how long (one
# more start without -q, to read it).
quiet_flag=""
start_assetmap "$work/port2" "$work/serve_startup.log" --no-near
stop_pid "$server_pid"
quiet_flag=-q
sed -n 's/^assetmap serve: \([0-9]*\) area profiles (\(.*\) s)$/\1 \2/p' "$work/serve_startup.log" |
  awk '{ printf "area profiles computed at start-up: %d in %.2f s (%.2f ms each)\n", $1, $2, 1000 * $2 / $1 }'
server_pid=$api_pid
near_result=$(run_wrk "$api_port" "$work/near_urls.txt" 1 1 "$lat_duration")
awk -v p50="$(field p50 "$near_result")" -v p99="$(field p99 "$near_result")" -v n="$(field requests "$near_result")" \
  -v e="$(( $(field socket_errors "$near_result") + $(field non2xx "$near_result") ))" \
  'BEGIN { printf "/api/near 15 min walk          p50 %6.2f ms  p99 %6.2f ms  (%d requests, errors %d; goal p50 < 5 ms)\n", p50/1000, p99/1000, n, e }'
areas_result=$(run_wrk "$api_port" "$work/area_urls.txt" 1 1 "$lat_duration")
awk -v p50="$(field p50 "$areas_result")" -v p99="$(field p99 "$areas_result")" -v n="$(field requests "$areas_result")" \
  -v e="$(( $(field socket_errors "$areas_result") + $(field non2xx "$areas_result") ))" \
  'BEGIN { printf "/api/areas/{code}              p50 %6.2f ms  p99 %6.2f ms  (%d requests, errors %d; goal p50 < 2 ms)\n", p50/1000, p99/1000, n, e }'
stop_pid "$server_pid"

# --- 4. raster tiles rendered on demand at z14 -----------------------------------------
start_assetmap "$work/port" "$work/serve_raster.log" --raster-cache-mb 0
raster_port=$server_port
/usr/bin/python3 - "$raster_port" "$work" <<'PY'
import http.client, json, math, sys
port, work = sys.argv[1], sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", int(port))
def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()
sets = json.loads(get("/tiles")[1])["tilesets"]
t = next(s for s in sets if s["format"] == "png" and s["archive"] is None)
w, s, e, n = t["bounds"]
def tile(lon, lat, z):
    k = 2 ** z
    return (int((lon + 180) / 360 * k),
            int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * k))
x0, y0 = tile(w, n, 14)
x1, y1 = tile(e, s, 14)
every = [f"/tiles/{t['name']}/14/{x}/{y}.png" for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
# The first request builds the renderer (the style is parsed once); tiles with nothing drawn
# (204) are left out, so every timed request renders and encodes a real tile.
urls = [u for u in every if get(u)[0] == 200]
with open(f"{work}/raster_urls.txt", "w") as f:
    f.write("\n".join(urls) + "\n")
print(f"raster: {len(urls)} non-empty z14 tiles (of {len(every)} over the bounds) of "
      f"{t['name']} (no archive), each rendered per request (cache off)")
PY
raster_result=$(run_wrk "$raster_port" "$work/raster_urls.txt" 1 1 "$lat_duration")
awk -v p50="$(field p50 "$raster_result")" -v p99="$(field p99 "$raster_result")" -v n="$(field requests "$raster_result")" \
  -v e="$(field socket_errors "$raster_result")" \
  'BEGIN { printf "raster z14 rendered on demand  p50 %6.2f ms  p99 %6.2f ms  (%d requests, socket errors %d; goal p50 < 30 ms)\n", p50/1000, p99/1000, n, e }'
stop_pid "$server_pid"
echo "serve_bench: done"

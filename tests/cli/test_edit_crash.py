#!/usr/bin/env python3
"""Crash safety of asset editing, and `run --edits` against the live server (README, "Asset
editing"), through the real binary on the tiny study with its walking network.

1. `assetmap run` makes the atlas; `assetmap serve --tokens` starts on it (SQLite store in
   the atlas folder, or PostgreSQL with --pg CONNINFO).
2. Four clients (four tokens) send a burst of up to 1,000 edits (adds at random points of
   the areas, and retirements of their own adds); when 520 are answered, the server is
   killed with SIGKILL in the middle of the burst.
3. The server is started again on the same store: every edit that was answered 2xx is in
   the audit with its id, action, asset and token; the audit ids are 1..N without a gap;
   the store's asset_edits and audit tables have the same rows (read with sqlite3/psql,
   not through the server); added assets exist, retired ones are retired.
4. A few more edits (a move, an undo), then `assetmap run --edits STORE` into a new folder:
   every area column of its GeoPackage (read with Python's sqlite3) equals the server's
   /api/areas/{code} value.

Every server is bounded in time (a watchdog kills it; the whole test gives up after
240 s). usage: test_edit_crash.py ASSETMAP FIXTURES_DIR [--pg]  (--pg: the store in
ASSETMAP_TEST_PG's database; exit 77 = skipped when it is not set)
"""
import http.client
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from pyproj import Transformer

ASSETMAP, FIXTURES = sys.argv[1], sys.argv[2]
PG = None
if len(sys.argv) > 3 and sys.argv[3] == "--pg":
    # PostgreSQL from ASSETMAP_TEST_PG ("PG:dbname=…", tools/start_postgis.sh); skipped
    # (exit 77) when it is not set.
    conn = os.environ.get("ASSETMAP_TEST_PG", "")
    if not conn.startswith("PG:"):
        print("test_edit_crash: skipped: ASSETMAP_TEST_PG is not set "
              "(bash tools/start_postgis.sh assetmap_edits)")
        sys.exit(77)
    PG = conn[3:]
TOKENS = {f"client{i}": f"client{i}-token-0123456789abcdef" for i in range(4)}
BURST = 1000
KILL_AFTER = 520
servers = []


def fail(msg):
    print("test_edit_crash: FAILED: " + msg, file=sys.stderr)
    for s in servers:
        if s.poll() is None:
            s.kill()
    sys.exit(1)


def watchdog(*_):
    fail("took more than 240 s")


signal.signal(signal.SIGALRM, watchdog)
signal.alarm(240)

work = tempfile.mkdtemp(prefix="assetmap_edit_crash_")
atlas = os.path.join(work, "atlas")
env = dict(os.environ)
env.pop("ASSETMAP_DATA_DIR", None)
subprocess.run([ASSETMAP, "-q", "run", os.path.join(FIXTURES, "tiny", "study_net.toml"), "-o",
                atlas, "--threads", "1", "--no-report"], check=True, env=env, timeout=120)
gpkg = os.path.join(atlas, "tiny_net.gpkg")
if not os.path.exists(gpkg):
    fail("no atlas " + gpkg)
tokens = os.path.join(work, "tokens")
with open(tokens, "w") as f:
    for name, tok in TOKENS.items():
        f.write(f"{name} {tok}\n")
os.chmod(tokens, 0o600)
store = ("PG:" + PG) if PG else os.path.join(atlas, "edits.sqlite")

if PG:
    subprocess.run(["psql", "-q", "-d", PG, "-c",
                    "SET client_min_messages = warning; "
                    "DROP TABLE IF EXISTS audit, asset_edits, store_info"],
                   check=True, timeout=60)


def start_server(tag):
    port_file = os.path.join(work, f"port_{tag}")
    log = open(os.path.join(work, f"serve_{tag}.log"), "w")
    s = subprocess.Popen([ASSETMAP, "serve", gpkg, "--tokens", tokens, "--db", store,
                          "--port", "0", "--port-file", port_file, "--edit-rate", "0",
                          "--threads", "2", "--workers", "4"],
                         stdout=log, stderr=subprocess.STDOUT, env=env)
    servers.append(s)
    deadline = time.monotonic() + 60
    while not (os.path.exists(port_file) and open(port_file).read().strip()):
        if s.poll() is not None or time.monotonic() > deadline:
            fail(f"server {tag} did not start: " + open(log.name).read()[-2000:])
        time.sleep(0.05)
    return s, int(open(port_file).read().strip())


def request(port, method, path, body=None, token=None, ctype="application/json"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        headers["Content-Type"] = ctype
    conn.request(method, path, body=data, headers=headers)
    r = conn.getresponse()
    payload = r.read()
    conn.close()
    return r.status, payload


def quote(asset_id):
    return urllib.parse.quote(asset_id, safe="")


to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def random_point(rng):
    # The areas A1 and A2 cover x 331000-331200, y 188000-188100 (tiny/areas.geojson).
    return to_wgs84.transform(rng.uniform(331005, 331195), rng.uniform(188005, 188095))


# ---- 1-2: the burst and the kill ------------------------------------------------------------
server, port = start_server("first")
answered = []  # (audit_id, action, asset_id, token name)
lock = threading.Lock()
stop = threading.Event()
sent = [0]


def client(name, token, seed):
    rng = random.Random(seed)
    mine = []
    while not stop.is_set():
        with lock:
            if sent[0] >= BURST:
                return
            sent[0] += 1
        try:
            if mine and rng.random() < 0.25:
                asset = mine.pop(rng.randrange(len(mine)))
                st, body = request(port, "DELETE", "/api/assets/" + quote(asset), None, token)
            else:
                lon, lat = random_point(rng)
                st, body = request(port, "POST", "/api/assets", {
                    "lon": lon, "lat": lat, "category": rng.choice(["library", "pharmacy"]),
                    "name": f"{name} {rng.randrange(10**6)}", "force": True}, token)
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        if 200 <= st < 300:
            j = json.loads(body)
            with lock:
                answered.append((j["audit_id"], j["action"], j["asset_id"], name))
            if j["action"] == "add":
                mine.append(j["asset_id"])
        else:
            fail(f"{name}: edit answered {st}: {body[:300]!r}")


threads = [threading.Thread(target=client, args=(n, t, i)) for i, (n, t) in
           enumerate(TOKENS.items())]
for t in threads:
    t.start()
while True:
    with lock:
        if len(answered) >= KILL_AFTER:
            break
    if not any(t.is_alive() for t in threads):
        fail(f"the clients stopped after {len(answered)} answers, before the kill")
    time.sleep(0.005)
server.kill()  # SIGKILL, mid-burst
server.wait()
stop.set()
for t in threads:
    t.join(timeout=60)
n_answered = len(answered)
if n_answered < KILL_AFTER or sent[0] < KILL_AFTER:
    fail("too few edits before the kill")

# ---- 3: restart; every 2xx edit is there --------------------------------------------------
server, port = start_server("second")
entries, since = [], 0
while True:
    st, body = request(port, "GET", f"/api/audit?since={since}&limit=1000")
    j = json.loads(body)
    entries += j["entries"]
    if j["next_since"] is None:
        break
    since = j["next_since"]
by_id = {e["id"]: e for e in entries}
if sorted(by_id) != list(range(1, len(entries) + 1)):
    fail("audit ids are not 1..N without gaps")
for audit_id, action, asset_id, name in answered:
    e = by_id.get(audit_id)
    if e is None:
        fail(f"edit {audit_id} was answered 2xx but is not in the audit after the crash")
    if (e["action"], e["asset_id"], e["token_name"]) != (action, asset_id, name):
        fail(f"audit entry {audit_id} differs: {e} vs {(action, asset_id, name)}")
# An edit may be committed and the server killed before its answer left: such edits are in
# the store without a 2xx. Each client has at most one request in flight, so there are at
# most len(TOKENS) of them, and their token must be one that was sending.
unanswered = [e for i, e in by_id.items() if i not in {a[0] for a in answered}]
if len(unanswered) > len(TOKENS):
    fail(f"{len(unanswered)} audit entries were never answered; at most {len(TOKENS)} "
         f"could be in flight at the kill: {unanswered[:5]}")
# Whether an asset is retired follows the whole audit, answered or not.
retired = {e["asset_id"] for e in entries if e["action"] == "retire"}
# The store's own tables agree (read without the server).
if PG:
    out = subprocess.run(["psql", "-tA", "-d", PG, "-c",
                          "SELECT (SELECT COUNT(*) FROM asset_edits) || ' ' || "
                          "(SELECT COUNT(*) FROM audit)"],
                         check=True, capture_output=True, text=True, timeout=60).stdout.split()
    counts = (int(out[0]), int(out[1]))
else:
    db = sqlite3.connect(store)
    counts = (db.execute("SELECT COUNT(*) FROM asset_edits").fetchone()[0],
              db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
    db.close()
if counts != (len(entries), len(entries)):
    fail(f"store tables hold {counts}, the audit lists {len(entries)}")
for audit_id, action, asset_id, _ in answered[:: max(1, n_answered // 60)]:
    st, body = request(port, "GET", "/api/assets/" + quote(asset_id))
    if st != 200 or json.loads(body)["retired"] != (asset_id in retired):
        fail(f"asset {asset_id} after the restart: {st} {body[:200]!r}")

# ---- 4: more edits, then run --edits equals the live answers ------------------------------
token = TOKENS["client0"]
st, body = request(port, "PATCH", "/api/assets/" + quote("cinema:survey:a7"),
                   {"lon": random_point(random.Random(1))[0],
                    "lat": random_point(random.Random(1))[1], "force": True}, token)
if st != 200:
    fail(f"move answered {st}: {body[:300]!r}")
st, body = request(port, "DELETE", "/api/assets/" + quote("bus_stop:naptan:S2"), None, token)
if st != 200:
    fail(f"retire answered {st}: {body[:300]!r}")
st, body = request(port, "POST", f"/api/audit/{json.loads(body)['audit_id']}/undo", "", token)
if st != 201:
    fail(f"undo answered {st}: {body[:300]!r}")
live = {}
# A server that takes edits tells clients not to reuse its JSON answers unchecked.
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
conn.request("GET", "/api/areas")
r = conn.getresponse()
r.read()
if r.getheader("Cache-Control") != "no-cache":
    fail(f"/api/areas with --tokens: Cache-Control {r.getheader('Cache-Control')!r}, want no-cache")
conn.close()
st, body = request(port, "GET", "/api/areas")
codes = [a["code"] for a in json.loads(body)["areas"]]
for code in codes:
    st, body = request(port, "GET", "/api/areas/" + code)
    live[code] = json.loads(body)
server.send_signal(signal.SIGTERM)
try:
    server.wait(timeout=30)
except subprocess.TimeoutExpired:
    fail("the server did not stop on SIGTERM")

batch = os.path.join(work, "batch")
subprocess.run([ASSETMAP, "-q", "run", os.path.join(FIXTURES, "tiny", "study_net.toml"), "-o",
                batch, "--threads", "1", "--no-report", "--edits", store],
               check=True, env=env, timeout=120)
db = sqlite3.connect(os.path.join(batch, "tiny_net.gpkg"))
cur = db.execute("SELECT * FROM areas")
cols = [d[0] for d in cur.description]
compared = 0
for row in cur.fetchall():
    r = dict(zip(cols, row))
    measures = live[r["code"]]["measures"]
    for col, value in measures.items():
        if col not in r:
            continue
        if value != r[col]:
            fail(f"area {r['code']} {col}: live {value!r}, run --edits {r[col]!r}")
        compared += 1
    for key in ("asset_index", "asset_index_rank"):
        if key in r and live[r["code"]][key] != r[key]:
            fail(f"area {r['code']} {key}: live {live[r['code']][key]!r}, run {r[key]!r}")
meta = dict(db.execute("SELECT key, value FROM metadata").fetchall())
db.close()
if compared < 100:
    fail(f"only {compared} values compared")
if meta.get("edits") != str(len(entries) + 3):
    fail(f"run --edits metadata edits = {meta.get('edits')!r}, expected {len(entries) + 3}")
print(f"test_edit_crash: ok ({'PostgreSQL' if PG else 'SQLite'}): {sent[0]} edits sent, "
      f"{n_answered} answered 2xx before SIGKILL, {len(entries)} in the store after restart; "
      f"run --edits equals the live server on {compared} area values")

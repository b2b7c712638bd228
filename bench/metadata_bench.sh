#!/usr/bin/env bash
# Metadata changes under read load: how long creating a custom object with
# 20 fields takes while an open-loop load reads another object, and whether
# that load's p99 moves (it must not: metadata writers never block readers).
#
#   bench/metadata_bench.sh          # uses build/vingt and build/bench_loadgen
#   BUILD_DIR=/tmp/b DURATION=10 RATE=1000 PEOPLE=10000 bench/metadata_bench.sh
#
# Three phases against one server (durability always):
#   1. baseline: GET /rest/people?limit=60 at RATE req/s for DURATION s;
#   2. the same load while a loop creates objects with 20 fields each
#      through /rest/metadata (one POST object + 20 POST fields, each
#      answered once durable), back to back, for the whole DURATION;
#   3. baseline again (to see the machine's drift).
# Prints one JSON line per phase and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
LOADGEN="$BUILD_DIR/bench_loadgen"
DURATION="${DURATION:-10}"
RATE="${RATE:-1000}"
CONNECTIONS="${CONNECTIONS:-32}"
PEOPLE="${PEOPLE:-10000}"
READ_PATH="${READ_PATH:-/rest/people?limit=60}"

for tool in python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }
[ -x "$LOADGEN" ] || { echo "bench: $LOADGEN not built (cmake --build $BUILD_DIR --target bench_loadgen)" >&2; exit 1; }

work="$(mktemp -d /tmp/vingt-metabench.XXXXXX)"
VPID=""
cleanup() {
  [ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build_type="$(grep -E '^CMAKE_BUILD_TYPE' "$BUILD_DIR/CMakeCache.txt" | cut -d= -f2)"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"build_type\":\"$build_type\",\"cpu\":\"$cpu\",\"cores\":$(nproc),\"rate\":$RATE,\"connections\":$CONNECTIONS,\"duration_s\":$DURATION,\"people\":$PEOPLE,\"read_path\":\"$READ_PATH\"}"
[ "$build_type" = "Release" ] || echo "bench: WARNING: build type is '$build_type', figures are not representative" >&2

data="$work/data"
KEY="$("$VINGT" keys create --data-dir "$data" --name bench)"
PORT="$(free_port)"
"$VINGT" serve --data-dir "$data" --listen "127.0.0.1:$PORT" --durability always --snapshot-wal-bytes 0 \
  2>"$work/vingt.log" &
VPID=$!
for _ in $(seq 1 300); do
  grep -q "listening on" "$work/vingt.log" 2>/dev/null && break
  sleep 0.02
done
grep -q "listening on" "$work/vingt.log" || { echo "bench: vingt did not start" >&2; cat "$work/vingt.log" >&2; exit 1; }
python3 bench/seed.py "$PORT" "$KEY" "$PEOPLE"

# run_load NAME -> one JSON line; sets P50, P99 (ms)
run_load() {
  local out
  out="$("$LOADGEN" --port "$PORT" --key "$KEY" --rate "$RATE" --connections "$CONNECTIONS" \
    --duration "$DURATION" --path "$READ_PATH")"
  echo "${out/\"loadgen\"/\"$1\"}"
  P50="$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["p50_ms"])')"
  P99="$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["p99_ms"])')"
}

# Creates objects with 20 fields (of mixed types) until DEADLINE (epoch s);
# prints one JSON line with the per-object wall times.
metadata_loop() {
  python3 - "$PORT" "$KEY" "$1" <<'PY'
import http.client, json, sys, time
port, key, deadline = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port)
H = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}
def post(path, body):
    conn.request("POST", path, json.dumps(body), H)
    r = conn.getresponse(); data = r.read()
    if r.status != 201:
        raise SystemExit(f"{path}: {r.status} {data[:300]!r}")
    return json.loads(data)
TYPES = [("TEXT", {}), ("NUMBER", {"settings": {"decimals": 2}}), ("BOOLEAN", {"defaultValue": False}),
         ("DATE_TIME", {}), ("EMAILS", {}), ("LINKS", {}), ("CURRENCY", {}), ("FULL_NAME", {}),
         ("SELECT", {"options": [{"value": "A", "label": "A", "color": "red", "position": 0},
                                 {"value": "B", "label": "B", "color": "blue", "position": 1}]}),
         ("RATING", {})]
def letters(n):  # metadata names are camelCase: no digits after letters
    s = ""
    while True:
        s = chr(ord("a") + n % 26) + s
        n //= 26
        if n == 0:
            return s
times = []
n = 0
while time.time() < deadline:
    n += 1
    t0 = time.perf_counter()
    name = "bench" + letters(n)
    obj = post("/rest/metadata/objects", {"nameSingular": name, "namePlural": name + "Items",
                                          "labelSingular": f"Bench {n}", "labelPlural": f"Benches {n}"})
    oid = obj["data"]["createOneObject"]["id"]
    for i in range(20):
        t, extra = TYPES[i % len(TYPES)]
        post("/rest/metadata/fields", {"objectMetadataId": oid, "type": t, "name": "col" + letters(i),
                                       "label": f"Field {i}", **extra})
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
pct = lambda p: times[min(len(times) - 1, int(p * len(times)))]
print(json.dumps({"bench": "create_object_with_20_fields", "objects": len(times),
                  "p50_ms": round(pct(0.5), 2), "p90_ms": round(pct(0.9), 2), "max_ms": round(times[-1], 2),
                  "mean_ms": round(sum(times) / len(times), 2)}))
PY
}

run_load read_baseline; base_p50=$P50; base_p99=$P99
deadline="$(python3 -c "import time; print(time.time() + $DURATION)")"
metadata_loop "$deadline" >"$work/meta.json" &
meta_pid=$!
run_load read_during_metadata_changes; during_p50=$P50; during_p99=$P99
wait "$meta_pid"
cat "$work/meta.json"
run_load read_after; after_p50=$P50; after_p99=$P99
objects="$(python3 -c "import json; print(json.load(open('$work/meta.json'))['objects'])")"
create_p50="$(python3 -c "import json; print(json.load(open('$work/meta.json'))['p50_ms'])")"
create_max="$(python3 -c "import json; print(json.load(open('$work/meta.json'))['max_ms'])")"
kill -TERM "$VPID"; wait "$VPID" 2>/dev/null || true; VPID=""

cat <<SUMMARY

GET $READ_PATH open loop at $RATE req/s, $CONNECTIONS connections, ${DURATION}s, $PEOPLE people, durability always:
| phase | p50 ms | p99 ms |
|---|---|---|
| reads alone | $base_p50 | $base_p99 |
| reads while objects with 20 fields are created back to back | $during_p50 | $during_p99 |
| reads alone, after | $after_p50 | $after_p99 |
create one object + 20 fields through REST (21 durable metadata writes), under that load: p50 $create_p50 ms, max $create_max ms ($objects objects)
SUMMARY

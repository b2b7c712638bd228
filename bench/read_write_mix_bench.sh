#!/usr/bin/env bash
# Reads beside durable writes: what "nothing is shown before it is durable"
# costs. Each binary gets a fresh data dir with SEED_PEOPLE people; then
#   reads   wrk GET /rest/people/{id} alone (READERS connections)
#   mixed   the same reads while WRITERS connections create people
#           (durability always), both for DURATION seconds.
# Prints one JSON line per phase: requests/s and the read latency p50/p99.
# A read waits only while the workspace has a logged change that is not yet
# durable, so the reads-alone figures should not move; under writes a read
# waits for at most the group commit in flight. With BASELINE=<another vingt
# binary> both run in alternation in the same session (the machine drifts).
#
#   bench/read_write_mix_bench.sh
#   BASELINE=/path/to/old/vingt bench/read_write_mix_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="${VINGT:-$BUILD_DIR/vingt}"
BASELINE="${BASELINE:-}"
SEED_PEOPLE="${SEED_PEOPLE:-10000}"
DURATION="${DURATION:-10}"
READERS="${READERS:-32}"
WRITERS="${WRITERS:-32}"
for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done

work="$(mktemp -d /tmp/vingt-mix-bench.XXXXXX)"
VPID=""
cleanup() { [ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"cores\":$(nproc),\"readers\":$READERS,\"writers\":$WRITERS,\"duration_s\":$DURATION,\"seed_people\":$SEED_PEOPLE,\"loadavg\":$(cut -d' ' -f1 /proc/loadavg)}"

# wrk output -> "rps p50_ms p99_ms"
summarize() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
    $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
    END { printf "%s %.3f %.3f\n", rps, p50, p99 }'
}

# run BINARY NAME -> JSON lines
run() {
  local bin="$1" name="$2" dir="$work/$2"
  rm -rf "$dir"
  export VINGT_KEY; VINGT_KEY="$("$bin" keys create --data-dir "$dir" --name bench)"
  local port; port="$(free_port)"
  "$bin" serve --data-dir "$dir" --listen "127.0.0.1:$port" --durability always --snapshot-wal-bytes 0 2>"$dir.log" &
  VPID=$!
  for _ in $(seq 1 500); do grep -q "listening on" "$dir.log" && break; sleep 0.02; done
  python3 bench/seed.py "$port" "$VINGT_KEY" "$SEED_PEOPLE" "$dir.ids"
  export VINGT_IDS="$dir.ids"
  local url="http://127.0.0.1:$port"

  read -r rps p50 p99 < <(wrk -t1 -c"$READERS" -d"${DURATION}s" --latency -s bench/wrk/get_by_id.lua "$url" | summarize)
  echo "{\"bench\":\"reads\",\"binary\":\"$name\",\"read_rps\":$rps,\"read_p50_ms\":$p50,\"read_p99_ms\":$p99}"

  wrk -t1 -c"$WRITERS" -d"${DURATION}s" -s bench/wrk/create_person.lua "$url/rest/people" >"$dir.writes" &
  local writer=$!
  read -r rps p50 p99 < <(wrk -t1 -c"$READERS" -d"${DURATION}s" --latency -s bench/wrk/get_by_id.lua "$url" | summarize)
  wait "$writer"
  local wrps; wrps="$(awk '/Requests\/sec/ {print $2}' "$dir.writes")"
  echo "{\"bench\":\"mixed\",\"binary\":\"$name\",\"read_rps\":$rps,\"read_p50_ms\":$p50,\"read_p99_ms\":$p99,\"write_rps\":$wrps}"
  kill -9 "$VPID"; wait "$VPID" 2>/dev/null || true; VPID=""
}

run "$VINGT" current
if [ -n "$BASELINE" ]; then
  run "$BASELINE" baseline
  run "$BASELINE" baseline
  run "$VINGT" current
fi

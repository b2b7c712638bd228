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
source "$(dirname "$0")/lib.sh"
bench_setup mix-bench

BASELINE="${BASELINE:-}"
SEED_PEOPLE="${SEED_PEOPLE:-10000}"
DURATION="${DURATION:-10}"
READERS="${READERS:-32}"
WRITERS="${WRITERS:-32}"
env_line readers "$READERS" writers "$WRITERS" duration_s "$DURATION" seed_people "$SEED_PEOPLE"

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
  start_vingt "$bin" "$dir"
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
  kill_vingt
}

run "$VINGT" current
if [ -n "$BASELINE" ]; then
  run "$BASELINE" baseline
  run "$BASELINE" baseline
  run "$VINGT" current
fi

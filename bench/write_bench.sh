#!/usr/bin/env bash
# Create throughput with durability always at 64 connections: what every
# access path costs a write. Each binary gets a fresh data dir seeded with
# SEED_PEOPLE people (indexes are not empty), then wrk posts new people
# (bench/wrk/create_person.lua) for DURATION seconds, ROUNDS times. With
# BASELINE=<another vingt binary> (e.g. one built from an older commit in a
# git worktree), both run in alternation in the same session and the ratio
# of their medians is printed: the figure to compare, since the machine's
# speed drifts between sessions.
#
#   bench/write_bench.sh
#   BASELINE=/path/to/old/vingt ROUNDS=3 bench/write_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="${VINGT:-$BUILD_DIR/vingt}"
BASELINE="${BASELINE:-}"
SEED_PEOPLE="${SEED_PEOPLE:-100000}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done

work="$(mktemp -d /tmp/vingt-write-bench.XXXXXX)"
VPID=""
cleanup() { [ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"cores\":$(nproc),\"connections\":$CONNECTIONS,\"duration_s\":$DURATION,\"seed_people\":$SEED_PEOPLE,\"loadavg\":$(cut -d' ' -f1 /proc/loadavg)}"

# run BINARY NAME -> one JSON line per round; sets MEDIAN
run() {
  local bin="$1" name="$2" dir="$work/$2" rates=()
  rm -rf "$dir"
  export VINGT_KEY; VINGT_KEY="$("$bin" keys create --data-dir "$dir" --name bench)"
  local port; port="$(free_port)"
  "$bin" serve --data-dir "$dir" --listen "127.0.0.1:$port" --durability always --snapshot-wal-bytes 0 2>"$dir.log" &
  VPID=$!
  for _ in $(seq 1 500); do grep -q "listening on" "$dir.log" && break; sleep 0.02; done
  python3 bench/seed.py "$port" "$VINGT_KEY" "$SEED_PEOPLE"
  for round in $(seq 1 "$ROUNDS"); do
    local rps
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/wrk/create_person.lua "http://127.0.0.1:$port/rest/people" |
      awk '/Requests\/sec/ {print $2}')"
    echo "{\"bench\":\"create\",\"binary\":\"$name\",\"round\":$round,\"rps\":$rps}"
    rates+=("$rps")
  done
  kill -9 "$VPID"; wait "$VPID" 2>/dev/null || true; VPID=""
  MEDIAN="$(printf '%s\n' "${rates[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')"
}

run "$VINGT" current; current=$MEDIAN
if [ -n "$BASELINE" ]; then
  run "$BASELINE" baseline; baseline=$MEDIAN
  # A second pair, the other way round, so drift does not favour either.
  run "$BASELINE" baseline; baseline2=$MEDIAN
  run "$VINGT" current; current2=$MEDIAN
  python3 -c "
c, b = ($current + $current2) / 2, ($baseline + $baseline2) / 2
print('{\"bench\":\"create_ratio\",\"current_rps\":%.0f,\"baseline_rps\":%.0f,\"ratio\":%.2f}' % (c, b, c / b))"
else
  echo "{\"bench\":\"create_median\",\"rps\":$current}"
fi

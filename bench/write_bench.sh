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
source "$(dirname "$0")/lib.sh"
bench_setup write-bench

BASELINE="${BASELINE:-}"
SEED_PEOPLE="${SEED_PEOPLE:-100000}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
env_line connections "$CONNECTIONS" duration_s "$DURATION" seed_people "$SEED_PEOPLE"

# run BINARY NAME -> one JSON line per round; sets MEDIAN
run() {
  local bin="$1" name="$2" dir="$work/$2" rates=()
  rm -rf "$dir"
  export VINGT_KEY; VINGT_KEY="$("$bin" keys create --data-dir "$dir" --name bench)"
  start_vingt "$bin" "$dir"
  python3 bench/seed.py "$port" "$VINGT_KEY" "$SEED_PEOPLE"
  for round in $(seq 1 "$ROUNDS"); do
    local rps
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/wrk/create_person.lua "http://127.0.0.1:$port/rest/people" |
      awk '/Requests\/sec/ {print $2}')"
    echo "{\"bench\":\"create\",\"binary\":\"$name\",\"round\":$round,\"rps\":$rps}"
    rates+=("$rps")
  done
  kill_vingt
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

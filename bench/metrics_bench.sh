#!/usr/bin/env bash
# The cost of counting requests for /metrics (issue 13): GET /rest/people/{id}
# throughput with metrics on (the default) and off (--no-metrics), in one
# run, alternating ROUNDS times over the same data (target: <= 3 % apart).
# Rounds drift on a shared machine, so the figure is the median of the
# per-round ratios (each round runs both, back to back).
#
#   BUILD_DIR=<release build> bench/metrics_bench.sh   # needs wrk, python3
#   PEOPLE=10000 ROUNDS=3 DURATION=10 CONNECTIONS=64 bench/metrics_bench.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_setup metrics-bench

PEOPLE="${PEOPLE:-10000}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
env_line people "$PEOPLE" rounds "$ROUNDS" duration_s "$DURATION" connections "$CONNECTIONS"

export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$work/data" --name bench)"
start_vingt "$VINGT" "$work/data"
python3 bench/seed.py "$port" "$VINGT_KEY" "$PEOPLE" "$work/ids" >/dev/null
stop_vingt
export VINGT_IDS="$work/ids"

on=() off=()
for round in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    if [ "$mode" = on ]; then start_vingt "$VINGT" "$work/data"; else start_vingt "$VINGT" "$work/data" --no-metrics; fi
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s bench/wrk/get_by_id.lua "http://127.0.0.1:$port" |
           awk '/Requests\/sec/ {print $2}')"
    stop_vingt
    echo "{\"bench\":\"get_by_id_metrics_$mode\",\"round\":$round,\"rps\":$rps}"
    if [ "$mode" = on ]; then on+=("$rps"); else off+=("$rps"); fi
  done
done
python3 -c "
import statistics
on, off = [$(IFS=,; echo "${on[*]}")], [$(IFS=,; echo "${off[*]}")]
ratios = [a / b for a, b in zip(on, off)]
print('GET /rest/people/{id}: metrics on %.0f req/s, off %.0f req/s (medians of %d rounds); on/off per round %s, median %.3f' %
      (statistics.median(on), statistics.median(off), len(on), ' '.join('%.3f' % r for r in ratios), statistics.median(ratios)))"

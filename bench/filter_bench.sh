#!/usr/bin/env bash
# Query figures for the README: filters, order_by and depth=1 on people, at
# several table sizes, measured with wrk on loopback.
#
#   bench/filter_bench.sh                 # sizes 10000 100000 1000000
#   SIZES="10000 100000" DURATION=5 bench/filter_bench.sh
#
#   (a) filter=emails.primaryEmail[eq]:<one email>   unique index: cost must not grow with the table
#   (b) filter=name.firstName[ilike]:%ad%&limit=60   scan: grows linearly
#   (c) order_by=jobTitle[DescNullsLast]&limit=60    scan + partial sort: grows linearly
#   (d) depth=1&limit=60 (people with their company) foreign-key index per page: flat
#   (e) groupBy city, totalCount + countEmptyJobTitle     one scan + hash: grows linearly
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
DURATION="${DURATION:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
SIZES="${SIZES:-10000 100000 1000000}"
for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done

work="$(mktemp -d /tmp/vingt-filter-bench.XXXXXX)"
VPID=""
cleanup() { [ -n "$VPID" ] && kill -9 "$VPID" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"build_type\":\"$(grep -E '^CMAKE_BUILD_TYPE' "$BUILD_DIR/CMakeCache.txt" | cut -d= -f2)\",\"cores\":$(nproc),\"connections\":$CONNECTIONS,\"duration_s\":$DURATION}"

run() {  # NAME SIZE URL -> JSON line, sets RPS P99
  # A long timeout: at a million records a scan takes seconds, and wrk's
  # default (2 s) would count those requests as lost instead of slow.
  local out; out="$(wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 60s --latency -s bench/wrk/get_path.lua "$3")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  local bad; bad="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  echo "{\"bench\":\"$1\",\"people\":$2,\"rps\":$RPS,\"p99\":\"$P99\",\"non_2xx\":${bad:-0}}"
  # Let the server finish requests wrk gave up on before the next scenario.
  curl -sf -m 120 -o /dev/null "http://127.0.0.1:$port/healthz" && sleep 1
}

rows=()
for size in $SIZES; do
  data="$work/d$size"
  export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$data" --name bench)"
  port="$(free_port)"
  "$VINGT" serve --data-dir "$data" --listen "127.0.0.1:$port" --durability none --snapshot-wal-bytes 0 2>"$data.log" &
  VPID=$!
  for _ in $(seq 1 300); do grep -q "listening on" "$data.log" && break; sleep 0.02; done
  SEED_COMPANIES=$(( size / 20 )) python3 bench/seed.py "$port" "$VINGT_KEY" "$size"
  base="http://127.0.0.1:$port/rest/people"
  email="$(curl -sf -H "Authorization: Bearer $VINGT_KEY" "$base?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["people"][0]["emails"]["primaryEmail"])')"
  run eq_unique_email "$size" "$base?filter=emails.primaryEmail%5Beq%5D:$email"; a="$RPS $P99"
  run ilike_first_name "$size" "$base?filter=name.firstName%5Bilike%5D:%25ad%25&limit=60"; b="$RPS $P99"
  run order_by_job_title "$size" "$base?order_by=jobTitle%5BDescNullsLast%5D&limit=60"; c="$RPS $P99"
  run depth1_with_company "$size" "$base?depth=1&limit=60"; d="$RPS $P99"
  run group_by_city "$size" "$base/groupBy?group_by=%5B%7B%22city%22%3Atrue%7D%5D&aggregate=%5B%22totalCount%22%2C%22countEmptyJobTitle%22%5D"; e="$RPS $P99"
  rows+=("| $size | $a | $b | $c | $d | $e |")
  kill -TERM "$VPID"; wait "$VPID" 2>/dev/null || true; VPID=""
  rm -rf "$data"
done

echo
echo "| people | (a) eq email: req/s p99 | (b) ilike 60: req/s p99 | (c) order_by 60: req/s p99 | (d) depth=1 60: req/s p99 | (e) groupBy city: req/s p99 |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

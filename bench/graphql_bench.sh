#!/usr/bin/env bash
# GraphQL vs REST in the same run: requests/s and p99 of a people query
# (first: 60, 8 fields, company expanded) through POST /graphql against
# the equivalent REST call, GET /rest/people?limit=60&depth=1&fields=<the
# same 8>,company (the reference for the ratio; REST cannot narrow the
# company's own fields, so it still writes the whole company), and, for
# scale, plain depth=1 (every relation of every person expanded).
#
#   bench/graphql_bench.sh        # uses build/vingt; needs wrk, python3
#   DURATION=10 CONNECTIONS=64 PEOPLE=10000 bench/graphql_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PEOPLE="${PEOPLE:-10000}"
WRK_THREADS="${WRK_THREADS:-2}"
for tool in wrk python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk python3)" >&2; exit 1; }
done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }

work="$(mktemp -d /tmp/vingt-gqlbench.XXXXXX)"
vpid=""
cleanup() { [ -n "$vpid" ] && kill -9 "$vpid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$work/data" --name bench)"
"$VINGT" serve --data-dir "$work/data" --listen "127.0.0.1:$port" --durability none --snapshot-wal-bytes 0 2>"$work/log" &
vpid=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/log" 2>/dev/null && break; sleep 0.02; done
# Every person works for one of 50 companies, so "company expanded" expands something.
SEED_COMPANIES="${SEED_COMPANIES:-50}" python3 bench/seed.py "$port" "$VINGT_KEY" "$PEOPLE" "$work/ids.txt"

run_wrk() {
  local name="$1" url="$2" script="$3"
  local out; out="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "$url")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  local non2xx; non2xx="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  echo "{\"bench\":\"$name\",\"rps\":$RPS,\"p99\":\"$P99\",\"non_2xx\":${non2xx:-0}}"
}
fields="id,name,emails,city,jobTitle,phones,createdAt,position,company"
run_wrk rest_people_60_same_fields "http://127.0.0.1:$port/rest/people?limit=60&depth=1&fields=$fields" bench/wrk/get_path.lua
rest_rps=$RPS; rest_p99=$P99
run_wrk graphql_people_60 "http://127.0.0.1:$port/graphql" bench/wrk/graphql_people.lua
gql_rps=$RPS; gql_p99=$P99
run_wrk rest_people_60_depth1_all "http://127.0.0.1:$port/rest/people?limit=60&depth=1" bench/wrk/get_path.lua
# Nested one-to-many: 20 companies, each with its first 10 people and their count.
run_wrk graphql_companies_20_people_10 "http://127.0.0.1:$port/graphql" bench/wrk/graphql_companies_people.lua
python3 -c "print('graphql/rest rps ratio: %.2f (target >= 0.7); p99 rest %s, graphql %s' % ($gql_rps / $rest_rps, '$rest_p99', '$gql_p99'))"

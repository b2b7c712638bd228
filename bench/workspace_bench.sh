#!/usr/bin/env bash
# Workspace figures for the README (issue 13), in one run on loopback:
#   1. time to create a workspace and get its key over HTTP
#      (POST /admin/workspaces, durability always; target: median < 5 ms),
#      and the resident memory of an empty workspace;
#   2. GET /rest/people/{id} throughput with 100 workspaces of 1,000 people
#      each against 1 workspace of 100,000 (wrk, 64 connections, 10 s).
#
#   BUILD_DIR=<release build> bench/workspace_bench.sh   # needs wrk, python3
#   CREATES=500 PER_WORKSPACE=1000 WORKSPACES=100 DURATION=10 bench/workspace_bench.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_setup workspace-bench

CREATES="${CREATES:-500}"
WORKSPACES="${WORKSPACES:-100}"
PER_WORKSPACE="${PER_WORKSPACE:-1000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
env_line creates "$CREATES" workspaces "$WORKSPACES" per_workspace "$PER_WORKSPACE" duration_s "$DURATION" \
  connections "$CONNECTIONS"
export VINGT_ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"

fresh_vingt() {  # extra serve flags...: a new data dir each time
  rm -rf "$work/data"
  start_vingt "$VINGT" "$work/data" "$@"
}
run_wrk() {
  local name="$1" script="$2" out rps p99
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$port")"
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "{\"bench\":\"$name\",\"rps\":$rps,\"p99\":\"$p99\"}" >&2
  echo "$rps"
}

# 1. Creation time and memory, durability always (the default).
fresh_vingt
python3 bench/workspace_bench.py create "$port" "$VINGT_ADMIN_TOKEN" "$CREATES" "$vpid"
stop_vingt

# 2. Reads: one big workspace against many small ones (loaded with durability none).
total=$((WORKSPACES * PER_WORKSPACE))
fresh_vingt --durability none
key="$(grep -A1 "created API key" "$work/data.log" | tail -1)"
python3 bench/seed.py "$port" "$key" "$total" "$work/ids" >/dev/null
# The same wrk script as for many workspaces (a key per request), so the
# load generator does the same work in both runs.
sed "s/^/$key /" "$work/ids" >"$work/pairs"
export VINGT_PAIRS="$work/pairs"
one=$(run_wrk "get_by_id_1_workspace_${total}" bench/wrk/get_by_id_workspaces.lua)
stop_vingt

fresh_vingt --durability none
python3 bench/workspace_bench.py make "$port" "$VINGT_ADMIN_TOKEN" "$WORKSPACES" "$work/keys"
: >"$work/pairs"
while read -r k; do
  python3 bench/seed.py "$port" "$k" "$PER_WORKSPACE" "$work/ids1" >/dev/null
  sed "s/^/$k /" "$work/ids1" >>"$work/pairs"
done <"$work/keys"
# Interleave the workspaces so consecutive requests hit different ones.
python3 -c "
import sys
lines = open('$work/pairs').read().split('\n')[:-1]
n, per = $WORKSPACES, $PER_WORKSPACE
open('$work/pairs', 'w').write(''.join(lines[w * per + i] + '\n' for i in range(per) for w in range(n)))"
export VINGT_PAIRS="$work/pairs"
many=$(run_wrk "get_by_id_${WORKSPACES}_workspaces_x_${PER_WORKSPACE}" bench/wrk/get_by_id_workspaces.lua)
stop_vingt
python3 -c "print('GET /rest/people/{id}: %s workspaces x %s people: %s req/s; 1 workspace x %s: %s req/s; ratio %.2f' % ($WORKSPACES, $PER_WORKSPACE, $many, $total, $one, $many / $one))"

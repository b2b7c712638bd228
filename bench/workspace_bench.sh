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
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
CREATES="${CREATES:-500}"
WORKSPACES="${WORKSPACES:-100}"
PER_WORKSPACE="${PER_WORKSPACE:-1000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }

work="$(mktemp -d /tmp/vingt-workspacebench.XXXXXX)"
vpid=""
cleanup() { [ -n "$vpid" ] && kill -9 "$vpid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export VINGT_ADMIN_TOKEN="bench-admin-$RANDOM$RANDOM"

start_vingt() {  # extra serve flags...
  rm -rf "$work/data"
  port="$(free_port)"
  "$VINGT" serve --data-dir "$work/data" --listen "127.0.0.1:$port" --snapshot-wal-bytes 0 "$@" 2>"$work/log" &
  vpid=$!
  for _ in $(seq 1 300); do grep -q "listening on" "$work/log" 2>/dev/null && break; sleep 0.02; done
}
stop_vingt() { kill "$vpid"; wait "$vpid" 2>/dev/null || true; vpid=""; }
run_wrk() {
  local name="$1" script="$2" out rps p99
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$script" "http://127.0.0.1:$port")"
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "{\"bench\":\"$name\",\"rps\":$rps,\"p99\":\"$p99\"}" >&2
  echo "$rps"
}

# 1. Creation time and memory, durability always (the default).
start_vingt
python3 bench/workspace_bench.py create "$port" "$VINGT_ADMIN_TOKEN" "$CREATES" "$vpid"
stop_vingt

# 2. Reads: one big workspace against many small ones (loaded with durability none).
total=$((WORKSPACES * PER_WORKSPACE))
start_vingt --durability none
key="$(grep -A1 "created API key" "$work/log" | tail -1)"
python3 bench/seed.py "$port" "$key" "$total" "$work/ids" >/dev/null
# The same wrk script as for many workspaces (a key per request), so the
# load generator does the same work in both runs.
sed "s/^/$key /" "$work/ids" >"$work/pairs"
export VINGT_PAIRS="$work/pairs"
one=$(run_wrk "get_by_id_1_workspace_${total}" bench/wrk/get_by_id_workspaces.lua)
stop_vingt

start_vingt --durability none
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

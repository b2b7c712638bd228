#!/usr/bin/env bash
# HTTP figures for the README, measured on loopback with wrk, against nginx
# serving the same bytes in the same run (so the result is a ratio, not a
# remembered number).
#
#   bench/http_bench.sh            # uses build/vingt; needs wrk, nginx-light, python3
#   DURATION=10 CONNECTIONS=64 PEOPLE=10000 MEMORY_PEOPLE=100000 bench/http_bench.sh
#
# Prints one JSON line per measurement and a summary table at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PEOPLE="${PEOPLE:-10000}"
MEMORY_PEOPLE="${MEMORY_PEOPLE:-100000}"
WRK_THREADS="${WRK_THREADS:-2}"
# Open-loop rates (requests/s) for the latency-at-fixed-load figures.
RATE_ONE="${RATE_ONE:-10000}"
RATE_LIST="${RATE_LIST:-2000}"
RATE_CREATE="${RATE_CREATE:-2000}"
LOADGEN="$BUILD_DIR/bench_loadgen"

for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install wrk nginx-light python3)" >&2; exit 1; }
done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built (tools/run serve builds it)" >&2; exit 1; }
[ -x "$LOADGEN" ] || { echo "bench: $LOADGEN not built (cmake --build $BUILD_DIR --target bench_loadgen)" >&2; exit 1; }

work="$(mktemp -d /tmp/vingt-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

build_type="$(grep -E '^CMAKE_BUILD_TYPE' "$BUILD_DIR/CMakeCache.txt" | cut -d= -f2)"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"build_type\":\"$build_type\",\"cpu\":\"$cpu\",\"cores\":$(nproc),\"wrk_threads\":$WRK_THREADS,\"connections\":$CONNECTIONS,\"duration_s\":$DURATION}"
[ "$build_type" = "Release" ] || echo "bench: WARNING: build type is '$build_type', figures are not representative" >&2

# start_vingt DIR DURABILITY -> sets VPID, VPORT; waits for the listening line.
start_vingt() {
  local dir="$1" durability="$2"
  VPORT="$(free_port)"
  "$VINGT" serve --data-dir "$dir" --listen "127.0.0.1:$VPORT" --durability "$durability" \
    --snapshot-wal-bytes 0 2>"$dir.log" &
  VPID=$!
  pids+=("$VPID")
  for _ in $(seq 1 300); do
    grep -q "listening on" "$dir.log" 2>/dev/null && return 0
    sleep 0.02
  done
  echo "bench: vingt did not start:" >&2; cat "$dir.log" >&2; exit 1
}
stop_vingt() { kill -TERM "$VPID"; wait "$VPID" 2>/dev/null || true; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# run_wrk NAME URL [lua] -> JSON line; sets RPS, P50, P99 (ms)
run_wrk() {
  local name="$1" url="$2" script="${3:-}"
  local args=(-t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  [ -n "$script" ] && args+=(-s "$script")
  local out; out="$(wrk "${args[@]}" "$url")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  P50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  local non2xx; non2xx="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  echo "{\"bench\":\"$name\",\"rps\":$RPS,\"p50\":\"$P50\",\"p99\":\"$P99\",\"non_2xx\":${non2xx:-0}}"
  if [ -n "$non2xx" ] && [ "$non2xx" != "0" ]; then echo "bench: $name had $non2xx non-2xx answers" >&2; fi
}

# run_loadgen NAME PORT RATE [loadgen args] -> JSON line; sets LP50, LP99 (ms)
run_loadgen() {
  local name="$1" port="$2" rate="$3"; shift 3
  local out; out="$("$LOADGEN" --port "$port" --key "${VINGT_KEY:-none}" --rate "$rate" --connections "$CONNECTIONS" \
    --duration "$DURATION" "$@")"
  echo "${out/\"loadgen\"/\"$name\"}"
  LP50="$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["p50_ms"])')"
  LP99="$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["p99_ms"])')"
}

# --- nginx serving the same bytes (started once the bodies exist) ----------
start_nginx() {
  nport="$(free_port)"
  cat >"$work/nginx.conf" <<NGINX
user root;
worker_processes $(nproc);
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    default_type application/json;
  }
}
NGINX
  nginx -c "$work/nginx.conf" -p "$work"
  sleep 0.3
}
stop_nginx() { kill "$(cat "$work/nginx.pid")"; rm -f "$work/nginx.pid"; }

# --- vingt with 10,000 people, durability always ----------------------------
data="$work/data"
export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$data" --name bench)"
start_vingt "$data" always
export VINGT_IDS="$work/ids.txt"
python3 bench/seed.py "$VPORT" "$VINGT_KEY" "$PEOPLE" "$VINGT_IDS"

mkdir -p "$work/www"
curl -sf -H "Authorization: Bearer $VINGT_KEY" "http://127.0.0.1:$VPORT/rest/people?limit=60" -o "$work/www/list.json"
curl -sf -H "Authorization: Bearer $VINGT_KEY" "http://127.0.0.1:$VPORT/rest/people/$(head -1 "$VINGT_IDS")" -o "$work/www/one.json"
list_bytes="$(stat -c %s "$work/www/list.json")"; one_bytes="$(stat -c %s "$work/www/one.json")"

start_nginx
# The machine is noisy: vingt and nginx take turns, three rounds each, and
# the medians are compared.
for round in 1 2 3; do
  run_wrk vingt_get_one "http://127.0.0.1:$VPORT" bench/wrk/get_by_id.lua; r_v_one+=("$RPS $P50 $P99")
  run_wrk nginx_get_one "http://127.0.0.1:$nport/one.json"; r_n_one+=("$RPS $P50 $P99")
  run_wrk vingt_list_60 "http://127.0.0.1:$VPORT/rest/people?limit=60" bench/wrk/get_path.lua; r_v_list+=("$RPS $P50 $P99")
  run_wrk nginx_list_60 "http://127.0.0.1:$nport/list.json"; r_n_list+=("$RPS $P50 $P99")
done
median() { printf '%s\n' "$@" | sort -n -k1,1 | sed -n 2p; }
read -r v_one v_one_p50 v_one_p99 <<<"$(median "${r_v_one[@]}")"
read -r n_one n_one_p50 n_one_p99 <<<"$(median "${r_n_one[@]}")"
read -r v_list v_list_p50 v_list_p99 <<<"$(median "${r_v_list[@]}")"
read -r n_list n_list_p50 n_list_p99 <<<"$(median "${r_n_list[@]}")"
run_loadgen open_nginx_get_one "$nport" "$RATE_ONE" --path /one.json; on_one_p50=$LP50; on_one_p99=$LP99
run_loadgen open_nginx_list_60 "$nport" "$RATE_LIST" --path /list.json; on_list_p50=$LP50; on_list_p99=$LP99
stop_nginx
run_wrk vingt_create_always "http://127.0.0.1:$VPORT" bench/wrk/create_person.lua; v_post_always=$RPS; v_post_always_p50=$P50; v_post_always_p99=$P99
run_loadgen open_vingt_get_one "$VPORT" "$RATE_ONE" --ids "$VINGT_IDS" --path-prefix /rest/people/; o_one_p50=$LP50; o_one_p99=$LP99
run_loadgen open_vingt_list_60 "$VPORT" "$RATE_LIST" --path "/rest/people?limit=60"; o_list_p50=$LP50; o_list_p99=$LP99
run_loadgen open_vingt_create_always "$VPORT" "$RATE_CREATE" --create-person; o_post_p50=$LP50; o_post_p99=$LP99
stop_vingt
start_vingt "$data" none
run_wrk vingt_create_none "http://127.0.0.1:$VPORT" bench/wrk/create_person.lua; v_post_none=$RPS; v_post_none_p50=$P50; v_post_none_p99=$P99
stop_vingt

# --- memory and restart with $MEMORY_PEOPLE people --------------------------
mem="$work/mem"
export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$mem" --name bench)"
start_vingt "$mem" none
sleep 0.2
rss_empty="$(rss_kib "$VPID")"
python3 bench/seed.py "$VPORT" "$VINGT_KEY" "$MEMORY_PEOPLE"
rss_full="$(rss_kib "$VPID")"
stop_vingt
wal_bytes="$(du -sb "$mem/wal" | cut -f1)"

# restart_median -> RESTART_MS (median wall time launch -> listening of 3 starts), RECOVERY_S (median recovery)
restart_median() {
  local walls=() recs=()
  for _ in 1 2 3; do
    local t0 t1; t0="$(date +%s%N)"; start_vingt "$mem" always; t1="$(date +%s%N)"
    walls+=($(( (t1 - t0) / 1000000 )))
    recs+=("$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$mem.log" | head -1)")
    stop_vingt
  done
  RESTART_MS="$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)"
  RECOVERY_S="$(printf '%s\n' "${recs[@]}" | sort -n | sed -n 2p)"
}
restart_median; restart_wal_ms=$RESTART_MS; recovery_wal=$RECOVERY_S
"$VINGT" snapshot --data-dir "$mem" 2>/dev/null
restart_median; restart_snap_ms=$RESTART_MS; recovery_snap=$RECOVERY_S
start_vingt "$mem" always
rss_after_restart="$(rss_kib "$VPID")"
stop_vingt
snap_bytes="$(du -sb "$mem/snapshots" | cut -f1)"

per_person=$(( (rss_full - rss_empty) * 1024 / MEMORY_PEOPLE ))
json_per_person=$(( list_bytes / 60 ))
echo "{\"bench\":\"memory\",\"people\":$MEMORY_PEOPLE,\"rss_empty_kib\":$rss_empty,\"rss_full_kib\":$rss_full,\"bytes_per_person\":$per_person,\"json_bytes_per_person\":$json_per_person,\"rss_after_snapshot_restart_kib\":$rss_after_restart,\"wal_bytes\":$wal_bytes,\"snapshot_bytes\":$snap_bytes}"
echo "{\"bench\":\"restart\",\"people\":$MEMORY_PEOPLE,\"from_wal_ms\":$restart_wal_ms,\"recovery_wal_s\":${recovery_wal:-null},\"from_snapshot_ms\":$restart_snap_ms,\"recovery_snapshot_s\":${recovery_snap:-null}}"

ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }
cat <<SUMMARY

| measurement ($PEOPLE people, $CONNECTIONS connections, ${DURATION}s, wrk -t$WRK_THREADS) | req/s | p50 | p99 |
|---|---|---|---|
| vingt GET /rest/people/{id} (median of 3) | $v_one | $v_one_p50 | $v_one_p99 |
| nginx, same $one_bytes bytes (median of 3) | $n_one | $n_one_p50 | $n_one_p99 |
| vingt GET /rest/people?limit=60 (median of 3) | $v_list | $v_list_p50 | $v_list_p99 |
| nginx, same $list_bytes bytes (median of 3) | $n_list | $n_list_p50 | $n_list_p99 |
| vingt POST /rest/people, durability always | $v_post_always | $v_post_always_p50 | $v_post_always_p99 |
| vingt POST /rest/people, durability none | $v_post_none | $v_post_none_p50 | $v_post_none_p99 |

open loop at a fixed rate, $CONNECTIONS connections (latency from the scheduled send time):
| | rate | p50 ms | p99 ms |
|---|---|---|---|
| vingt GET /rest/people/{id} | $RATE_ONE | $o_one_p50 | $o_one_p99 |
| nginx, same bytes | $RATE_ONE | $on_one_p50 | $on_one_p99 |
| vingt GET /rest/people?limit=60 | $RATE_LIST | $o_list_p50 | $o_list_p99 |
| nginx, same bytes | $RATE_LIST | $on_list_p50 | $on_list_p99 |
| vingt POST /rest/people, always | $RATE_CREATE | $o_post_p50 | $o_post_p99 |

ratios to nginx: list $(ratio "$v_list" "$n_list"), single record $(ratio "$v_one" "$n_one")
memory: $per_person bytes per person beyond the empty server ($MEMORY_PEOPLE people; their JSON is ~$json_per_person bytes each)
restart with $MEMORY_PEOPLE people (median of 3): ${restart_wal_ms} ms from the WAL (recovery ${recovery_wal:-?} s), ${restart_snap_ms} ms from a snapshot (recovery ${recovery_snap:-?} s)
SUMMARY

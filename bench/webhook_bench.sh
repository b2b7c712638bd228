#!/usr/bin/env bash
# Webhook figures for the README (issue 12), in one run on loopback:
#   1. create throughput (POST /rest/people, durability always, 64
#      connections) with no webhook, then with one webhook on "*.*" (the
#      ratio is the figure; target >= 0.8), twice: with nginx as the
#      receiver (a real web server answering 200), and with the lean
#      receiver (bench/lean_receiver.h, a quarter of nginx's CPU per
#      delivery). On a two-core machine the receiver shares the cores with
#      vingt and the load generator; in production it runs elsewhere, so
#      the lean one shows better what the webhook costs vingt itself;
#   2. delivery latency from acknowledgement to receipt at 1,000 writes/s
#      (bench/webhook_latency.py);
#   3. create p99 while the webhook's receiver is dead (accepts, never answers).
# With a webhook, it also counts the deliveries received and the ones the
# server dropped (queue full): a ratio bought by dropping is no ratio.
#
# Throughput on a small shared machine moves by 5-10 % from one run to the
# next, so 1. runs ROUNDS times, alternating the three cases, and each
# ratio is that of the medians. Each run also says how much CPU each
# process spent per write (utime + stime from /proc, over the run): what
# the webhook costs vingt, and what the receiver costs, which shares the
# cores.
#
#   bench/webhook_bench.sh        # uses build/vingt; needs wrk, nginx-light, python3
#   DURATION=10 CONNECTIONS=64 RATE=1000 ROUNDS=3 bench/webhook_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
RATE="${RATE:-1000}"
WRK_THREADS="${WRK_THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }
LEAN="$BUILD_DIR/bench_webhook_receiver"
[ -x "$LEAN" ] || { echo "bench: $LEAN not built" >&2; exit 1; }

work="$(mktemp -d /tmp/vingt-webhookbench.XXXXXX)"
vpid="" dead_pid="" lean_pid=""
cleanup() {
  [ -n "$vpid" ] && kill -9 "$vpid" 2>/dev/null || true
  [ -n "$lean_pid" ] && kill "$lean_pid" 2>/dev/null || true
  [ -n "$dead_pid" ] && kill "$dead_pid" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The receiver: nginx answering 200 to every POST.
nport="$(free_port)"
cat >"$work/nginx.conf" <<NGINX
user root;
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$nport; location = /status { stub_status; } location / { return 200; } } }
NGINX
nginx -c "$work/nginx.conf" -p "$work"

start_vingt() {
  rm -rf "$work/data"
  export VINGT_KEY; VINGT_KEY="$("$VINGT" keys create --data-dir "$work/data" --name bench)"
  port="$(free_port)"
  "$VINGT" serve --data-dir "$work/data" --listen "127.0.0.1:$port" --snapshot-wal-bytes 0 2>"$work/log" &
  vpid=$!
  for _ in $(seq 1 300); do grep -q "listening on" "$work/log" 2>/dev/null && break; sleep 0.02; done
}
stop_vingt() { kill "$vpid"; wait "$vpid" 2>/dev/null || true; vpid=""; }
add_webhook() {
  curl -sf -H "Authorization: Bearer $VINGT_KEY" -H 'Content-Type: application/json' \
    -d "{\"targetUrl\":\"$1\",\"operations\":[\"*.*\"]}" "http://127.0.0.1:$port/rest/metadata/webhooks" >/dev/null
}
# CPU ticks (utime + stime) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
nginx_worker="$(pgrep -f "nginx: worker" -P "$(cat "$work/nginx.pid")" | head -1)"
# run_wrk NAME [RECEIVER_PID]
run_wrk() {
  local name="$1" receiver="${2:-$nginx_worker}" out v0 n0
  v0="$(cpu_ticks "$vpid")"; n0="$(cpu_ticks "$receiver")"
  out="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/wrk/create_person.lua "http://127.0.0.1:$port")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  WRITES="$(echo "$out" | awk '/requests in/ {print $1}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  local tick; tick="$(getconf CLK_TCK)"
  read -r VINGT_US RECEIVER_US < <(python3 -c "w=$WRITES; t=1e6/$tick; print('%.1f %.1f' % (($(cpu_ticks "$vpid") - $v0) * t / w, ($(cpu_ticks "$receiver") - $n0) * t / w))")
  echo "{\"bench\":\"$name\",\"rps\":$RPS,\"p99\":\"$P99\",\"vingt_cpu_us_per_write\":$VINGT_US,\"receiver_cpu_us_per_write\":$RECEIVER_US}"
}
# wrk's "950.00us", "4.83ms", "1.20s" as milliseconds.
to_ms() { python3 -c "import re, sys; v, u = re.fullmatch(r'([0-9.]+)(us|ms|s)', sys.argv[1]).groups(); print(float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u])" "$1"; }
median() { python3 -c "import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# Deliveries received by nginx (its request count, less its status reads).
nginx_requests() { curl -s "http://127.0.0.1:$nport/status" | awk 'NR==3 {print $3}'; }
# The lean receiver, for all rounds; it says how many requests it answered
# when it stops.
lport="$(free_port)"
"$LEAN" "$lport" >"$work/lean.out" & lean_pid=$!
sleep 0.2
dropped_in_log() { { grep -o 'dropped the [0-9]*' "$work/log" || true; } | awk '{s += $3} END {print s + 0}'; }
bases=() base_p99s=() base_cpu=()
nginx_rps=() nginx_p99s=() nginx_cpu=() nginx_receiver_cpu=()
lean_rps=() lean_p99s=() lean_cpu=() lean_receiver_cpu=()
writes_nginx=0 delivered_nginx=0 writes_lean=0 dropped=0
for round in $(seq 1 "$ROUNDS"); do
  start_vingt; run_wrk create_no_webhook; bases+=("$RPS"); base_p99s+=("$(to_ms "$P99")"); base_cpu+=("$VINGT_US"); stop_vingt

  start_vingt; add_webhook "http://127.0.0.1:$nport/hook"
  before="$(nginx_requests)"; run_wrk create_webhook_nginx "$nginx_worker"
  nginx_rps+=("$RPS"); nginx_p99s+=("$(to_ms "$P99")"); nginx_cpu+=("$VINGT_US"); nginx_receiver_cpu+=("$RECEIVER_US")
  sleep 2  # the last deliveries
  delivered_nginx=$(( delivered_nginx + $(nginx_requests) - before - 1 )); writes_nginx=$(( writes_nginx + WRITES ))
  dropped=$(( dropped + $(dropped_in_log) )); stop_vingt

  start_vingt; add_webhook "http://127.0.0.1:$lport/hook"
  run_wrk create_webhook_lean "$lean_pid"
  lean_rps+=("$RPS"); lean_p99s+=("$(to_ms "$P99")"); lean_cpu+=("$VINGT_US"); lean_receiver_cpu+=("$RECEIVER_US")
  sleep 2
  writes_lean=$(( writes_lean + WRITES )); dropped=$(( dropped + $(dropped_in_log) )); stop_vingt
done
kill "$lean_pid"; wait "$lean_pid" 2>/dev/null || true; lean_pid=""
delivered_lean="$(python3 -c "import json; print(json.load(open('$work/lean.out'))['requests'])")"
base="$(median "${bases[@]}")"; base_p99="$(median "${base_p99s[@]}")ms"
echo "{\"bench\":\"webhook_deliveries\",\"writes_nginx\":$writes_nginx,\"delivered_nginx\":$delivered_nginx,\"writes_lean\":$writes_lean,\"delivered_lean\":$delivered_lean,\"dropped\":$dropped}"

start_vingt; python3 bench/webhook_latency.py "$port" "$VINGT_KEY" "$RATE" "$DURATION"; stop_vingt

# A dead receiver: accepts connections and never answers.
dport="$(free_port)"
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', $dport)); s.listen(4096)
held = []
while True:
    c, _ = s.accept(); held.append(c)
" & dead_pid=$!
start_vingt; add_webhook "http://127.0.0.1:$dport/hook"; run_wrk create_receiver_dead; dead_p99=$P99; dead=$RPS; stop_vingt

summary() {  # summary RECEIVER RPS... -- P99S... -- VINGT_CPU... -- RECEIVER_CPU...
  python3 - "$@" <<'PY'
import statistics, sys
name, *rest = sys.argv[1:]
groups, cur = [], []
for x in rest:
    if x == '--':
        groups.append(cur); cur = []
    else:
        cur.append(float(x))
groups.append(cur)
rps, p99, cpu, rcpu, base, base_p99, base_cpu = (statistics.median(g) for g in groups)
print('%s: with a webhook on every event %.2f of the creates/s without (medians: %.0f vs %.0f; target >= 0.8); '
      'p99 %.2f vs %.2f ms; vingt CPU per write %.1f vs %.1f us, the receiver %.1f us per delivery'
      % (name, rps / base, rps, base, p99, base_p99, cpu, base_cpu, rcpu))
PY
}
summary nginx "${nginx_rps[@]}" -- "${nginx_p99s[@]}" -- "${nginx_cpu[@]}" -- "${nginx_receiver_cpu[@]}" -- "${bases[@]}" -- "${base_p99s[@]}" -- "${base_cpu[@]}"
summary lean "${lean_rps[@]}" -- "${lean_p99s[@]}" -- "${lean_cpu[@]}" -- "${lean_receiver_cpu[@]}" -- "${bases[@]}" -- "${base_p99s[@]}" -- "${base_cpu[@]}"
echo "deliveries received: nginx $delivered_nginx of $writes_nginx writes, lean $delivered_lean of $writes_lean; dropped $dropped; receiver dead: $dead creates/s, p99 $dead_p99"

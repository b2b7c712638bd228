#!/usr/bin/env bash
# Webhook figures for the README (issue 12), in one run on loopback:
#   1. create throughput (POST /rest/people, durability always, 64
#      connections) with no webhook, then with one webhook on "*.*" whose
#      receiver is nginx answering 200 (the ratio is the figure; target >= 0.8);
#   2. delivery latency from acknowledgement to receipt at 1,000 writes/s
#      (bench/webhook_latency.py);
#   3. create p99 while the webhook's receiver is dead (accepts, never answers).
# With the webhook, it also counts the deliveries nginx received and the ones
# the server dropped (queue full): a ratio bought by dropping is no ratio.
#
# Throughput on a small shared machine moves by 5-10 % from one run to the
# next, so 1. runs ROUNDS times, alternating without and with the webhook,
# and the ratio is that of the medians. Each run also says how much CPU
# each process spent per write (utime + stime from /proc, over the run):
# what the webhook costs vingt, and what the receiver costs, which shares
# the cores.
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

work="$(mktemp -d /tmp/vingt-webhookbench.XXXXXX)"
vpid="" dead_pid=""
cleanup() {
  [ -n "$vpid" ] && kill -9 "$vpid" 2>/dev/null || true
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
run_wrk() {
  local name="$1" out v0 n0
  v0="$(cpu_ticks "$vpid")"; n0="$(cpu_ticks "$nginx_worker")"
  out="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/wrk/create_person.lua "http://127.0.0.1:$port")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  WRITES="$(echo "$out" | awk '/requests in/ {print $1}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  local tick; tick="$(getconf CLK_TCK)"
  read -r VINGT_US RECEIVER_US < <(python3 -c "w=$WRITES; t=1e6/$tick; print('%.1f %.1f' % (($(cpu_ticks "$vpid") - $v0) * t / w, ($(cpu_ticks "$nginx_worker") - $n0) * t / w))")
  echo "{\"bench\":\"$name\",\"rps\":$RPS,\"p99\":\"$P99\",\"vingt_cpu_us_per_write\":$VINGT_US,\"receiver_cpu_us_per_write\":$RECEIVER_US}"
}
# wrk's "950.00us", "4.83ms", "1.20s" as milliseconds.
to_ms() { python3 -c "import re, sys; v, u = re.fullmatch(r'([0-9.]+)(us|ms|s)', sys.argv[1]).groups(); print(float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u])" "$1"; }
median() { python3 -c "import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# Deliveries received by nginx (its request count, less its status reads).
nginx_requests() { curl -s "http://127.0.0.1:$nport/status" | awk 'NR==3 {print $3}'; }
bases=() hookeds=() base_p99s=() hooked_p99s=() base_cpu=() hooked_cpu=() receiver_cpu=()
writes_hooked=0 delivered=0 dropped=0
for round in $(seq 1 "$ROUNDS"); do
  start_vingt; run_wrk create_no_webhook; bases+=("$RPS"); base_p99s+=("$(to_ms "$P99")"); base_cpu+=("$VINGT_US"); stop_vingt
  start_vingt; add_webhook "http://127.0.0.1:$nport/hook"
  before="$(nginx_requests)"; run_wrk create_webhook_all_events
  hookeds+=("$RPS"); hooked_p99s+=("$(to_ms "$P99")"); hooked_cpu+=("$VINGT_US"); receiver_cpu+=("$RECEIVER_US")
  sleep 2  # the last deliveries
  delivered=$(( delivered + $(nginx_requests) - before - 1 )); writes_hooked=$(( writes_hooked + WRITES ))
  dropped=$(( dropped + $({ grep -o 'dropped the [0-9]*' "$work/log" || true; } | awk '{s += $3} END {print s + 0}') ))
  stop_vingt
done
base="$(median "${bases[@]}")"; hooked="$(median "${hookeds[@]}")"
base_p99="$(median "${base_p99s[@]}")ms"; hooked_p99="$(median "${hooked_p99s[@]}")ms"
echo "{\"bench\":\"webhook_deliveries\",\"writes\":$writes_hooked,\"delivered\":$delivered,\"dropped\":$dropped}"
WRITES_HOOKED=$writes_hooked

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

python3 -c "print('with a webhook on every event: %.2f of the creates/s without (medians of $ROUNDS: %s vs %s; target >= 0.8), %s of %s deliveries received; p99 %s vs %s; vingt CPU per write %s us vs %s us, the receiver %s us; receiver dead: %s creates/s, p99 %s' % ($hooked / $base, '$hooked', '$base', '$delivered', '$WRITES_HOOKED', '$hooked_p99', '$base_p99', '$(median "${hooked_cpu[@]}")', '$(median "${base_cpu[@]}")', '$(median "${receiver_cpu[@]}")', '$dead', '$dead_p99'))"

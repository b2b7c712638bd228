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
#   bench/webhook_bench.sh        # uses build/vingt; needs wrk, nginx-light, python3
#   DURATION=10 CONNECTIONS=64 RATE=1000 bench/webhook_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="$BUILD_DIR/vingt"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
RATE="${RATE:-1000}"
WRK_THREADS="${WRK_THREADS:-2}"
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
run_wrk() {
  local name="$1" out
  out="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/wrk/create_person.lua "http://127.0.0.1:$port")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  WRITES="$(echo "$out" | awk '/requests in/ {print $1}')"
  P99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  echo "{\"bench\":\"$name\",\"rps\":$RPS,\"p99\":\"$P99\"}"
}

start_vingt; run_wrk create_no_webhook; base=$RPS; base_p99=$P99; stop_vingt
# Deliveries received by nginx (its request count, less its status reads).
nginx_requests() { curl -s "http://127.0.0.1:$nport/status" | awk 'NR==3 {print $3}'; }
start_vingt; add_webhook "http://127.0.0.1:$nport/hook"
before="$(nginx_requests)"; run_wrk create_webhook_all_events; hooked=$RPS; hooked_p99=$P99
sleep 2  # the last deliveries
delivered=$(( $(nginx_requests) - before - 1 )); WRITES_HOOKED=$WRITES
dropped="$({ grep -o 'dropped the [0-9]*' "$work/log" || true; } | awk '{s += $3} END {print s + 0}')"
echo "{\"bench\":\"webhook_deliveries\",\"writes\":$WRITES,\"delivered\":$delivered,\"dropped\":$dropped}"
stop_vingt

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

python3 -c "print('with a webhook on every event: %.2f of the creates/s without (%s vs %s; target >= 0.8), %s of %s deliveries received; p99 %s vs %s; receiver dead: %s creates/s, p99 %s' % ($hooked / $base, '$hooked', '$base', '$delivered', '$WRITES_HOOKED', '$hooked_p99', '$base_p99', '$dead', '$dead_p99'))"

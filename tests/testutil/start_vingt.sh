# Sourced by the shell-driven tests: starts `vingt serve` on a fresh data dir
# and a free loopback port, and sets VINGT_PORT and VINGT_TOKEN (the first
# key, as the server printed it). The server and its data dir go away when
# the sourcing script exits.
#
#   source tests/testutil/start_vingt.sh PATH_TO_vingt [serve options...]

vingt_data="$(mktemp -d)"
vingt_log="$vingt_data.log"
vingt_pid=""
stop_vingt() {
  if [[ -n "$vingt_pid" ]]; then
    kill -9 "$vingt_pid" 2>/dev/null || true
    wait "$vingt_pid" 2>/dev/null || true
  fi
  rm -rf "$vingt_data" "$vingt_log"
}
trap stop_vingt EXIT

vingt_binary="$1"
shift
"$vingt_binary" serve --data-dir "$vingt_data" --listen 127.0.0.1:0 "$@" >"$vingt_log" 2>&1 &
vingt_pid=$!
for _ in $(seq 1 200); do
  grep -q "listening on http://127.0.0.1:" "$vingt_log" && break
  kill -0 "$vingt_pid" 2>/dev/null || { cat "$vingt_log" >&2; exit 1; }
  sleep 0.05
done
VINGT_PORT="$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$vingt_log" | head -1)"
VINGT_TOKEN="$(sed -n '/created API key/{n;p}' "$vingt_log" | head -1)"
if [[ -z "$VINGT_PORT" || -z "$VINGT_TOKEN" ]]; then
  cat "$vingt_log" >&2
  exit 1
fi

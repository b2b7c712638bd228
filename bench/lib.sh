# Sourced by the bench scripts: the set-up they all share.
#
#   source "$(dirname "$0")/lib.sh"
#   bench_setup NAME        cd to the repository, check wrk, python3 and
#                           $VINGT (default $BUILD_DIR/vingt, BUILD_DIR=build),
#                           make $work (removed at exit, with the server)
#   free_port               a free loopback port
#   start_vingt BIN DATA [serve flags...]
#                           serve DATA on a free port (durability always, no
#                           automatic snapshot unless a flag says otherwise);
#                           sets vpid and port once it listens; log in DATA.log
#   stop_vingt              SIGTERM, then wait
#   kill_vingt              SIGKILL, then wait
#   env_line KEY VALUE...   the first JSON line of a bench's output: commit,
#                           cores and load average, and the bench's settings

bench_setup() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  BUILD_DIR="${BUILD_DIR:-build}"
  VINGT="${VINGT:-$BUILD_DIR/vingt}"
  for tool in wrk python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done
  [ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }
  work="$(mktemp -d "/tmp/vingt-$1.XXXXXX")"
  vpid=""
  trap '[ -n "$vpid" ] && kill -9 "$vpid" 2>/dev/null; rm -rf "$work"' EXIT
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_vingt() {
  local bin="$1" data="$2"
  shift 2
  port="$(free_port)"
  "$bin" serve --data-dir "$data" --listen "127.0.0.1:$port" --durability always --snapshot-wal-bytes 0 "$@" \
    2>"$data.log" &
  vpid=$!
  for _ in $(seq 1 500); do grep -q "listening on" "$data.log" 2>/dev/null && return 0; sleep 0.02; done
  echo "bench: vingt did not start" >&2; cat "$data.log" >&2; exit 1
}

stop_vingt() { kill "$vpid"; wait "$vpid" 2>/dev/null || true; vpid=""; }
kill_vingt() { kill -9 "$vpid"; wait "$vpid" 2>/dev/null || true; vpid=""; }

env_line() {
  local fields=""
  while [ $# -ge 2 ]; do fields+=",\"$1\":$2"; shift 2; done
  echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"cores\":$(nproc),\"loadavg\":$(cut -d' ' -f1 /proc/loadavg)$fields}"
}

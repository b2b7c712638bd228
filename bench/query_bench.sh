#!/usr/bin/env bash
# Query speed of vingt beside PostgreSQL 15 holding the same rows, as ratios,
# at several table sizes. vingt is measured through its HTTP API (wrk);
# Postgres through the SQL a Postgres-backed Twenty would run for the same
# request (pgbench). vingt's figures include HTTP and writing the JSON;
# Postgres' include neither, nor Twenty's Node.js layer that a real Twenty
# adds on top of this SQL: the ratio understates vingt's lead over Twenty.
#
#   bench/query_bench.sh                       # sizes 10000 100000 1000000
#   SIZES="10000 100000" DURATION=5 bench/query_bench.sh
#   VINGT=/path/to/vingt KEEP_DATA=1 bench/query_bench.sh   # keeps the loaded data, says where
#   DATA=/that/dir bench/query_bench.sh        # reuses it (no generation, no load)
#
# Needs wrk, python3, curl, runuser and PostgreSQL 15 server binaries
# (apt-get install postgresql-15; PG_BIN to point elsewhere). Run as root:
# initdb, pg_ctl and postgres run as the `postgres` user on a cluster inside
# the temp dir, listening on 127.0.0.1 only.
#
# Per size: bench/gen_people.py generates N people and N/10 companies once,
# posts them to vingt and writes them as CSV for COPY (same ids, same
# values); the Postgres tables and indexes are Twenty's
# (bench/query_bench_schema.sql, bench/query_bench_indexes.sql). Then, per
# query: a check that vingt answers 200 with Postgres' COUNT(*) as
# totalCount and the same page of ids, vingt's p50 on one connection and
# req/s on CONNECTIONS, Postgres' p50 on one client and tx/s on CONNECTIONS
# (one transaction = the page query + the COUNT(*), as Twenty runs both for a
# list with totalCount). Last, vingt's resident memory and its restart time
# from an offline snapshot. One JSON line per measurement, a Markdown table
# at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${BUILD_DIR:-build}"
VINGT="${VINGT:-$BUILD_DIR/vingt}"
SIZES="${SIZES:-10000 100000 1000000}"
DURATION="${DURATION:-5}"
CONNECTIONS="${CONNECTIONS:-16}"
WRK_THREADS="${WRK_THREADS:-2}"
SEED="${SEED:-20}"
# Stock Postgres has jit=on, but JIT only starts above jit_above_cost
# (100000) and the plans here stay below it up to a million people (the
# parallel scans cost ~65000), so it changes nothing at these sizes; forced
# on, it adds ~100 ms of compilation per query. Off, the setting most
# favourable to Postgres; PG_JIT=on for the stock one.
PG_JIT="${PG_JIT:-off}"
# How the id tiebreak is ordered. Twenty emits "id ASC NULLS FIRST", which no
# btree on id serves, so every page is a top-N sort of all matching rows;
# PG_ID_ORDER=ASC shows what Postgres does with the primary key in order.
PG_ID_ORDER="${PG_ID_ORDER:-ASC NULLS FIRST}"
if [ -z "${PG_BIN:-}" ]; then
  PG_BIN="$(pg_config --bindir 2>/dev/null || true)"
  [ -x "$PG_BIN/initdb" ] || PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
fi

for tool in wrk python3 curl runuser; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
for tool in initdb pg_ctl psql pgbench; do
  [ -x "$PG_BIN/$tool" ] || { echo "bench: $PG_BIN/$tool is missing (apt-get install postgresql-15, or set PG_BIN)" >&2; exit 1; }
done
[ -x "$VINGT" ] || { echo "bench: $VINGT not built" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root (Postgres runs as the postgres user through runuser)" >&2; exit 1; }

if [ -n "${DATA:-}" ]; then
  mkdir -p "$DATA"
  work="$(cd "$DATA" && pwd)"
  keep=1
else
  work="$(mktemp -d /tmp/vingt-query-bench.XXXXXX)"
  keep="${KEEP_DATA:-0}"
fi
# The postgres user has to reach its cluster inside.
chmod 711 "$work"
scratch="$work/scratch"
mkdir -p "$scratch"
VPID=""
PGPID=""
stop_vingt() { [ -z "$VPID" ] || { kill -9 "$VPID" 2>/dev/null; wait "$VPID" 2>/dev/null || true; }; VPID=""; }
stop_pg() {
  [ -n "$PGPID" ] || return 0
  kill -INT "$PGPID" 2>/dev/null || true  # fast shutdown
  # The postmaster is not our child: once gone it may linger as a zombie.
  for _ in $(seq 1 600); do
    [ "$(ps -o stat= -p "$PGPID" 2>/dev/null | cut -c1)" = "" ] && break
    [ "$(ps -o stat= -p "$PGPID" | cut -c1)" = Z ] && break
    sleep 0.1
  done
  kill -9 "$PGPID" 2>/dev/null || true
  PGPID=""
}
cleanup() {
  stop_vingt || true
  stop_pg || true
  if [ "$keep" = 1 ]; then echo "bench: data kept in $work (reuse with DATA=$work)" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }  # SECS T0_NS T1_NS
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cache="$(dirname "$VINGT")/CMakeCache.txt"
build_type="$( [ -f "$cache" ] && grep -E '^CMAKE_BUILD_TYPE' "$cache" | cut -d= -f2 || echo unknown)"
cpu="$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
pg_version="$("$PG_BIN/postgres" --version | awk '{print $3}')"
echo "{\"bench\":\"env\",\"commit\":\"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\",\"vingt\":\"$("$VINGT" --version 2>&1 | head -1)\",\"build_type\":\"${build_type:-unknown}\",\"cpu\":\"$cpu\",\"cores\":$(nproc),\"postgres\":\"$pg_version\",\"pg_jit\":\"$PG_JIT\",\"pg_id_order\":\"$PG_ID_ORDER\",\"loadavg\":$(cut -d' ' -f1 /proc/loadavg),\"wrk_threads\":$WRK_THREADS,\"connections\":$CONNECTIONS,\"duration_s\":$DURATION,\"seed\":$SEED}"
[ "$build_type" = "Release" ] || echo "bench: WARNING: build type is '${build_type:-unknown}', figures are not representative" >&2
# Both servers and both load generators share the cores: anything else
# running skews the figures (and not by the same factor for both sides).
awk -v c="$(nproc)" '{ exit !($1 > c / 4) }' /proc/loadavg &&
  echo "bench: WARNING: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores before starting, figures will be noisy" >&2

# --- vingt ------------------------------------------------------------------

# start_vingt DIR -> VPID, VPORT, START_MS (launch to "listening on", polled
# every 10 ms). A million people recover in seconds, hence the long wait.
start_vingt() {
  local dir="$1" t0 t1
  VPORT="$(free_port)"
  t0="$(date +%s%N)"
  "$VINGT" serve --data-dir "$dir" --listen "127.0.0.1:$VPORT" --durability none --snapshot-wal-bytes 0 \
    2>"$dir.log" &
  VPID=$!
  until grep -q "listening on" "$dir.log" 2>/dev/null; do
    kill -0 "$VPID" 2>/dev/null && [ $(( ($(date +%s%N) - t0) / 1000000000 )) -lt 600 ] ||
      { echo "bench: vingt did not start:" >&2; cat "$dir.log" >&2; exit 1; }
    sleep 0.01
  done
  t1="$(date +%s%N)"
  START_MS=$(( (t1 - t0) / 1000000 ))
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# Requests wrk gave up on (or left in flight at the end) keep a scan going in
# the server; wait for it before the next measurement.
quiesce_vingt() { curl -sf -m 600 -o /dev/null "http://127.0.0.1:$VPORT/healthz" || true; sleep 1; }

# to_ms "1.23ms" -> 1.23 (wrk prints us, ms, s or m)
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
  f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0;
  if (f == 0) print "null"; else printf "%.3f\n", n * f }'; }

# run_wrk CONNECTIONS THREADS URL LUA -> RPS, P50 (ms), P99 (ms), COUNT, BAD
# A long timeout: today a scan of a million records takes seconds, and wrk's
# default (2 s) would count those requests as lost instead of slow.
run_wrk() {
  local out
  out="$(wrk -t"$2" -c"$1" -d"${DURATION}s" --timeout 60s --latency -s "$4" "$3")"
  RPS="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  COUNT="$(echo "$out" | awk '/requests in/ {print $1}')"
  P50="$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2}')")"
  P99="$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2}')")"
  [ "${COUNT:-0}" -gt 0 ] || { P50=null; P99=null; }
  local non2xx timeouts
  non2xx="$(echo "$out" | awk '/Non-2xx/ {print $5}')"
  timeouts="$(echo "$out" | sed -n 's/.*timeout \([0-9]*\).*/\1/p')"
  BAD=$(( ${non2xx:-0} + ${timeouts:-0} ))
}

# --- PostgreSQL -------------------------------------------------------------

# start_pg DIR -> PGPORT, PGPID; creates the cluster on first use.
start_pg() {
  local dir="$1"
  if [ ! -f "$dir/cluster/PG_VERSION" ]; then
    mkdir -p "$dir/sock"
    chown -R postgres: "$dir"
    # C.UTF-8: code-point order, the cheapest collation for Postgres. Text
    # keys are ordered on LOWER() as in Twenty, which then orders them as
    # vingt's case folding does (the page check compares the ids).
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/cluster" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/cluster/postgresql.conf" <<CONF
# bench/query_bench.sh: loopback only, the whole data set in memory.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/sock'
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 1GB
effective_cache_size = 16GB
random_page_cost = 1.1
max_parallel_workers_per_gather = 2
max_wal_size = 8GB
# Nothing here has to survive a crash; these only speed up the load.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  PGPORT="$(free_port)"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/cluster" -l "$dir/postgres.log" \
    -o "-p $PGPORT -c jit=$PG_JIT" -w -t 300 start >/dev/null ||
    { tail -20 "$dir/postgres.log" >&2; exit 1; }
  PGPID="$(head -1 "$dir/cluster/postmaster.pid")"
}
pg() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres "$@"; }
sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# run_pgbench FILE CLIENTS [extra args] -> TPS
run_pgbench() {
  local file="$1" clients="$2"; shift 2
  local out
  out="$("$PG_BIN/pgbench" -n -h 127.0.0.1 -p "$PGPORT" -U postgres -f "$file" -c "$clients" \
    -j "$(( clients < WRK_THREADS ? clients : WRK_THREADS ))" -T "$DURATION" "$@" postgres 2>&1)" ||
    { echo "$out" >&2; exit 1; }
  TPS="$(echo "$out" | awk '/^tps = / {printf "%.1f\n", $3; exit}')"
}
# pg_p50 FILE -> PG_P50 (ms): one client, per-transaction log (-l), median.
pg_p50() {
  local prefix="$scratch/pglog"
  rm -f "$prefix".*
  run_pgbench "$1" 1 -l --log-prefix="$prefix"
  PG_P50="$(cat "$prefix".* | awk '{print $3}' | sort -n |
    awk '{v[NR] = $1} END { if (NR == 0) print "null"; else printf "%.3f\n", v[int((NR + 1) / 2)] / 1000 }')"
  rm -f "$prefix".*
}

# --- the SQL Twenty runs ----------------------------------------------------
# A REST list reads every column but the search vector; it asks for limit + 1
# rows to know hasNextPage; soft-deleted rows are filtered out; the order
# always ends with id (Twenty appends "id AscNullsFirst"), and text keys are
# ordered by LOWER() (Twenty's case-insensitive order for TEXT, which vingt
# reproduces). "NULLS FIRST" on an ascending key is what Twenty emits, and
# it keeps Postgres from walking the primary key in order: the page is a
# top-N sort over all matching rows, as in a real workspace.
PERSON_COLUMNS='id, "nameFirstName", "nameLastName", "emailsPrimaryEmail", "emailsAdditionalEmails",
  "linkedinLinkPrimaryLinkUrl", "linkedinLinkPrimaryLinkLabel", "linkedinLinkSecondaryLinks",
  "xLinkPrimaryLinkUrl", "xLinkPrimaryLinkLabel", "xLinkSecondaryLinks", "jobTitle",
  "phonesPrimaryPhoneNumber", "phonesPrimaryPhoneCountryCode", "phonesPrimaryPhoneCallingCode",
  "phonesAdditionalPhones", "whatsappPrimaryPhoneNumber", "whatsappPrimaryPhoneCountryCode",
  "whatsappPrimaryPhoneCallingCode", "whatsappAdditionalPhones", city, "avatarUrl", position,
  "createdBySource", "createdByWorkspaceMemberId", "createdByName", "createdByContext",
  "updatedBySource", "updatedByWorkspaceMemberId", "updatedByName", "updatedByContext",
  "createdAt", "updatedAt", "deletedAt", "companyId"'
LIVE='"deletedAt" IS NULL'
BY_ID="id $PG_ID_ORDER"
BY_LAST_NAME="LOWER(\"nameLastName\") ASC NULLS FIRST, $BY_ID"
page_sql() { printf 'SELECT %s FROM person\n  WHERE %s ORDER BY %s LIMIT 61;\n' "${3:-$PERSON_COLUMNS}" "$1" "$2"; }
count_sql() { printf 'SELECT COUNT(*) FROM person WHERE %s;\n' "$1"; }

# qs 'k=v' ... -> URL query string; values percent-encoded, but ':,()' kept
# readable (vingt decodes either way).
qs() { python3 -c 'import sys, urllib.parse as u
print("&".join(k + "=" + u.quote(v, safe=":,()") for k, v in (a.split("=", 1) for a in sys.argv[1:])))' "$@"; }

# check_answers MODE VINGT_JSON PG_COUNT PG_ROWS -> prints the JSON check line;
# MODE rest|graphql: totalCount == PG_COUNT and the page's ids == the first
# ids of the Postgres page; MODE group: every group's totalCount == Postgres'.
check_answers() {
  python3 - "$@" <<'PY'
import json, sys
mode, vingt_file, pg_count, pg_rows_file = sys.argv[1:5]
body = json.load(open(vingt_file))
rows = [l.rstrip("\n").split("\t") for l in open(pg_rows_file, encoding="utf-8") if l.strip()]
problems = []

def check():
    if mode == "group":
        pg = {r[0]: int(r[1]) for r in rows}
        for g in body:
            key = g["groupByDimensionValues"][0]
            key = "" if key is None else key
            if pg.get(key) != g["totalCount"]:
                problems.append(f"group {key!r}: vingt {g['totalCount']}, postgres {pg.get(key)}")
        return {"groups": len(body), "postgres_groups": len(pg),
                "vingt_total": sum(g["totalCount"] for g in body)}
    if mode == "graphql":
        conn = body["data"]["people"]
        ids = [e["node"]["id"] for e in conn["edges"]]
    else:
        conn = body
        ids = [p["id"] for p in body["data"]["people"]]
    total = conn["totalCount"]
    # Postgres' page has one row more (limit + 1, for hasNextPage).
    pg_ids = [r[0] for r in rows][:60]
    if total != int(pg_count):
        problems.append(f"totalCount {total} != postgres COUNT(*) {pg_count}")
    if ids != pg_ids:
        first = next((i for i, (a, b) in enumerate(zip(ids, pg_ids)) if a != b), min(len(ids), len(pg_ids)))
        problems.append(f"page differs from postgres' from row {first} ({len(ids)} vs {len(pg_ids)} rows)")
    return {"vingt_total": total, "postgres_count": int(pg_count), "page_rows": len(ids)}

try:
    out = check()
except (KeyError, TypeError, IndexError) as e:
    out = {}
    problems.append(f"unexpected answer ({e!r}): {json.dumps(body)[:200]}")
out["ok"] = not problems
if problems:
    out["problems"] = problems
print(json.dumps(out))
sys.exit(0 if not problems else 3)
PY
}

ROWS=()
# run_query NAME SIZE KIND TARGET PAGE_SQL COUNT_SQL
#   KIND rest|group: TARGET is the path with its query string (GET);
#   KIND graphql: TARGET is the JSON body of POST /graphql.
#   For group, PAGE_SQL is the whole timed query and COUNT_SQL the same
#   without its limit, only for the check (vingt's 50 groups need not be the
#   50 Postgres stops at).
run_query() {
  local name="$1" size="$2" kind="$3" target="$4" page="$5" count="$6"
  local url lua status pg_count=0 check
  local sqlfile="$scratch/$name.sql" answer="$scratch/answer.json" pgrows="$scratch/pgrows.tsv"
  if [ "$kind" = group ]; then printf '%s\n' "$page" >"$sqlfile"; else printf '%s\n%s' "$page" "$count" >"$sqlfile"; fi
  if [ "$kind" = graphql ]; then
    url="http://127.0.0.1:$VPORT/graphql"; lua=bench/wrk/graphql_env.lua
    export GRAPHQL_BODY="$target"
    status="$(curl -s -m 600 -o "$answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $VINGT_KEY" \
      -H 'Content-Type: application/json' --data-binary "$target" "$url")"
  else
    url="http://127.0.0.1:$VPORT$target"; lua=bench/wrk/get_path.lua
    status="$(curl -s -m 600 -o "$answer" -w '%{http_code}' -H "Authorization: Bearer $VINGT_KEY" "$url")"
  fi
  if [ "$kind" = group ]; then
    pg -At -F $'\t' -c "$count" >"$pgrows"
  else
    pg -At -F $'\t' -c "$page" >"$pgrows"
    pg_count="$(pg -At -c "$count")"
  fi
  if [ "$status" != 200 ]; then
    echo "{\"bench\":\"check\",\"query\":\"$name\",\"people\":$size,\"ok\":false,\"status\":$status}"
    echo "bench: WARNING: $name at $size: vingt answered $status: $(head -c 300 "$answer")" >&2
  elif check="$(check_answers "$kind" "$answer" "$pg_count" "$pgrows")"; then
    echo "{\"bench\":\"check\",\"query\":\"$name\",\"people\":$size,${check#\{}"
  else
    echo "{\"bench\":\"check\",\"query\":\"$name\",\"people\":$size,${check#\{}"
    echo "bench: WARNING: $name at $size: vingt and Postgres disagree (different rows or non-equivalent SQL): $check" >&2
  fi

  run_wrk 1 1 "$url" "$lua"; local v_p50=$P50
  echo "{\"bench\":\"vingt\",\"query\":\"$name\",\"people\":$size,\"connections\":1,\"p50_ms\":$P50,\"rps\":$RPS,\"requests\":$COUNT,\"bad\":$BAD}"
  quiesce_vingt
  run_wrk "$CONNECTIONS" "$WRK_THREADS" "$url" "$lua"; local v_rps=$RPS
  echo "{\"bench\":\"vingt\",\"query\":\"$name\",\"people\":$size,\"connections\":$CONNECTIONS,\"rps\":$RPS,\"p50_ms\":$P50,\"p99_ms\":$P99,\"requests\":$COUNT,\"bad\":$BAD}"
  [ "$BAD" = 0 ] || echo "bench: WARNING: $name at $size: $BAD non-2xx or timed-out requests" >&2
  quiesce_vingt

  pg_p50 "$sqlfile"; local p_p50=$PG_P50
  echo "{\"bench\":\"postgres\",\"query\":\"$name\",\"people\":$size,\"clients\":1,\"p50_ms\":$PG_P50}"
  run_pgbench "$sqlfile" "$CONNECTIONS"; local p_tps=$TPS
  echo "{\"bench\":\"postgres\",\"query\":\"$name\",\"people\":$size,\"clients\":$CONNECTIONS,\"tps\":$TPS}"

  local ratio; ratio="$(python3 -c "print(f'{$v_rps / $p_tps:.2f}' if $p_tps > 0 else 'null')")"
  echo "{\"bench\":\"ratio\",\"query\":\"$name\",\"people\":$size,\"vingt_rps\":$v_rps,\"postgres_tps\":$p_tps,\"ratio\":$ratio}"
  ROWS+=("| $name | $size | $v_p50 ms | $v_rps | $p_p50 ms | $p_tps | $ratio |")
}

EXTRA_ROWS=()
for size in $SIZES; do
  sdir="$work/s$size"
  vdir="$sdir/vingt"
  mkdir -p "$sdir/pg"
  chmod 711 "$sdir"
  fresh=0
  if [ "$(cat "$sdir/loaded" 2>/dev/null)" != "$SEED" ]; then
    fresh=1
    rm -rf "$vdir" "$vdir.log" "$sdir/pg" "$sdir/csv"
    mkdir -p "$sdir/pg"
    "$VINGT" keys create --data-dir "$vdir" --name bench >"$sdir/key"
  fi
  export VINGT_KEY; VINGT_KEY="$(cat "$sdir/key")"
  start_pg "$sdir/pg"
  start_vingt "$vdir"

  if [ "$fresh" = 1 ]; then
    t0="$(date +%s%N)"
    python3 bench/gen_people.py --people "$size" --seed "$SEED" --port "$VPORT" --key "$VINGT_KEY" --csv-dir "$sdir/csv"
    t1="$(date +%s%N)"
    pg -f bench/query_bench_schema.sql
    pg -c "\\copy company (id, name, \"domainNamePrimaryLinkUrl\", position, \"createdAt\", \"updatedAt\") FROM '$sdir/csv/company.csv' WITH (FORMAT csv, HEADER MATCH)"
    pg -c "\\copy person (id, \"nameFirstName\", \"nameLastName\", \"emailsPrimaryEmail\", \"linkedinLinkPrimaryLinkUrl\", \"linkedinLinkPrimaryLinkLabel\", \"jobTitle\", city, \"phonesPrimaryPhoneNumber\", \"phonesPrimaryPhoneCountryCode\", \"phonesPrimaryPhoneCallingCode\", position, \"createdAt\", \"updatedAt\", \"companyId\") FROM '$sdir/csv/person.csv' WITH (FORMAT csv, HEADER MATCH)"
    pg -f bench/query_bench_indexes.sql
    pg -c "VACUUM ANALYZE"
    t2="$(date +%s%N)"
    rm -rf "$sdir/csv"
    echo "$SEED" >"$sdir/loaded"
    echo "{\"bench\":\"load\",\"people\":$size,\"generate_and_post_to_vingt_s\":$(secs "$t0" "$t1"),\"postgres_copy_index_analyze_s\":$(secs "$t1" "$t2")}"
  fi
  rss="$(rss_kib "$VPID")"
  pg_bytes="$(pg -At -c "SELECT pg_total_relation_size('person') + pg_total_relation_size('company')")"
  echo "{\"bench\":\"memory\",\"people\":$size,\"vingt_rss_kib\":$rss,\"after\":\"$([ "$fresh" = 1 ] && echo load || echo recovery)\",\"postgres_tables_and_indexes_bytes\":$pg_bytes}"

  # --- the queries ----------------------------------------------------------
  P=/rest/people
  run_query eq_city "$size" rest "$P?$(qs 'filter=city[eq]:Paris' limit=60)" \
    "$(page_sql "city = 'Paris' AND $LIVE" "$BY_ID")" "$(count_sql "city = 'Paris' AND $LIVE")"
  run_query in_city "$size" rest "$P?$(qs 'filter=city[in]:[Paris,Oslo]' limit=60)" \
    "$(page_sql "city IN ('Paris', 'Oslo') AND $LIVE" "$BY_ID")" "$(count_sql "city IN ('Paris', 'Oslo') AND $LIVE")"
  run_query created_since "$size" rest "$P?$(qs 'filter=createdAt[gte]:2024-10-01T00:00:00.000Z' limit=60)" \
    "$(page_sql "\"createdAt\" >= '2024-10-01T00:00:00.000Z' AND $LIVE" "$BY_ID")" \
    "$(count_sql "\"createdAt\" >= '2024-10-01T00:00:00.000Z' AND $LIVE")"

  # A deep page: the person half-way through the last-name order, its cursor
  # from vingt (it encodes the order keys and the id, not the filter).
  IFS=$'\t' read -r mid_id mid_last < <(pg -At -F $'\t' -c "SELECT id, \"nameLastName\" FROM person WHERE $LIVE
    ORDER BY $BY_LAST_NAME OFFSET (SELECT COUNT(*) / 2 FROM person WHERE $LIVE) LIMIT 1")
  cursor="$(curl -sf -H "Authorization: Bearer $VINGT_KEY" \
    "http://127.0.0.1:$VPORT$P?$(qs 'order_by=name.lastName[AscNullsFirst]' "filter=id[eq]:$mid_id" limit=1)" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["pageInfo"]["startCursor"])')"
  # Twenty spells the keyset as LOWER(x) > a OR (LOWER(x) = a AND id > b);
  # the row comparison is the same set of rows, and neither can use an index.
  run_query deep_cursor_last_name "$size" rest \
    "$P?$(qs 'order_by=name.lastName[AscNullsFirst]' "starting_after=$cursor" limit=60)" \
    "$(page_sql "$LIVE AND (LOWER(\"nameLastName\"), id) > (LOWER($(sql_quote "$mid_last")), '$mid_id')" "$BY_LAST_NAME")" \
    "$(count_sql "$LIVE")"

  run_query ilike_first_name "$size" rest "$P?$(qs 'filter=name.firstName[ilike]:"%ad%"' limit=60)" \
    "$(page_sql "\"nameFirstName\" ILIKE '%ad%' AND $LIVE" "$BY_ID")" "$(count_sql "\"nameFirstName\" ILIKE '%ad%' AND $LIVE")"
  run_query ilike_email "$size" rest "$P?$(qs 'filter=emails.primaryEmail[ilike]:"%mccarthy12%"' limit=60)" \
    "$(page_sql "\"emailsPrimaryEmail\" ILIKE '%mccarthy12%' AND $LIVE" "$BY_ID")" \
    "$(count_sql "\"emailsPrimaryEmail\" ILIKE '%mccarthy12%' AND $LIVE")"
  # startsWith is LIKE 'x%' in Twenty (case-sensitive).
  run_query and_eq_starts_with "$size" rest "$P?$(qs 'filter=and(city[eq]:Paris,jobTitle[startsWith]:Staff)' limit=60)" \
    "$(page_sql "city = 'Paris' AND \"jobTitle\" LIKE 'Staff%' AND $LIVE" "$BY_ID")" \
    "$(count_sql "city = 'Paris' AND \"jobTitle\" LIKE 'Staff%' AND $LIVE")"
  run_query or_eq_order_by "$size" rest \
    "$P?$(qs 'filter=or(city[eq]:Oslo,name.lastName[eq]:Turing)' 'order_by=name.lastName[AscNullsFirst]' limit=60)" \
    "$(page_sql "(city = 'Oslo' OR \"nameLastName\" = 'Turing') AND $LIVE" "$BY_LAST_NAME")" \
    "$(count_sql "(city = 'Oslo' OR \"nameLastName\" = 'Turing') AND $LIVE")"
  # REST group-by returns at most 50 groups by default; there are 61 cities
  # (with ''), so Postgres stops at 50 groups too, without an order as vingt.
  run_query group_by_city "$size" group "$P/groupBy?$(qs 'group_by=[{"city":true}]' 'aggregate=["totalCount"]')" \
    "SELECT city, COUNT(*) FROM person WHERE $LIVE GROUP BY city LIMIT 50;" \
    "SELECT city, COUNT(*) FROM person WHERE $LIVE GROUP BY city;"
  # GraphQL selects only the requested columns.
  run_query graphql_eq_order_by "$size" graphql \
    '{"query":"{ people(filter: {city: {eq: \"Paris\"}}, orderBy: {createdAt: AscNullsFirst}, first: 60) { totalCount edges { node { id name { firstName lastName } emails { primaryEmail } city jobTitle createdAt } } } }"}' \
    "$(page_sql "city = 'Paris' AND $LIVE" "\"createdAt\" ASC NULLS FIRST, $BY_ID" \
      'id, "nameFirstName", "nameLastName", "emailsPrimaryEmail", city, "jobTitle", "createdAt"')" \
    "$(count_sql "city = 'Paris' AND $LIVE")"

  # --- restart from an offline snapshot ------------------------------------
  stop_vingt
  t0="$(date +%s%N)"
  "$VINGT" snapshot --data-dir "$vdir" 2>"$vdir.snapshot.log" || { cat "$vdir.snapshot.log" >&2; exit 1; }
  t1="$(date +%s%N)"
  start_vingt "$vdir"
  # "recovered N snapshot records and M WAL records in T s (access paths: L shards loaded from the
  # snapshot, B built; indexes done in P s, C s of CPU)"
  recovered="$(sed -n 's/.*WAL records in \([0-9.]*\) s.*/\1/p' "$vdir.log" | tail -1)"
  paths_built="$(sed -n 's/.*indexes done in \([0-9.]*\) s.*/\1/p' "$vdir.log" | tail -1)"
  shards_loaded="$(sed -n 's/.*access paths: \([0-9]*\) shards loaded.*/\1/p' "$vdir.log" | tail -1)"
  rss_restart="$(rss_kib "$VPID")"
  snapshot_bytes="$(du -sb "$vdir" | cut -f1)"
  echo "{\"bench\":\"restart\",\"people\":$size,\"snapshot_s\":$(secs "$t0" "$t1"),\"launch_to_listening_ms\":$START_MS,\"recovered_in_s\":${recovered:-null},\"indexes_done_in_s\":${paths_built:-null},\"shards_paths_loaded\":${shards_loaded:-null},\"rss_after_restart_kib\":$rss_restart,\"data_dir_bytes\":$snapshot_bytes}"
  EXTRA_ROWS+=("| $size | $(( rss / 1024 )) MiB | $(( rss_restart / 1024 )) MiB | $START_MS ms | ${recovered:-?} s | $(( pg_bytes / 1048576 )) MiB |")
  stop_vingt
  stop_pg
done

echo
echo "vingt: HTTP through wrk (p50 on 1 connection, req/s on $CONNECTIONS); Postgres: the page query + COUNT(*) through pgbench (p50 on 1 client, tx/s on $CONNECTIONS); ratio = vingt req/s / Postgres tx/s; ${DURATION}s each"
echo
echo "| query | people | vingt p50 (1 conn) | vingt req/s ($CONNECTIONS conn) | Postgres p50 | Postgres tx/s | ratio |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "| people | vingt RSS after load (with DATA: after recovery) | after snapshot + restart | restart (launch to listening) | recovery it reports | Postgres tables + indexes |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${EXTRA_ROWS[@]}"

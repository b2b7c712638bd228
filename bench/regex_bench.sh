#!/usr/bin/env bash
# Hostile `regex` filters (issue 14): patterns that backtracking matchers
# take exponential or quadratic time on, over VALUES values of LENGTH
# characters ('a' repeated, half of them ending in 'b'), through GraphQL's
# `regex` filter. Prints one JSON line per pattern: the best of 3 answers in
# ms and the answer. Before RE2, `(a|aa)+$` took 2.5 s on one 8,000-character
# value; RE2 runs in time linear in the text, and refuses a repetition over
# its limit at once.
#
#   BUILD_DIR=<release build> bench/regex_bench.sh      # needs python3
#   VALUES=20 LENGTH=8000 bench/regex_bench.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_setup regex-bench

VALUES="${VALUES:-20}"
LENGTH="${LENGTH:-8000}"
env_line values "$VALUES" length "$LENGTH"

key="$("$VINGT" keys create --data-dir "$work/data" --name bench)"
start_vingt "$VINGT" "$work/data"
python3 - "$port" "$key" "$VALUES" "$LENGTH" <<'PY'
import json, sys, time, urllib.request
port, key, values, length = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def call(path, body):
    req = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), data=json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        out = r.read().decode()
    return time.perf_counter() - started, out
for i in range(values):
    call("/rest/people", {"jobTitle": "a" * length + ("b" if i % 2 else "")})
for pattern in ["(a|aa)+$", "(a|aa)+b$", "^(a+)+$", "(a*)*b", "(.*a){20}", "a{99000}"]:
    q = "{ people(filter: {jobTitle: {regex: %s}}) { totalCount } }" % json.dumps(pattern)
    runs = [call("/graphql", {"query": q}) for _ in range(3)]
    best = min(seconds for seconds, _ in runs)
    print(json.dumps({"bench": "regex", "pattern": pattern, "ms": round(best * 1000, 2), "answer": runs[0][1][:120]}))
PY
stop_vingt

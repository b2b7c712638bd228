#!/usr/bin/env bash
# Cross-checks the GraphQL engine against the real graphql-js 16 (checked
# with 16.6 and 16.8; releases after 16.9 accept descriptions on operations
# and report three cases differently).
#
#   tests/protocol/graphql_js_crosscheck.sh BUILD/tests/test_protocol
#
# Uses the node_modules directory named by VINGT_GRAPHQL_JS_MODULES, else
# Debian's node-graphql when it is a 16.x, else installs graphql@16.8.1 from
# npm into a temporary directory. Then it asks graphql-js
# for its introspection query, runs the GraphqlJsDump test case of
# test_protocol to record this engine's answers for the shared case tables
# (tests/protocol/graphql_cases.h), and compares them with graphql-js:
# syntax errors, validation errors, variable and operation errors, and
# whether buildClientSchema + validateSchema accept our introspection.
# Prints "N passed, M failed"; exits non-zero on any mismatch.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH_TO_test_protocol" >&2
  exit 2
fi
binary="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

debian_graphql_is_16() {
  node -e "process.exit(require('/usr/share/nodejs/graphql/package.json').version.startsWith('16.') ? 0 : 1)" \
    2>/dev/null
}

if [[ -n "${VINGT_GRAPHQL_JS_MODULES:-}" ]]; then
  modules="$VINGT_GRAPHQL_JS_MODULES"
elif debian_graphql_is_16; then
  modules=/usr/share/nodejs  # Debian's node-graphql (16.6 on bookworm): no network needed
else
  (cd "$work" && npm init -y >/dev/null 2>&1 && npm install --silent --no-audit --no-fund graphql@16.8.1 >/dev/null)
  modules="$work/node_modules"
fi

NODE_PATH="$modules" node "$here/graphql_js_crosscheck.cjs" query >"$work/introspection.graphql"
VINGT_GRAPHQL_JS_QUERY="$work/introspection.graphql" VINGT_GRAPHQL_JS_DUMP="$work/dump.json" \
  "$binary" --run_test=GraphqlJsDump >/dev/null 2>&1
NODE_PATH="$modules" node "$here/graphql_js_crosscheck.cjs" compare "$work/dump.json"

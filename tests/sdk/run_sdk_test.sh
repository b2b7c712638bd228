#!/usr/bin/env bash
# Twenty's official client SDK against the real vingt binary.
#
#   tests/sdk/run_sdk_test.sh PATH_TO_vingt WORK_DIR
#
# Installs the SDK pinned by package-lock.json into WORK_DIR (npm ci, once
# per lock; the npm registry is one of this project's sources), starts
# `vingt serve` on a fresh data dir and a free loopback port, and runs
# twenty_client_sdk_test.mjs against it with the key the server printed.
# Without the registry the test is skipped, except under CI where it fails.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PATH_TO_vingt WORK_DIR" >&2
  exit 2
fi
vingt="$1"
work="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$work"

if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [[ ! -d "$work/node_modules/twenty-client-sdk" ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  if ! (cd "$work" && npm ci --silent --no-audit --no-fund --ignore-scripts); then
    rm -f "$work/package-lock.json"
    if [[ -n "${CI:-}" ]]; then
      echo "twenty-client-sdk: npm ci failed" >&2
      exit 1
    fi
    echo "twenty-client-sdk: npm registry unreachable, test skipped"
    exit 0
  fi
fi
cp "$here/twenty_client_sdk_test.mjs" "$work/"

source "$here/../testutil/start_vingt.sh" "$vingt"
cd "$work"
VINGT_URL="http://127.0.0.1:$VINGT_PORT" VINGT_TOKEN="$VINGT_TOKEN" node twenty_client_sdk_test.mjs

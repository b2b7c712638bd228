#!/usr/bin/env bash
# The API playground in headless Chromium against the real vingt binary.
#
#   tests/browser/run_playground_browser_test.sh PATH_TO_vingt ARTEFACT_DIR
#
# Needs Debian's chromium (tools/run test installs it) and Node.js; drives
# the browser through the DevTools protocol on a pipe (cdp_pipe.mjs), so no
# driver library is installed. Screenshots land in ARTEFACT_DIR. Without a
# chromium the test is skipped, except under CI where it fails.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 PATH_TO_vingt ARTEFACT_DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1; then
  if [[ -n "${CI:-}" ]]; then
    echo "playground browser test: no chromium" >&2
    exit 1
  fi
  echo "playground browser test: no chromium, skipped"
  exit 0
fi
source "$here/../testutil/start_vingt.sh" "$1"
VINGT_URL="http://127.0.0.1:$VINGT_PORT" VINGT_TOKEN="$VINGT_TOKEN" node "$here/playground_browser_test.mjs" "$2"

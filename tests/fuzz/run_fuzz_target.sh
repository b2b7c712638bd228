#!/usr/bin/env bash
# One fuzz target for a bounded time (the ctest case of tests/fuzz/):
#   run_fuzz_target.sh BINARY NAME SECONDS SOURCE_DIR WORK_DIR
# libFuzzer starts from WORK_DIR/corpus/NAME (what earlier runs found; new
# inputs go there), the seeds and the regression inputs; it stops at the
# first crash, sanitizer report, failed FUZZ_CHECK, input slower than 10 s
# or use of more than 3 GiB, and leaves that input in WORK_DIR/artifacts/.
# Prints one line of figures (read by tools/fuzz) and exits non-zero on a
# finding.
set -uo pipefail
binary="$1" name="$2" seconds="$3" source="$4" work="$5"
mkdir -p "$work/corpus/$name" "$work/artifacts" "$work/logs"
max_len=8192
[ "$name" = recovery ] && max_len=65536  # its seeds are a whole snapshot
regressions=()
[ -d "$source/regressions/$name" ] && regressions=("$source/regressions/$name")
log="$work/logs/$name.log"
export ASAN_OPTIONS="${ASAN_OPTIONS:-alloc_dealloc_mismatch=0:detect_leaks=0}"
"$binary" "$work/corpus/$name" "$source/corpus/$name" "${regressions[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len="$max_len" -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/$name-" >"$log" 2>&1
status=$?
execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
last="$(grep -aE '^#[0-9]+' "$log" | tail -1)"
field() { echo "$last" | sed -n "s/.* $1: \([0-9]*\).*/\1/p"; }
outcome=ok
[ $status -ne 0 ] && outcome=FAILED
printf '%-14s %8s %12s %10s %8s %8s %8s  %s\n' "$name" "$seconds" "${execs:--}" "${rate:--}" "$(field cov)" \
  "$(field ft)" "$(field corp)" "$outcome" | tee "$work/logs/$name.figures"
if [ $status -ne 0 ]; then
  grep -aE "ERROR|FUZZ_CHECK|runtime error|Test unit written|SUMMARY|#[0-9]+ 0x" "$log" | head -30 | cut -c1-400
fi
exit $status

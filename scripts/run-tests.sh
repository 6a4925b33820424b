#!/usr/bin/env bash
# Run every test suite `make check` owns: the cmocka unit tests (each on
# SQLite and, with SG_TEST_PG set by scripts/with-pg.sh, on PostgreSQL),
# then the black-box API tests against the real server.
# usage: scripts/run-tests.sh BUILD_DIR BINARY
set -uo pipefail
build=$1
bin=$2
passed=0
failed=0
failures=()

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for t in "$build"/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  if out=$("$t" 2>&1); then
    n=$(printf '%s\n' "$out" | awk '/PASSED  \]/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i } END { print s + 0 }')
    passed=$((passed + ${n:-1}))
    echo "unit: $name ok (${n:-?} tests)"
  else
    printf '%s\n' "$out"
    failed=$((failed + 1))
    failures+=("$name")
  fi
done

# The API tests need the PostgreSQL run too when make check provides one.
export SAFEGUARD_BIN=$(realpath "$bin")
[ -n "${SG_TEST_PG:-}" ] && export SG_REQUIRE_PG=1
api_log=$(mktemp)
conc=()
# --test-concurrency arrived in node 20; Debian 12's own node is 18.
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] && conc=(--test-concurrency=2)
node --test "${conc[@]}" tests/api/*.test.mjs 2>&1 | tee "$api_log"
api_rc=${PIPESTATUS[0]}
p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$api_log" | tail -1)
f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$api_log" | tail -1)
rm -f "$api_log"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-0}))
if [ "$api_rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
  failed=$((failed + 1)); failures+=("api tests exited $api_rc")
fi

# Browser tests: playwright-core drives Debian's chromium.
if ls tests/ui/*.test.mjs >/dev/null 2>&1; then
  [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error
  ui_log=$(mktemp)
  node --test tests/ui/*.test.mjs 2>&1 | tee "$ui_log"
  ui_rc=${PIPESTATUS[0]}
  p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$ui_log" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$ui_log" | tail -1)
  rm -f "$ui_log"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$ui_rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then
    failed=$((failed + 1)); failures+=("ui tests exited $ui_rc")
  fi
fi

[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

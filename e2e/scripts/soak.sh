#!/bin/sh
# Runs the browser journeys several times in a row (SOAK_RUNS, 10 by default) while another
# process keeps one core busy, as on a busy two-core machine, and counts the runs that failed.
# Arguments go to Playwright, e.g. `specs/gallery.spec.ts --repeat-each 5`. Each run keeps its own
# traces (test-results/soak-N): the next run would otherwise delete a failure's.
set -u
cd "$(dirname "$0")/.."
runs=${SOAK_RUNS:-10}
node -e 'for (;;) {}' &
busy=$!
trap 'kill "$busy"' EXIT
trap 'exit 130' INT TERM
failed=0
run=1
while [ "$run" -le "$runs" ]; do
  echo "soak: run $run of $runs, one core busy (pid $busy)"
  if ! node_modules/.bin/playwright test --output "test-results/soak-$run" "$@"; then
    failed=$((failed + 1))
    echo "soak: run $run failed"
  fi
  run=$((run + 1))
done
echo "soak: $runs runs, $failed failed"
[ "$failed" -eq 0 ]

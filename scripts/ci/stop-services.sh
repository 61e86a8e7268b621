#!/usr/bin/env bash
# Stops only what start-services.sh started in this run, by pid.
set -uo pipefail
pids=${BERTH_CI_PIDS:-/run/berth-ci}
for f in "$pids"/*.pid; do
  [ -e "$f" ] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null && for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$f"
done
rmdir "$pids" 2>/dev/null || true

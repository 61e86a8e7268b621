#!/usr/bin/env bash
# Stops only what start-services.sh started, by pid.
set -uo pipefail
for f in /run/berth-ci/*.pid; do
  [ -e "$f" ] || continue
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null && for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  rm -f "$f"
done

#!/usr/bin/env bash
# Starts dockerd in the background (unless one already answers) with its output in a
# log file, and waits until it answers. The pid of what this run started goes to
# $BERTH_CI_PIDS (a directory of this run's own), so that stop-services.sh stops only that.
set -euo pipefail
pids=${BERTH_CI_PIDS:-/run/berth-ci}
mkdir -p "$pids"
if ! docker version >/dev/null 2>&1; then
  nohup dockerd >/var/log/berth-ci-dockerd.log 2>&1 &
  echo $! >"$pids/dockerd.pid"
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
fi
docker version --format 'dockerd {{.Server.Version}} is up' || { tail -50 /var/log/berth-ci-dockerd.log; exit 1; }

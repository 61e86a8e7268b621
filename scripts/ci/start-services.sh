#!/usr/bin/env bash
# Starts dockerd in the background (unless one already answers) with its output in a
# log file, and waits until it answers. Pids go to /run/berth-ci so that only what
# this script started is stopped.
set -euo pipefail
mkdir -p /run/berth-ci
if ! docker version >/dev/null 2>&1; then
  nohup dockerd >/var/log/berth-ci-dockerd.log 2>&1 &
  echo $! >/run/berth-ci/dockerd.pid
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && break; sleep 1; done
fi
docker version --format 'dockerd {{.Server.Version}} is up' || { tail -50 /var/log/berth-ci-dockerd.log; exit 1; }

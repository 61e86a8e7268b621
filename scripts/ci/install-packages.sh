#!/usr/bin/env bash
# System packages the test suites use. Shared by .ci/run and developers' machines.
set -euo pipefail
PACKAGES=(
  docker.io          # the docker backend's engine (dockerd)
  docker-compose     # docker-compose 1.29, the peer in compatibility tests and benchmarks
  docker-registry    # a local OCI registry for pull/push tests
  apache2-utils      # htpasswd, for the registry's Basic auth
  busybox-static     # the test images' userland
  skopeo             # cross-checks the registry client
  crun               # raw runtime floor in benchmarks
  gcc libc6-dev      # compiles the native runtime's berth-shim at build time
  iproute2 iptables  # native networking
  curl procps psmisc
  attr               # setfattr/getfattr: overlay opaque dirs and layer xattrs (native image store)
  zstd               # zstd-compressed image layers
  openssl            # a self-signed certificate for the TLS layer-download test
  e2fsprogs          # chattr/lsattr: the image store's layer work directory hint (spread-hint.ts)
  musl-tools         # musl-gcc: name resolution tests with musl's resolver, as in Alpine images
  bsdutils           # script: a real terminal for the TTY tests
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

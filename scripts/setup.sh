#!/usr/bin/env bash
# Installs the Debian packages that building, running and testing the exporter need, only those
# missing (apt-get update runs once, and only when something is missing). Needs root.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven        # the daemon
  clang llvm libbpf-dev libbpf1 bpftool make   # BPF programs (clang -target bpf, llvm-strip, vmlinux.h)
  gcc libc6-dev                        # test and benchmark helper processes
  prometheus                           # promtool, to check the exposition in tests
  curl procps util-linux iproute2      # scripts and tests (setpriv for the unprivileged test)
  libbpf-tools stress-ng linux-perf    # oracles and load for the program tests and benchmarks
  qemu-system-x86 busybox-static       # the two-node NUMA guest (../shared/numa-rig)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup.sh: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

#!/usr/bin/env bash
# Installs the Debian packages the exporter needs, only those missing (apt-get update runs once,
# and only when something is missing). Needs root to install; prints nothing when everything is
# already there.
#
#   setup.sh run    what building and running need (scripts/run.sh)
#   setup.sh test   that, plus the oracles, loads and guest kernels of the test suite (scripts/test.sh)
set -euo pipefail

run_packages=(
  openjdk-17-jdk-headless maven                # the daemon
  clang llvm libbpf-dev libbpf1 bpftool make   # BPF programs (clang -target bpf, llvm-strip, vmlinux.h)
  libc6-dev                                    # headers of the native library (exporter/src/main/native)
)
test_packages=(
  gcc                                          # test and benchmark helper processes
  prometheus                                   # promtool, to check the exposition in tests
  curl procps util-linux iproute2              # scripts and tests (setpriv for the unprivileged test)
  nftables                                     # TcpRetransmitsIT: packet loss on a namespace's loopback (no netem)
  libbpf-tools stress-ng linux-perf            # oracles and load for the program tests and benchmarks
  qemu-system-x86 busybox-static xz-utils      # guest kernels of the VM tests (scripts/vm)
  systemd                                      # systemd-analyze verify of deploy/systemd
  chromium openssl                             # status page in a headless browser; TLS test certificates
  apache2-utils                                # htpasswd: bcrypt hashes for the basic-auth tests
  prometheus-node-exporter gnuplot-nox         # bench/scale-vs-node-exporter.sh and its plot
  pci.ids                                      # names for the pci_* decoders (CompatSuiteIT case pci)
)

case "${1:-}" in
  run) packages=("${run_packages[@]}") ;;
  test) packages=("${run_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: setup.sh run|test" >&2; exit 2 ;;
esac

installed() {
  # The status is read into a variable rather than piped to grep -q, which can end the pipe early
  # (SIGPIPE under pipefail would then report an installed package as missing).
  local status
  status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
  [ "$status" = "install ok installed" ]
}

# Classic tracepoint/ programs (numa) look their events up in tracefs; most distributions mount it
# at boot, some (minimal VM images) don't.
if [ "$(id -u)" -eq 0 ] && [ -d /sys/kernel/tracing ] && ! mountpoint -q /sys/kernel/tracing; then
  mount -t tracefs nodev /sys/kernel/tracing || echo "setup.sh: could not mount tracefs" >&2
fi

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi
echo "setup.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null

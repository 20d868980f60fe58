#!/usr/bin/env bash
# Builds the exporter and runs it with the bundled default configs; extra arguments are passed on
# (e.g. --web.listen-address 127.0.0.1:9435). Needs root (or CAP_BPF + CAP_PERFMON).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -q -B -DskipTests package
exec java -jar exporter/target/ebpf-exporter.jar "$@"

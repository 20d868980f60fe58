#!/usr/bin/env bash
# Builds the exporter and runs it with the bundled default configs; extra arguments are passed on
# (e.g. --web.listen-address 127.0.0.1:9435). Needs root (or CAP_BPF + CAP_PERFMON).
# The JVM runs with deploy/jvm.options; JAVA_OPTS adds flags after them, which win
# (e.g. JAVA_OPTS=-Xmx256m for bigger maps: docs/operations.md, "Sizing").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh run
mvn -q -B -DskipTests package
exec java @deploy/jvm.options ${JAVA_OPTS:-} -jar exporter/target/ebpf-exporter.jar "$@"

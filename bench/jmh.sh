#!/usr/bin/env bash
# JMH microbenchmarks of the drain's hot Java paths (bench/jmh): key decoding, snapshot building.
#   bench/jmh.sh                      # every benchmark, 1 fork, 3 warm-up + 5 measured iterations of 1 s
#   bench/jmh.sh SnapshotBuilding -p kind=counter     # any JMH arguments instead
# Builds the exporter and the benchmark jar first (profile "bench": never part of the test suite).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -Pbench -pl bench/jmh -am -DskipTests package
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -jar bench/jmh/target/benchmarks.jar "${args[@]}"

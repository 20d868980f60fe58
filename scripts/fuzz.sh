#!/usr/bin/env bash
# Fuzzes one fuzz test longer than the suite does (25 s each in `mvn verify`), e.g.
#   bash scripts/fuzz.sh DecoderFuzzTest 1h
# Fuzz tests: ConfigParserFuzzTest, WebConfigParserFuzzTest, DecoderFuzzTest. What the fuzzer learns
# is kept in exporter/.cifuzz-corpus (not committed) for the next run; an input that fails is written
# beside the test's seeds (exporter/src/test/resources/dev/ebpfexporter/<package>/<Test>Inputs/), where
# every later `mvn test` runs it: fix the bug, and commit the input as its regression test.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: $0 FUZZ_TEST [DURATION (default 10m)]" >&2
  exit 2
fi
cd "$(dirname "$0")/../exporter"
exec mvn -B test-compile surefire:test@fuzz -Dtest="$1" -Dfuzz.duration="${2:-10m}"

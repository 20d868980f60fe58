#!/usr/bin/env bash
# Builds everything and runs the whole test suite: unit tests, then the real-kernel tests against
# the packaged jar (they load programs into the running kernel: needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B verify

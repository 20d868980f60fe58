#!/usr/bin/env bash
# Builds everything and runs the whole test suite: unit tests, then the real-kernel tests against
# the packaged jar (they load programs into the running kernel: needs root). Under CI=true a kernel
# test that would skip fails instead, so CI never passes with its kernel suite skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export CI="${CI:-}"
bash scripts/setup.sh
mvn -B verify

#!/usr/bin/env bash
# Benchmarks the region state store on three Ratis nodes on loopback (dev.strait.bench.RaftBenchmark)
# and writes a Markdown report to integration-tests/target/bench/. Not a test: ./mvnw verify never runs it.
#
#   integration-tests/bench/raft-bench.sh                    # the recorded run: 3 rounds of 1, 8, 64 writers, 7 failovers
#   integration-tests/bench/raft-bench.sh --duration=5s --rounds=1 --failovers=3
#
# Options (any given replace the defaults): --warmup=3s --duration=10s --concurrency=1,8,64
# --rounds=3 --failovers=7 --out=FILE (relative to integration-tests/). Results go into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(bin/find-jdk 25)
export JAVA_HOME
echo "using JDK at $JAVA_HOME" >&2
args=(-q -pl integration-tests -am -Pbench -DskipTests verify)
if [ "$#" -gt 0 ]; then
  args+=("-Dbench.args=$*")
fi
exec ./mvnw "${args[@]}"

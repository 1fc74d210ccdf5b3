#!/usr/bin/env bash
# Benchmarks failover on a three-region federation on loopback (dev.strait.bench.FailoverBenchmark):
# time from a failure to full reroute and back, failed calls meanwhile, and catalog propagation
# between regions. Writes a Markdown report to integration-tests/target/bench/. Not a test:
# ./mvnw verify never runs it.
#
#   integration-tests/bench/failover-bench.sh                    # the recorded run: 10 runs of each scenario
#   integration-tests/bench/failover-bench.sh --runs=3 --scenarios=local,catalog
#
# Options (any given replace the defaults): --runs=10 --rate=500 --steady=1s --outage=2s
# --failback-window=7s --dark-window=3s --poll=5ms --scenarios=local,dark,catalog
# --out=FILE (relative to integration-tests/). Results go into docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(bin/find-jdk 25)
export JAVA_HOME
echo "using JDK at $JAVA_HOME" >&2
echo "nproc $(nproc), $(lscpu 2>/dev/null | grep 'Model name' | sed 's/  */ /g' || true)" >&2
exec ./mvnw -q -pl integration-tests -am -Pbench -DskipTests -Dbench.raft.skip=true -Dbench.failover.skip=false \
  "-Dbench.failover.args=$*" verify

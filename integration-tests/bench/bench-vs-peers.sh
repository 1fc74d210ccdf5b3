#!/usr/bin/env bash
# Runs the two-gateway mTLS benchmark harness with Strait, nginx and HAProxy side by side:
#
#   load generator -> gateway A -> mTLS -> gateway B -> backend     (see docs/benchmarks.md)
#
#   integration-tests/bench/bench-vs-peers.sh --check          # start each peer, run the harness's checks, no load
#   REPEATS=1 CASES="chain/h1/1k/64 chain/h2c/1k/64" integration-tests/bench/bench-vs-peers.sh
#   PEERS=cmd integration-tests/bench/bench-vs-peers.sh --check   # Strait alone
#
# Strait is the harness's `cmd` peer, with GW_A_CMD / GW_B_CMD set to strait-peer.sh a / b.
# Every other variable (PEERS, CASES, REPEATS, DURATION, WORKERS, GW_CPUS, WORK_DIR, ...) and
# the arguments go to the harness unchanged. STRAIT_BENCH_HARNESS is where the harness is
# (default ../shared/bench, relative to the repository root). The runnable jar is built first
# when it is missing (STRAIT_JAR names another one). Results: $WORK_DIR/results/<UTC stamp>/
# (default WORK_DIR=/tmp/strait-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
harness=${STRAIT_BENCH_HARNESS:-$repo/../shared/bench}
[[ -x $harness/peers.sh ]] || { echo "bench-vs-peers: no harness at $harness (expected: peers.sh there; set STRAIT_BENCH_HARNESS)" >&2; exit 2; }
harness=$(cd "$harness" && pwd)

export STRAIT_JAR=${STRAIT_JAR:-$repo/gateway/target/strait.jar}
if [[ ! -f $STRAIT_JAR ]]; then
  echo "bench-vs-peers: building $STRAIT_JAR" >&2
  JAVA_HOME=$("$repo/bin/find-jdk" 25) "$repo/mvnw" -q -B -DskipTests -f "$repo/pom.xml" -pl gateway -am package >&2
fi

export PEERS=${PEERS-nginx haproxy cmd}
printf -v GW_A_CMD '%q a' "$here/strait-peer.sh"
printf -v GW_B_CMD '%q b' "$here/strait-peer.sh"
export GW_A_CMD GW_B_CMD
echo "bench-vs-peers: harness $harness, peers: $PEERS (cmd = Strait, $STRAIT_JAR)" >&2
exec "$harness/peers.sh" "$@"

#!/usr/bin/env bash
# Trains the JVM's ahead-of-time cache (JDK 25: classes loaded and linked, and method profiles) of
# both Strait roles of the two-gateway benchmark, so that a measured run starts with the request
# path's profiles instead of gathering them in its first seconds under load:
#
#   integration-tests/bench/strait-aot.sh /tmp/strait-aot                  # about 2 minutes
#   STRAIT_AOT_DIR=/tmp/strait-aot integration-tests/bench/bench-vs-peers.sh
#
# The training is one run of the harness with Strait alone (PEERS=cmd, STRAIT_AOT_CASES, default the
# three chain cases of docs/benchmarks.md, 10 s warm-up and 20 s each), each role recording
# DIR/a.aotconf and DIR/b.aotconf as it exits; then each role's cache, DIR/a.aot and DIR/b.aot, is
# created from its recording with the JVM options strait-peer.sh runs it with. A cache belongs to
# the jar it was trained with (STRAIT_JAR): the JVM ignores it, with a warning, for another.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ -n ${1:-} ]] || { echo "usage: $0 DIR (where the caches go)" >&2; exit 2; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
rm -f "$dir"/{a,b}.aot "$dir"/{a,b}.aotconf

STRAIT_AOT_DIR=$dir STRAIT_AOT_RECORD=1 PEERS=cmd REPEATS=1 WARMUP=10 DURATION=20 \
  CASES=${STRAIT_AOT_CASES:-chain/h1/1k/64 chain/h2c/1k/64 chain/h1/64k/64} "$here/bench-vs-peers.sh" >&2
for role in a b; do
  [[ -s $dir/$role.aotconf ]] || { echo "strait-aot: role $role recorded nothing into $dir/$role.aotconf" >&2; exit 1; }
  STRAIT_AOT_DIR=$dir "$here/strait-peer.sh" aot-cache "$role" >&2
  [[ -s $dir/$role.aot ]] || { echo "strait-aot: no cache $dir/$role.aot" >&2; exit 1; }
done
echo "strait-aot: $dir/a.aot and $dir/b.aot; run: STRAIT_AOT_DIR=$dir $here/bench-vs-peers.sh" >&2

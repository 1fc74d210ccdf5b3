#!/usr/bin/env bash
# Runs the federation micro-benchmarks (JMH, dev.strait.federation.bench) and prints JMH's table.
# Not a test: ./mvnw verify never runs them. Results go into docs/benchmarks.md.
#
#   federation/bench/federation-bench.sh                       # every federation benchmark, JMH settings from the classes
#   federation/bench/federation-bench.sh SnapshotBenchmark -p services=100000
#   federation/bench/federation-bench.sh SnapshotBenchmark -prof gc   # with bytes allocated per call
#
# Arguments are passed to JMH (org.openjdk.jmh.Main): a leading regex selects the benchmarks (SnapshotBenchmark),
# JMH options follow. The results also go to federation/target/jmh-result.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(bin/find-jdk 25)
export JAVA_HOME
echo "using JDK at $JAVA_HOME" >&2
# clean: test classes compiled without -Pbench lack the generated harness, and would not be recompiled.
exec ./mvnw -q -pl federation -am -Pbench -Dbench.policy.skip=true -DskipTests clean verify "-Djmh.args=-rf text -rff target/jmh-result.txt $*"

#!/usr/bin/env bash
# Runs the policy micro-benchmarks (JMH, dev.strait.policy.bench) and prints JMH's table.
# Not a test: ./mvnw verify never runs them. Results go into docs/benchmarks.md.
#
#   policy/bench/policy-bench.sh                      # every policy benchmark, JMH settings from the classes
#   policy/bench/policy-bench.sh AuthorizationBenchmark -p shape=specific
#   policy/bench/policy-bench.sh TrafficBenchmark -prof gc   # route selection, with bytes allocated per call
#
# Arguments are passed to JMH (org.openjdk.jmh.Main): a leading regex selects the benchmarks (AuthorizationBenchmark,
# TrafficBenchmark), JMH options follow. The results also go to policy/target/jmh-result.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(bin/find-jdk 25)
export JAVA_HOME
echo "using JDK at $JAVA_HOME" >&2
# clean: test classes compiled without -Pbench lack the generated harness, and would not be recompiled.
exec ./mvnw -q -pl policy -am -Pbench -DskipTests clean verify "-Djmh.args=-rf text -rff target/jmh-result.txt $*"

#!/usr/bin/env bash
# Runs the gateway micro-benchmarks (JMH, e.g. dev.strait.gateway.upstream.HeaderRewritingBenchmark) and prints JMH's table.
# Not a test: ./mvnw verify never runs them. Results go into docs/benchmarks.md.
#
#   gateway/bench/gateway-bench.sh                                    # every gateway benchmark, JMH settings from the classes
#   gateway/bench/gateway-bench.sh HeaderRewritingBenchmark -prof gc  # with bytes allocated per call
#   gateway/bench/gateway-bench.sh HeaderRewritingBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
#
# Arguments are passed to JMH (org.openjdk.jmh.Main): a leading regex selects the benchmarks (HeaderRewritingBenchmark),
# JMH options follow. The results also go to gateway/target/jmh-result.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME=$(bin/find-jdk 25)
export JAVA_HOME
echo "using JDK at $JAVA_HOME" >&2
# clean: test classes compiled without -Pbench lack the generated harness, and would not be recompiled.
# The modules built on the way (-am) run no benchmarks of their own: policy's skip by its property,
# federation's by exec.skip, which the gateway's execution overrides with its own skip setting.
exec ./mvnw -q -pl gateway -am -Pbench -Dbench.policy.skip=true -Dexec.skip=true -DskipTests clean verify "-Djmh.args=-rf text -rff target/jmh-result.txt $*"

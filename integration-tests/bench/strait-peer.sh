#!/usr/bin/env bash
# Strait as a peer of the two-gateway mTLS benchmark harness (../shared/bench, its `cmd` peer):
#
#   GW_A_CMD='integration-tests/bench/strait-peer.sh a' GW_B_CMD='integration-tests/bench/strait-peer.sh b'
#
# (bench-vs-peers.sh sets both.) ROLE a is region r1, node a; ROLE b is region r2, node b. Each
# role is its own region with a one-node Raft group; a learns of svc-remote and svc-remote-mtls
# through federation from b. The script writes the federation config into $INST_DIR from the
# harness's environment and execs one JVM in the foreground (the harness measures that process
# and stops it with SIGTERM).
#
# Ports. The harness names A_HTTP_PORT, A_H2C_PORT and B_MTLS_PORT; the other listeners sit at
# fixed offsets, so that both roles write the same config without talking to each other:
#
#   node a (r1): local  A_HTTP_PORT (HTTP/1.1 and h2c), ports.additionalLocal [A_H2C_PORT] (the same listener)
#                peer A_HTTP_PORT+10, admin +11, raft +12, federation +13   (defaults 18090-18093)
#   node b (r2): peer   B_MTLS_PORT (mTLS, ALPN h2 and http/1.1)
#                local B_MTLS_PORT+10, admin +11, raft +12, federation +13  (defaults 18453-18456)
#
# r1's localListener.warmUp keeps a's local ports closed until a holds r2's catalog (at most 25 s):
# the harness calls as soon as the ports open.
#
# Services (meshSuffix bench.local, so Host svc-remote.bench.local is svc-remote):
#   svc-local        r1  -> 127.0.0.1:$BACKEND_PORT, plain HTTP/1.1
#   svc-remote       r2  -> 127.0.0.1:$BACKEND_PORT, plain HTTP/1.1, exported to r1
#   svc-remote-mtls  r2  -> 127.0.0.1:$BACKEND_MTLS_PORT, mTLS presenting b's certificate, expecting
#                           the backend's spiffe://bench.local/region/r2/service/backend (upstreamIdentity)
#
# Fairness (the harness's rules): no access log; WORKERS carrier threads for the virtual threads
# that process calls (-Djdk.virtualThreadScheduler.parallelism and maxPoolSize) and
# -XX:ActiveProcessorCount=WORKERS, from which Jetty sizes its selectors and the JVM its GC and JIT
# threads; a fixed heap (STRAIT_HEAP, default 256m, -Xms = -Xmx) and the serial collector
# (STRAIT_GC, default -XX:+UseSerialGC: the JVM's own choice on one CPU, no concurrent GC threads).
#
# Environment: the harness's (INST_DIR, PKI, WORKERS, A_HTTP_PORT, A_H2C_PORT, B_MTLS_PORT,
# BACKEND_PORT, BACKEND_MTLS_PORT), and optionally STRAIT_JAR (default gateway/target/strait.jar
# of this checkout), STRAIT_HEAP, STRAIT_GC, STRAIT_JAVA_OPTS (appended), STRAIT_AOT_DIR (the JVM's
# ahead-of-time cache of each role, $STRAIT_AOT_DIR/a.aot and b.aot, trained by strait-aot.sh), and STRAIT_EXTRA_SERVICES=N
# (default 0): N more services in r2, extra-1 ... extra-N, each exported to r1 with one endpoint at
# the backend, so that the routing snapshots hold many services (scale.sh services). Both roles must
# get the same N, since both read the whole federation config.
set -euo pipefail
mode=run role=${1:-}
if [[ $role == aot-cache ]]; then
  mode=aot-cache role=${2:-}
fi
case $role in
  a) region=r1 node=a ;;
  b) region=r2 node=b ;;
  *) echo "usage: $0 a|b (the harness's gateway role), or $0 aot-cache a|b (see strait-aot.sh)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
WORKERS=${WORKERS:-1}
jar=${STRAIT_JAR:-$repo/gateway/target/strait.jar}
[[ -f $jar ]] || { echo "strait-peer: no $jar (expected: build it with ./mvnw -DskipTests package)" >&2; exit 2; }
JAVA_HOME=$("$repo/bin/find-jdk" 25)
# shellcheck disable=SC2206
jvm=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  -Xms${STRAIT_HEAP:-256m} -Xmx${STRAIT_HEAP:-256m} ${STRAIT_GC:--XX:+UseSerialGC}
  -XX:ActiveProcessorCount="$WORKERS"
  -Djdk.virtualThreadScheduler.parallelism="$WORKERS" -Djdk.virtualThreadScheduler.maxPoolSize="$WORKERS")

# The JVM's ahead-of-time cache (STRAIT_AOT_DIR; strait-aot.sh trains it): classes loaded and linked,
# and the method profiles of a run under load, so the JIT compiles the request path early.
aot=()
if [[ -n ${STRAIT_AOT_DIR:-} ]]; then
  if [[ $mode == aot-cache ]]; then
    exec "$JAVA_HOME/bin/java" "${jvm[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$STRAIT_AOT_DIR/$role.aotconf" \
      -XX:AOTCache="$STRAIT_AOT_DIR/$role.aot" -jar "$jar"
  elif [[ ${STRAIT_AOT_RECORD:-0} == 1 ]]; then
    aot=(-XX:AOTMode=record -XX:AOTConfiguration="$STRAIT_AOT_DIR/$role.aotconf")
  elif [[ -f $STRAIT_AOT_DIR/$role.aot ]]; then
    aot=(-XX:AOTCache="$STRAIT_AOT_DIR/$role.aot")
  else
    echo "strait-peer: no $STRAIT_AOT_DIR/$role.aot (expected: train it with integration-tests/bench/strait-aot.sh $STRAIT_AOT_DIR)" >&2; exit 2
  fi
elif [[ $mode == aot-cache ]]; then
  echo "strait-peer: aot-cache needs STRAIT_AOT_DIR" >&2; exit 2
fi

for v in INST_DIR PKI A_HTTP_PORT A_H2C_PORT B_MTLS_PORT BACKEND_PORT BACKEND_MTLS_PORT; do
  [[ -n ${!v:-} ]] || { echo "strait-peer: $v is not set (expected: run by the benchmark harness, peers.sh)" >&2; exit 2; }
done

a_peer=$((A_HTTP_PORT + 10)) a_admin=$((A_HTTP_PORT + 11)) a_raft=$((A_HTTP_PORT + 12)) a_fed=$((A_HTTP_PORT + 13))
b_local=$((B_MTLS_PORT + 10)) b_admin=$((B_MTLS_PORT + 11)) b_raft=$((B_MTLS_PORT + 12)) b_fed=$((B_MTLS_PORT + 13))

config=$INST_DIR/strait-bench.yaml
cat > "$config" <<EOF
# Written by integration-tests/bench/strait-peer.sh for the two-gateway mTLS benchmark.
federation: bench
trustDomain: bench.local
meshSuffix: bench.local
regions:
  r1:
    nodes:
      a:
        host: 127.0.0.1
        ports: { local: $A_HTTP_PORT, additionalLocal: [$A_H2C_PORT], peer: $a_peer, admin: $a_admin, raft: $a_raft, federation: $a_fed }
        tls:
          certificateChain: $PKI/gateway-a/chain.pem
          privateKey: $PKI/gateway-a/key.pem
          trustBundle: $PKI/ca/root.pem
    localListener:
      warmUp: 25s     # the harness calls as soon as the ports open: open them once r2's catalog is here
    services:
      svc-local:
        authorization:
          - { action: allow, from: [anonymous, "*"] }   # the load generator is an anonymous local caller
        endpoints:
          - { id: backend, address: "127.0.0.1:$BACKEND_PORT" }
  r2:
    nodes:
      b:
        host: 127.0.0.1
        ports: { local: $b_local, peer: $B_MTLS_PORT, admin: $b_admin, raft: $b_raft, federation: $b_fed }
        tls:
          certificateChain: $PKI/gateway-b/chain.pem
          privateKey: $PKI/gateway-b/key.pem
          trustBundle: $PKI/ca/root.pem
    services:
      svc-remote:
        exportTo: [r1]
        authorization:
          - { action: allow, from: [anonymous, "*"] }
        endpoints:
          - { id: backend, address: "127.0.0.1:$BACKEND_PORT" }
      svc-remote-mtls:
        exportTo: [r1]
        upstreamTls: mtls
        upstreamIdentity: spiffe://bench.local/region/r2/service/backend
        authorization:
          - { action: allow, from: [anonymous, "*"] }
        endpoints:
          - { id: backend, address: "127.0.0.1:$BACKEND_MTLS_PORT" }
EOF
extra=${STRAIT_EXTRA_SERVICES:-0}
[[ $extra =~ ^[0-9]+$ ]] || { echo "strait-peer: STRAIT_EXTRA_SERVICES must be a whole number, got '$extra'" >&2; exit 2; }
if ((extra > 0)); then
  # r2's services are the config's last block, so entries appended at its indentation join them.
  # awk, since a shell loop takes minutes for 100,000 entries.
  awk -v n="$extra" -v address="127.0.0.1:$BACKEND_PORT" 'BEGIN {
    for (i = 1; i <= n; i++)
      printf "      extra-%d: { exportTo: [r1], authorization: [{ action: allow, from: [anonymous, \"*\"] }], endpoints: [{ id: e, address: \"%s\" }] }\n", i, address
  }' >> "$config"
fi

mkdir -p "$INST_DIR/data" "$INST_DIR/tmp"
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" "${jvm[@]}" -Djava.io.tmpdir="$INST_DIR/tmp" "${aot[@]}" ${STRAIT_JAVA_OPTS:-} \
  -jar "$jar" run --config "$config" --node "$region/$node" --data "$INST_DIR/data"

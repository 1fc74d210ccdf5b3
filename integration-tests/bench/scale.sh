#!/usr/bin/env bash
# Scale figures for Strait in the two-gateway mTLS setup of the benchmark harness (../shared/bench):
#
#   load generator -> gateway A (r1) -> mTLS -> gateway B (r2) -> backend
#
#   integration-tests/bench/scale.sh idle-connections [N=10000]   # RSS of A holding N idle keep-alive connections
#   integration-tests/bench/scale.sh handshake [N=2000]           # B's CPU and latency per full mTLS handshake
#   integration-tests/bench/scale.sh services ["10 1000 10000 100000"]  # chain/h1/1k/64 with that many services
#
# Each measurement prints one Markdown table on stdout (progress goes to stderr). The script sets up
# what it needs: the harness's PKI (pki/gen.sh) and nginx backend, Strait's A and B through
# strait-peer.sh, HAProxy's B through the harness's peers/haproxy.sh. It uses its own ports (A
# 28080/28081, B 28443, backend 29080/29081/29443, Strait's others at strait-peer.sh's offsets), so a
# harness run may go on beside it, and pins like the harness: gateways on GW_CPUS (0), clients and
# backend on CLIENT_CPUS (1). Everything it started is stopped by PID on exit.
#
# idle-connections: after a short warm-up of the chain, samples A's VmRSS; then opens N
#   connections to A's HTTP/1.1 port, each with one call through the chain (Host
#   svc-remote.bench.local, /1k, 200 expected), and samples again while all are idle. Jetty closes
#   a connection idle for 30 s, so the sample is taken right after the last answer, and `ss` counts
#   the connections still established then. The client is scale/idle_clients.py (python3).
# handshake: N new connections to B's peer port one after another, each a full TLS handshake (no
#   resumption) with gateway-a's certificate and one HTTP/1.1 request B does not route; B's CPU time
#   per connection from /proc/PID/stat, client latency percentiles (scale/handshakes.py). Then the
#   same against HAProxy's B (HANDSHAKE_PEERS="strait haproxy").
# services: for each COUNT, A's routing snapshot holds COUNT services (strait-peer.sh's
#   STRAIT_EXTRA_SERVICES = COUNT - 3, added to r2 and exported to r1, next to svc-local, svc-remote
#   and svc-remote-mtls); wrk -t1 -c64 for DURATION s against svc-remote after WARMUP s. A count that
#   fails to start is reported with the first error line of the node's log.
#
# Environment: STRAIT_BENCH_HARNESS (default ../shared/bench from the repository root), WORK_DIR
# (default a new /tmp/strait-scale.XXXXXX; PKI, configs and logs go there and stay), STRAIT_JAR,
# STRAIT_HEAP, STRAIT_GC (passed to strait-peer.sh), GW_CPUS, CLIENT_CPUS, WORKERS, DURATION (10),
# WARMUP (3), HANDSHAKE_WARMUP (300), HANDSHAKE_PEERS, READY_TIMEOUT (s a node gets to open its
# ports, 90), and the harness's port variables (A_HTTP_PORT, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
harness=${STRAIT_BENCH_HARNESS:-$repo/../shared/bench}
[[ -x $harness/peers.sh ]] || { echo "scale: no harness at $harness (expected: peers.sh there; set STRAIT_BENCH_HARNESS)" >&2; exit 2; }
export BENCH; BENCH=$(cd "$harness" && pwd)

mode=${1:-}
case $mode in
  idle-connections) IDLE_N=${2:-10000} ;;
  handshake) HANDSHAKE_N=${2:-2000} ;;
  services) COUNTS=${2:-${COUNTS:-10 1000 10000 100000}} ;;
  *) echo "usage: $0 idle-connections [N] | handshake [N] | services [\"COUNT ...\"]" >&2; exit 2 ;;
esac

GW_CPUS=${GW_CPUS:-0}
CLIENT_CPUS=${CLIENT_CPUS:-1}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
HANDSHAKE_WARMUP=${HANDSHAKE_WARMUP:-300}
HANDSHAKE_PEERS=${HANDSHAKE_PEERS:-strait haproxy}
READY_TIMEOUT=${READY_TIMEOUT:-90}
export WORKERS=${WORKERS:-1} BACKEND_WORKERS=${BACKEND_WORKERS:-1}
export A_HTTP_PORT=${A_HTTP_PORT:-28080} A_H2C_PORT=${A_H2C_PORT:-28081} B_MTLS_PORT=${B_MTLS_PORT:-28443}
export BACKEND_PORT=${BACKEND_PORT:-29080} BACKEND_H2C_PORT=${BACKEND_H2C_PORT:-29081} BACKEND_MTLS_PORT=${BACKEND_MTLS_PORT:-29443}
WORK_DIR=${WORK_DIR:-$(mktemp -d /tmp/strait-scale.XXXXXX)}
export PKI=$WORK_DIR/pki WWW=$WORK_DIR/www
export BENCH_VARS='${BENCH} ${PKI} ${WWW} ${INST_DIR} ${WORKERS} ${BACKEND_WORKERS} ${A_HTTP_PORT} ${A_H2C_PORT} ${B_MTLS_PORT} ${BACKEND_PORT} ${BACKEND_H2C_PORT} ${BACKEND_MTLS_PORT}'

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------- processes: started in the background, stopped by PID ----------------
declare -A PID=()

# Sets PIN to the command prefix that pins to cpus ("all" = none). A prefix rather than a function,
# so that a background command's $! is the process itself (taskset execs it), not a subshell.
pin() { if [[ $1 == all ]]; then PIN=(); else PIN=(taskset -c "$1"); fi; }

start_proc() { # name cpus command...
  local name=$1 cpus=$2; shift 2
  local dir=$WORK_DIR/run/$name
  rm -rf "$dir"; mkdir -p "$dir"
  pin "$cpus"
  INST_DIR=$dir "${PIN[@]}" "$@" >"$dir/stdout.log" 2>&1 </dev/null &
  PID[$name]=$!
  log "started $name (pid ${PID[$name]}, cpus $cpus): $*"
}

stop_proc() { # name: SIGTERM, then SIGKILL after 5 s
  local name=$1 p i
  p=${PID[$name]:-}; [[ -n $p ]] || return 0
  unset "PID[$name]"
  kill -TERM "$p" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  log "stopped $name (pid $p)"
}

cleanup() { local n; for n in "${!PID[@]}"; do stop_proc "$n"; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until the ports accept connections; false (and a log line) when the process exits first or
# READY_TIMEOUT passes. Sets READY_SECONDS: time since the call.
wait_ports() { # name port...
  local name=$1 port start=$SECONDS; shift
  for port in "$@"; do
    until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
      if ! kill -0 "${PID[$name]}" 2>/dev/null; then log "$name exited before port $port opened"; return 1; fi
      if ((SECONDS - start >= READY_TIMEOUT)); then log "$name: port $port not open after ${READY_TIMEOUT}s"; return 1; fi
      sleep 0.1
    done
  done
  READY_SECONDS=$((SECONDS - start))
}

first_error() { # name: the first line of its log that looks like the reason it failed
  local line
  line=$(grep -m1 -E 'Exception|ERROR|[Ee]rror|refus|fail' "$WORK_DIR/run/$1/stdout.log" 2>/dev/null | cut -c1-300) || true
  echo "${line:-no error line in $WORK_DIR/run/$1/stdout.log}"
}

rss_mb() { # pid -> VmRSS in MiB, one decimal
  awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"
}

established_to() { # port -> established connections whose server side is that port
  ss -Htn state established "( sport = :$1 )" | wc -l
}

curl_a() { # host path -> "status bytes"
  curl -sS -o /dev/null -m 10 -w '%{http_code} %{size_download}' -H "Host: $1" "http://127.0.0.1:$A_HTTP_PORT$2" 2>/dev/null || true
}

# wrk against A's HTTP/1.1 port: prints "rps p50 p99 errors non2xx" (ms), from the harness's report script.
wrk_a() { # host connections seconds
  local out
  pin "$CLIENT_CPUS"
  out=$("${PIN[@]}" timeout $(($3 + 30)) wrk -t1 -c"$2" -d"$3s" --timeout 5s -s "$BENCH/lib/wrk-report.lua" \
    -H "Host: $1" "http://127.0.0.1:$A_HTTP_PORT/1k" 2>&1) || true
  sed -n 's/^RESULT //p' <<<"$out" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["rps"], v["p50"], v["p99"], v["errors"], v["non2xx"] }'
}

# ---------------- the chain's parts ----------------
setup() {
  local tool
  for tool in nginx wrk curl openssl ss envsubst taskset python3; do
    command -v "$tool" >/dev/null || die "missing $tool"
  done
  # Holding many connections needs descriptors in this shell, the client and A (they inherit it).
  ulimit -n "$(ulimit -Hn)"
  mkdir -p "$WORK_DIR/run" "$WWW"
  log "work dir $WORK_DIR"
  OUT=$PKI "$BENCH/pki/gen.sh" >&2
  head -c 1024 /dev/zero | tr '\0' x > "$WWW/1k"
  head -c 65536 /dev/zero | tr '\0' y > "$WWW/64k"
  chmod 755 "$WORK_DIR" "$WWW"; chmod 644 "$WWW"/*
}

start_backend() {
  start_proc backend "$CLIENT_CPUS" "$BENCH/peers/nginx.sh" backend
  wait_ports backend "$BACKEND_PORT" "$BACKEND_MTLS_PORT" || die "the backend did not start: $(first_error backend)"
}

# Starts Strait's B and A with STRAIT_EXTRA_SERVICES=$1; false when either does not come up, with
# NOT_UP naming it. Sets B_READY and A_READY (seconds to open ports; A's include waiting for r2's catalog).
start_strait() { # extra-services
  NOT_UP=gw-b
  STRAIT_EXTRA_SERVICES=$1 start_proc gw-b "$GW_CPUS" "$here/strait-peer.sh" b
  wait_ports gw-b "$B_MTLS_PORT" || return 1
  B_READY=$READY_SECONDS
  NOT_UP=gw-a
  STRAIT_EXTRA_SERVICES=$1 start_proc gw-a "$GW_CPUS" "$here/strait-peer.sh" a
  wait_ports gw-a "$A_HTTP_PORT" || return 1
  A_READY=$READY_SECONDS
  NOT_UP=
}

stop_strait() { stop_proc gw-a; stop_proc gw-b; }

# ---------------- 1. idle connections ----------------
idle_connections() {
  local n=$IDLE_N
  start_backend
  start_strait 0 || die "Strait's $NOT_UP did not start: $(first_error "$NOT_UP")"
  local check; check=$(curl_a svc-remote.bench.local /1k)
  [[ $check == "200 1024" ]] || die "A -> B -> backend answers '$check', expected '200 1024'"
  # Warm the request path (classes, JIT, A's pool to B) so that the difference is the connections'.
  wrk_a svc-remote.bench.local 16 "$WARMUP" >/dev/null
  sleep 1   # wrk's connections close; nothing else runs
  local a=${PID[gw-a]} b=${PID[gw-b]}
  local rss_before; rss_before=$(rss_mb "$a")
  local conns_before; conns_before=$(established_to "$A_HTTP_PORT")
  log "A's RSS before: $rss_before MiB ($conns_before connections to A's port); opening $n connections"

  local out=$WORK_DIR/run/idle-clients.out
  pin "$CLIENT_CPUS"
  "${PIN[@]}" python3 "$here/scale/idle_clients.py" --port "$A_HTTP_PORT" --connections "$n" \
    --host-header svc-remote.bench.local --path /1k >"$out" 2>"$WORK_DIR/run/idle-clients.err" &
  PID[idle-clients]=$!
  until grep -q '^HELD ' "$out"; do
    kill -0 "${PID[idle-clients]}" 2>/dev/null || { cat "$WORK_DIR/run/idle-clients.err" >&2; die "idle_clients.py exited"; }
    sleep 0.2
  done
  local rss_held conns_held rss_b
  rss_held=$(rss_mb "$a"); conns_held=$(established_to "$A_HTTP_PORT"); rss_b=$(rss_mb "$b")
  local held failed open_s
  read -r held failed open_s < <(sed -n 's/^HELD held=\([0-9]*\) failed=\([0-9]*\) open_seconds=\([0-9.]*\)/\1 \2 \3/p' "$out")
  log "held $held (failed $failed) after ${open_s}s; A's RSS $rss_held MiB, $conns_held established to A's port"
  stop_proc idle-clients
  local closed; closed=$(sed -n 's/^CLOSED_BY_SERVER //p' "$out")
  [[ -s $WORK_DIR/run/idle-clients.err ]] && cat "$WORK_DIR/run/idle-clients.err" >&2

  local per_conn
  per_conn=$(awk -v b="$rss_before" -v h="$rss_held" -v n="$conns_held" 'BEGIN { if (n > 0) printf "%.1f", (h - b) * 1024 / n; else printf "NA" }')
  echo
  echo "### $n idle HTTP/1.1 keep-alive connections at gateway A"
  echo
  echo "| connections asked | answered 200 and held | failed | established at sample | closed by A while held | time to open all (s) | A RSS before (MiB) | A RSS held (MiB) | per connection (KiB) | B RSS (MiB) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  echo "| $n | $held | $failed | $conns_held | ${closed:-NA} | $open_s | $rss_before | $rss_held | $per_conn | $rss_b |"
  echo
  echo "A: $(java_heap_note). Target to compare with: 10,000 idle connections in under 256 MB RSS."
}

java_heap_note() { echo "heap ${STRAIT_HEAP:-256m} fixed (-Xms = -Xmx), ${STRAIT_GC:--XX:+UseSerialGC}"; }

# ---------------- 2. handshakes ----------------
handshake_row() { # peer-label pid
  local result
  pin "$CLIENT_CPUS"
  result=$("${PIN[@]}" python3 "$here/scale/handshakes.py" --port "$B_MTLS_PORT" --sni gateway-b.bench.local \
    --cert "$PKI/gateway-a/chain.pem" --key "$PKI/gateway-a/key.pem" --ca "$PKI/ca/root.pem" \
    --count "$HANDSHAKE_N" --warmup "$HANDSHAKE_WARMUP" --server-pid "$2" | sed -n 's/^RESULT //p')
  [[ -n $result ]] || die "handshakes.py gave no result against $1"
  awk -v peer="$1" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", peer, v["count"], v["failed"], v["server_cpu_ms"],
      v["handshake_p50_ms"], v["handshake_p99_ms"], v["first_response_p50_ms"], v["first_response_p99_ms"], v["statuses"] }' <<<"$result"
}

handshake() {
  local rows=() peer
  for peer in $HANDSHAKE_PEERS; do
    case $peer in
      strait) start_proc gw-b "$GW_CPUS" "$here/strait-peer.sh" b ;;
      haproxy) command -v haproxy >/dev/null || { log "no haproxy: skipping it"; continue; }
               start_proc gw-b "$GW_CPUS" "$BENCH/peers/haproxy.sh" b ;;
      *) die "unknown handshake peer '$peer' (expected strait or haproxy)" ;;
    esac
    wait_ports gw-b "$B_MTLS_PORT" || die "$peer's B did not start: $(first_error gw-b)"
    log "$peer: $HANDSHAKE_WARMUP unmeasured, then $HANDSHAKE_N measured handshakes"
    rows+=("$(handshake_row "$peer" "${PID[gw-b]}")")
    stop_proc gw-b
  done
  echo
  echo "### Full mTLS handshakes at gateway B's peer listener, one at a time"
  echo
  echo "| B | connections | failed | B CPU per connection (ms) | handshake p50 (ms) | handshake p99 (ms) | first response p50 (ms) | first response p99 (ms) | statuses |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Client: python3 ssl (OpenSSL $(python3 -c 'import ssl; print(ssl.OPENSSL_VERSION.split()[1])')), gateway-a's chain, ALPN http/1.1, no session reuse;" \
       "$HANDSHAKE_WARMUP unmeasured connections first. Each connection sends one request for a Host that B does not route" \
       "and closes after the status line, so B's CPU includes accepting, the handshake and that 4xx answer." \
       "Latency from the TCP connect; the handshake is done on the client's side before B has checked the client's Finished."
}

# ---------------- 3. services in the routing snapshot ----------------
services() {
  start_backend
  local rows=() count extra result rps p50 p99 errors non2xx check_remote check_extra
  for count in $COUNTS; do
    extra=$((count > 3 ? count - 3 : 0))
    log "services: $count in A's snapshot (STRAIT_EXTRA_SERVICES=$extra)"
    if ! start_strait "$extra"; then
      rows+=("| $count | ${B_READY:-not up} | ${A_READY:-not up} | | | | | | | ${NOT_UP#gw-}: $(first_error "$NOT_UP") |")
      stop_strait; unset A_READY B_READY; continue
    fi
    check_remote=$(curl_a svc-remote.bench.local /1k)
    check_extra=NA; ((extra > 0)) && check_extra=$(curl_a "extra-$extra.bench.local" /1k)
    wrk_a svc-remote.bench.local 64 "$WARMUP" >/dev/null
    rps='' p50='' p99='' errors='' non2xx=''
    read -r rps p50 p99 errors non2xx < <(wrk_a svc-remote.bench.local 64 "$DURATION") || true
    rows+=("| $count | $B_READY | $A_READY | ${check_remote%% *} / ${check_extra%% *} | ${rps:-NA} | ${p50:-NA} | ${p99:-NA} | $((${errors:-0} + ${non2xx:-0})) | $(rss_mb "${PID[gw-a]}") / $(rss_mb "${PID[gw-b]}") | |")
    stop_strait
    unset A_READY B_READY
  done
  echo
  echo "### chain/h1/1k/64 with many services in the routing snapshot"
  echo
  echo "| services in A's snapshot | B ports open (s) | A ports open (s) | svc-remote / extra-N (status) | req/s | p50 (ms) | p99 (ms) | errors + non-2xx | RSS A / B (MiB) | failure |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "wrk -t1 -c64 -d${DURATION}s after ${WARMUP}s of warm-up, Host svc-remote.bench.local, /1k; extra-N is the last added service," \
       "called once through A to show that A routes it. A opens its ports once it holds r2's catalog (at most 25 s). $(java_heap_note)."
}

setup
case $mode in
  idle-connections) idle_connections ;;
  handshake) handshake ;;
  services) services ;;
esac

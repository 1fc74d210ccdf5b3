#!/usr/bin/env bash
# The three-datacenter rehearsal: three regions of three gateway nodes each, in network
# namespaces joined by WAN links with delay and loss, under load, with one region cut off and
# healed (docs/deploy.md#three-datacenter-rehearsal).
#
#   three-dc.sh run WORKDIR        everything below, in order, then the checks; exit 1 if one failed
#   three-dc.sh up WORKDIR         namespaces, WAN links, certificates, nodes and echo backends
#   three-dc.sh partition REGION   cut REGION off the WAN (packets dropped silently)
#   three-dc.sh heal REGION        undo the partition
#   three-dc.sh down [WORKDIR]     stop everything started and delete the namespaces
#
# Needs root, iproute2, iptables (legacy, for the NFQUEUE target), a C compiler and
# libnetfilter-queue-dev. The WAN delay is held by deploy/rehearsal/wan-delay.c through netfilter
# queues rather than by tc netem, which many kernels (and this project's CI machines) lack.
#
# Environment:
#   STRAIT            the strait launcher (default: the repository's ./strait, or bin/strait in an
#                     unpacked distribution)
#   STRAIT_JAR        run this jar with $JAVA_HOME/bin/java (or java) instead of a launcher
#   STRAIT_JAVA_OPTS  JVM options for every process (default: small heaps, serial GC, C1 only:
#                     thirteen JVMs share the machine)
#   LOSS_PERCENT      packet loss on every WAN link, each direction (default 0.5)
#   REHEARSAL_PREFIX  prefix of the namespaces' names (default strait)
set -euo pipefail
PATH=$PATH:/usr/sbin:/sbin

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export STRAIT_JAVA_OPTS=${STRAIT_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
if [ -n "${STRAIT_JAR:-}" ]; then
  read -r -a strait <<<"${JAVA_HOME:+$JAVA_HOME/bin/}java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow $STRAIT_JAVA_OPTS -jar $STRAIT_JAR"
else
  # In the repository the launcher is ./strait; in an unpacked distribution, bin/strait. Both
  # pass STRAIT_JAVA_OPTS to the JVM.
  launcher=$root/strait
  [ -x "$root/bin/strait" ] && launcher=$root/bin/strait
  read -r -a strait <<<"${STRAIT:-$launcher}"
fi
loss_percent=${LOSS_PERCENT:-0.5}
prefix=${REHEARSAL_PREFIX:-strait}
wan_ns=$prefix-wan

# The regions, their subnets (10.77.N.0/24) and the round trip of each pair, in milliseconds.
# They must agree with federation.yaml.
regions=(us-east eu-west ap-south)
declare -A subnet_of=([us-east]=1 [eu-west]=2 [ap-south]=3)
declare -A rtt_of=([us-east:eu-west]=20 [eu-west:ap-south]=40 [us-east:ap-south]=70)
nodes=(gw-1 gw-2 gw-3)
declare -A host_of=([gw-1]=11 [gw-2]=12 [gw-3]=13)
echo_host=20
echo_port=9000
admin_port=15900

say() { printf 'three-dc: %s %s\n' "$(date +%T.%3N)" "$*" >&2; }
die() { say "$*"; exit 1; }
region_ns() { printf '%s-%s\n' "$prefix" "$1"; }
admin_url() { printf 'http://10.77.%s.%s:%s' "${subnet_of[$1]}" "${host_of[$2]}" "$admin_port"; }
in_wan() { ip netns exec "$wan_ns" "$@"; }
iptables_cmd() { if command -v iptables-legacy >/dev/null; then echo iptables-legacy; else echo iptables; fi; }
wan_iptables() { in_wan "$(iptables_cmd)" "$@"; }

check_prerequisites() {
  [ "$(id -u)" = 0 ] || die "must run as root (it creates network namespaces)"
  local missing=()
  command -v ip >/dev/null || missing+=(iproute2)
  command -v "$(iptables_cmd)" >/dev/null || missing+=(iptables)
  command -v cc >/dev/null || missing+=(gcc)
  [ -f /usr/include/libnetfilter_queue/libnetfilter_queue.h ] || missing+=(libnetfilter-queue-dev)
  command -v curl >/dev/null || missing+=(curl)
  command -v jq >/dev/null || missing+=(jq)
  [ ${#missing[@]} = 0 ] || die "missing: ${missing[*]} (apt-get install ${missing[*]})"
}

# --- the network ---------------------------------------------------------------------------------

# One namespace per region and one WAN namespace that routes between them. A region's veth ends in
# the WAN namespace as wan-<N>; all nodes of a region share its namespace, so Raft never crosses
# the WAN, as in a real datacenter.
create_network() {
  ip netns add "$wan_ns"
  ip -n "$wan_ns" link set lo up
  in_wan sysctl -qw net.ipv4.ip_forward=1
  local region n ns
  for region in "${regions[@]}"; do
    n=${subnet_of[$region]}
    ns=$(region_ns "$region")
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip link add "wan-$n" netns "$wan_ns" type veth peer name wan0 netns "$ns"
    ip -n "$wan_ns" addr add "10.77.$n.1/24" dev "wan-$n"
    ip -n "$wan_ns" link set "wan-$n" up
    for node in "${nodes[@]}"; do ip -n "$ns" addr add "10.77.$n.${host_of[$node]}/24" dev wan0; done
    ip -n "$ns" addr add "10.77.$n.$echo_host/24" dev wan0
    ip -n "$ns" link set wan0 up
    ip -n "$ns" route add default via "10.77.$n.1"
  done
}

# Each pair of regions gets a netfilter queue whose packets wan-delay holds for half the pair's
# round trip, in both directions, after the loss rule has dropped its share. Traffic between the
# WAN namespace itself (the drill and its load) and a region is not delayed.
shape_wan() {
  local work=$1 queues=() queue=0 pair a b
  cc -O2 -o "$work/wan-delay" "$here/wan-delay.c" -lnetfilter_queue -lnfnetlink
  for pair in "${!rtt_of[@]}"; do
    queue=$((queue + 1))
    queues+=("$queue:$((rtt_of[$pair] / 2))")
    a=${subnet_of[${pair%%:*}]}
    b=${subnet_of[${pair##*:}]}
    for direction in "$a $b" "$b $a"; do
      set -- $direction
      wan_iptables -A FORWARD -s "10.77.$1.0/24" -d "10.77.$2.0/24" \
        -m statistic --mode random --probability "$(awk "BEGIN { print $loss_percent / 100 }")" -j DROP
      wan_iptables -A FORWARD -s "10.77.$1.0/24" -d "10.77.$2.0/24" -j NFQUEUE --queue-num "$queue"
    done
  done
  in_wan "$work/wan-delay" "${queues[@]}" >"$work/wan-delay.log" 2>&1 &
  echo $! >>"$work/pids"
  await "wan-delay holds its queues" 10 grep -q holding "$work/wan-delay.log" || exit 1
}

# The rules a partition of REGION adds: the WAN drops its packets both ways (a silent partition:
# nothing is refused, senders see only timeouts), and the WAN namespace's own connections to it
# (the drill's admin calls) are reset, so the drill sees the region gone at once. The reset is
# matched by the interface, not the subnet: the resets come back to the WAN namespace's own address
# in that subnet and must not be rejected in turn.
partition_rules() {
  local n=${subnet_of[$1]} tag="strait-partition-$1"
  local net="10.77.$n.0/24"
  printf '%s\n' \
    "FORWARD -s $net -m comment --comment $tag -j DROP" \
    "FORWARD -d $net -m comment --comment $tag -j DROP" \
    "OUTPUT -o wan-$n -p tcp -m comment --comment $tag -j REJECT --reject-with tcp-reset"
}

partition() {
  [ -n "${subnet_of[$1]:-}" ] || die "unknown region '$1' (expected one of: ${regions[*]})"
  local rule
  while read -r rule; do wan_iptables -I $rule; done < <(partition_rules "$1")
  say "partitioned $1 from the WAN"
}

heal() {
  [ -n "${subnet_of[$1]:-}" ] || die "unknown region '$1' (expected one of: ${regions[*]})"
  local rule
  while read -r rule; do wan_iptables -D $rule 2>/dev/null || true; done < <(partition_rules "$1")
  say "healed $1's WAN link"
}

# --- the nodes -------------------------------------------------------------------------------------

# Runs "$@" until it succeeds, for at most SECONDS seconds; fails, saying what, when it never does.
await() {
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then say "gave up waiting after ${seconds}s: $what"; return 1; fi
    sleep 0.2
  done
}

start_in() {
  local ns=$1 log=$2 work=$3
  shift 3
  ip netns exec "$ns" "${strait[@]}" "$@" >"$log" 2>&1 &
  echo $! >>"$work/pids"
}

start_federation() {
  local work=$1 region node ns
  cp "$here/federation.yaml" "$here/wan-latency.yaml" "$here/wan-partition.yaml" "$work/"
  "${strait[@]}" certs init --config "$work/federation.yaml" >"$work/certs.log"
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/admin-token"
  chmod 600 "$work/admin-token"
  say "starting nine nodes and three echo backends"
  for region in "${regions[@]}"; do
    ns=$(region_ns "$region")
    start_in "$ns" "$work/echo-$region.log" "$work" echo --host "10.77.${subnet_of[$region]}.$echo_host" \
      --port "$echo_port" --service "$region-echo" --region "$region"
    for node in "${nodes[@]}"; do
      # A short drain: when every node stops at once, each waits for its peers' connections to
      # close, and they are all draining too.
      start_in "$ns" "$work/$region-$node.log" "$work" run --config "$work/federation.yaml" --node "$region/$node" \
        --data "$work/data/$region/$node" --admin-token-file "$work/admin-token" --drain-timeout 2s
    done
  done
  for region in "${regions[@]}"; do
    for node in "${nodes[@]}"; do
      await "$region/$node ready (see $work/$region-$node.log)" 120 \
        in_wan curl -fsS "$(admin_url "$region" "$node")/readyz" || exit 1
    done
  done
  say "all nine nodes are ready"
}

up() {
  local work=$1
  check_prerequisites
  ip netns list | grep -q "^$wan_ns\b" && die "namespace $wan_ns exists: run '$0 down' first"
  mkdir -p "$work"
  : >"$work/pids"
  create_network
  shape_wan "$work"
  start_federation "$work"
}

down() {
  local work=${1:-} ns pid
  for ns in "$wan_ns" $(for region in "${regions[@]}"; do region_ns "$region"; done); do
    ip netns list | grep -q "^$ns\b" || continue
    # Everything the rehearsal started runs in one of its namespaces.
    for pid in $(ip netns pids "$ns"); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  # Nothing here needs an orderly stop: what has not exited after a few seconds is killed.
  local deadline=$((SECONDS + 5))
  for ns in "$wan_ns" $(for region in "${regions[@]}"; do region_ns "$region"; done); do
    ip netns list | grep -q "^$ns\b" || continue
    while [ -n "$(ip netns pids "$ns")" ] && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns"
  done
  [ -z "$work" ] || rm -f "$work/pids"
  say "stopped everything and deleted the namespaces"
}

# --- the rehearsal --------------------------------------------------------------------------------

# Each region's Raft group as one node sees it: "term leader".
raft_of() {
  in_wan curl -fsS "$(admin_url "$1" gw-1)/v1/status" | jq -r '"\(.raft.term) \(.raft.leader)"'
}

# The drill runs in the WAN namespace; this loop is its operator. The drill announces that the
# region must fail and waits until the region's nodes no longer answer; cutting the region off the
# WAN does that while every node keeps running, which is what a datacenter partition looks like.
# It notes when it cut and healed the link (epoch milliseconds), to time what the nodes saw.
operate() {
  local work=$1 line
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$work/drill.err"
    if [[ $line =~ ACTION:\ stop\ node\ [a-z0-9-]+\ of\ ([a-z0-9-]+) ]]; then
      partition "${BASH_REMATCH[1]}" 2>>"$work/drill.err"
      date +%s%3N >"$work/partitioned-at"
    elif [[ $line =~ ACTION:\ start\ node\ [a-z0-9-]+\ of\ ([a-z0-9-]+) ]]; then
      heal "${BASH_REMATCH[1]}" 2>>"$work/drill.err"
      date +%s%3N >"$work/healed-at"
    fi
  done
}

run_drill() {
  local work=$1 admins=() region node
  for region in "${regions[@]}"; do
    for node in "${nodes[@]}"; do admins+=("$(admin_url "$region" "$node")"); done
  done
  say "running the drills wan-latency and wan-partition"
  set +e
  # The directory stands for its two scenarios, run in name order: wan-latency (which also warms
  # the nodes up), then wan-partition.
  in_wan "${strait[@]}" drill run "$work" --admin "${admins[@]}" \
    --token-file "$work/admin-token" --out "$work/drills" 2>&1 >"$work/drill.out" | operate "$work"
  local status=${PIPESTATUS[0]}
  set -e
  say "the drills ended (exit $status)"
  return "$status"
}

# Whether, after the drill, REGION's gw-1 sees every other region connected, not stale, with all
# of its gateways answering probes.
federation_whole() {
  in_wan curl -fsS "$(admin_url "$1" gw-1)/v1/status" \
    | jq -e '[.federation.peers[] | select(.connected and (.stale | not) and ((.unreachableGateways // []) | length == 0))] | length == 2'
}

seconds_in() { grep -oE '[0-9]+(\.[0-9]+)? s' <<<"$1" | head -n 1 | cut -d' ' -f1; }

# Milliseconds from epoch-milliseconds SINCE to the first routing event EVENT about REGION that a
# node of us-east logged after it, for each node of us-east (its log's strait.events lines); the
# slowest node's figure.
after_event() {
  local work=$1 event=$2 region=$3 since=$4 node
  for node in "${nodes[@]}"; do
    grep -h 'strait.events - ' "$work/us-east-$node.log" | sed 's/.*strait.events - //' \
      | jq -r --arg event "$event" --arg region "$region" --argjson since "$since" '
          select(.event == $event and (.region == $region or .from == $region or .to == $region))
          | (.time | capture("^(?<s>[^.]+)\\.(?<ms>[0-9]{3})")) as $t
          | (($t.s + "Z") | fromdateiso8601) * 1000 + ($t.ms | tonumber) - $since
          | select(. >= 0)' | head -n 1
  done | sort -n | tail -n 1
}

# probeThreshold x probeInterval + probeTimeout in federation.yaml: how long a silent region may
# go unnoticed (docs/failover.md); then the node rebuilds its routing snapshot, which takes a few
# milliseconds, allowed 30 here for a machine that runs all thirteen processes.
probe_bound_ms=550
rebuild_allowance_ms=30

summarize() {
  local work=$1 drill_status=$2 pair load rtt p50 p99 ok
  local latency="$work/drills/wan-latency/report.json" report="$work/drills/wan-partition/report.json"
  declare -A load_of=([us-east:eu-west]=web-from-eu-west [eu-west:ap-south]=ledger-from-ap-south [us-east:ap-south]=web-from-ap-south)
  local pairs='[]'
  for pair in "${!rtt_of[@]}"; do
    load=${load_of[$pair]}
    rtt=${rtt_of[$pair]}
    p50=$(jq -r ".results.byLoad[\"$load\"].p50Millis" "$latency")
    p99=$(jq -r ".results.byLoad[\"$load\"].p99Millis" "$latency")
    # A call crosses the pair's link once each way; the two gateways and the echo add a few ms.
    ok=$(awk "BEGIN { print ($p50 >= $rtt && $p50 <= $rtt + 30) ? \"true\" : \"false\" }")
    pairs=$(jq -c --arg pair "$pair" --arg load "$load" --argjson rtt "$rtt" --argjson p50 "$p50" --argjson p99 "$p99" \
      --argjson ok "$ok" '. + [{pair: $pair, load: $load, rttMillis: $rtt, p50Millis: $p50, p99Millis: $p99, expected: $ok}]' <<<"$pairs")
  done
  # What us-east's nodes saw of eu-west's partition, slowest node first: the probes' verdict, the
  # routing change, and after healing the same two the other way.
  local cut healed detected rerouted up failback
  cut=$(cat "$work/partitioned-at")
  healed=$(cat "$work/healed-at")
  detected=$(after_event "$work" region_down eu-west "$cut")
  rerouted=$(after_event "$work" failover eu-west "$cut")
  up=$(after_event "$work" region_up eu-west "$healed")
  failback=$(after_event "$work" failback eu-west "$healed")
  local raft_ok=true federation_ok=true region
  for region in "${regions[@]}"; do
    [ "$(raft_of "$region")" = "$(cat "$work/raft-before-$region")" ] || raft_ok=false
    await "$region sees the whole federation again" 15 federation_whole "$region" || federation_ok=false
  done
  local bound=$((probe_bound_ms + rtt_of[us-east:eu-west] + rebuild_allowance_ms))
  jq -n --argjson pairs "$pairs" --argjson lossPercent "$loss_percent" \
    --argjson detected "${detected:-null}" --argjson rerouted "${rerouted:-null}" --argjson bound "$bound" \
    --argjson up "${up:-null}" --argjson failback "${failback:-null}" \
    --arg moved "$(jq -r '.verdicts[] | select(.expectation | startswith("traffic-moves-away")) | .measured' "$report")" \
    --arg returned "$(jq -r '.verdicts[] | select(.expectation | startswith("traffic-returns")) | .measured' "$report")" \
    --argjson partitionP99 "$(jq '.phases[] | select(.name == "partition") | .stats.p99Millis' "$report")" \
    --argjson drillPassed "$([ "$drill_status" = 0 ] && echo true || echo false)" \
    --argjson raftUndisturbed "$raft_ok" --argjson federationWhole "$federation_ok" \
    --argjson verdicts "$(jq -s 'map(.verdicts) | add' "$latency" "$report")" \
    --argjson calls "$(jq -s 'map(.results.overall.calls) | add' "$latency" "$report")" \
    --argjson failed "$(jq -s 'map(.results.overall.failed) | add' "$latency" "$report")" \
    '{lossPercent: $lossPercent, pairs: $pairs,
      partition: {detectedMillis: $detected, reroutedMillis: $rerouted, boundMillis: $bound,
        withinBound: ($detected != null and $rerouted != null and $rerouted <= $bound),
        callsMoved: $moved, partitionPhaseP99Millis: $partitionP99},
      healing: {regionUpMillis: $up, failbackMillis: $failback, callsReturned: $returned},
      drillPassed: $drillPassed, raftUndisturbed: $raftUndisturbed, federationWhole: $federationWhole,
      calls: $calls, failed: $failed, verdicts: $verdicts}' >"$work/summary.json"
  cat "$work/summary.json"
  jq -e '.drillPassed and .partition.withinBound and .raftUndisturbed and .federationWhole and all(.pairs[]; .expected)' \
    "$work/summary.json" >/dev/null
}

run() {
  local region status=0
  rehearsal_work=$1
  trap 'down "$rehearsal_work"' EXIT
  local work=$1
  up "$work"
  for region in "${regions[@]}"; do raft_of "$region" >"$work/raft-before-$region"; done
  run_drill "$work" || status=$?
  summarize "$work" "$status"
}

case ${1:-} in
  run) [ $# = 2 ] || die "usage: $0 run WORKDIR"; run "$2" ;;
  up) [ $# = 2 ] || die "usage: $0 up WORKDIR"; up "$2" ;;
  partition) [ $# = 2 ] || die "usage: $0 partition REGION"; partition "$2" ;;
  heal) [ $# = 2 ] || die "usage: $0 heal REGION"; heal "$2" ;;
  down) down "${2:-}" ;;
  *) die "usage: $0 run|up WORKDIR | partition|heal REGION | down [WORKDIR]" ;;
esac

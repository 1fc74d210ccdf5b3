package dev.strait.gateway.events;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Something an operator reconstructing an incident wants to see on a timeline: each is logged
 * once, as one structured line, and counted ({@link EventLog}).
 */
public sealed interface Event {
    /** The event's kind, as the log and the {@code kind} label of {@code strait_events_total} spell it. */
    String kind();

    /** What the log line says about it, in order. */
    Map<String, Object> fields();

    /**
     * Calls to {@code service} now go first to {@code to} instead of {@code from}.
     *
     * @param cause why {@code from} is no longer first
     */
    record Failover(ServiceName service, RegionName from, RegionName to, String cause) implements Event {
        @Override
        public String kind() {
            return "failover";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("service", service.value(), "from", from.value(), "to", to.value(), "cause", cause,
                    "detector", "routing");
        }
    }

    /** Calls to {@code service} go first to {@code to} again, the region they went to before failing over {@code away} ago. */
    record Failback(ServiceName service, RegionName from, RegionName to, Duration away) implements Event {
        @Override
        public String kind() {
            return "failback";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("service", service.value(), "from", from.value(), "to", to.value(), "awayMs", away.toMillis(),
                    "detector", "routing");
        }
    }

    /**
     * This node stopped sending calls to {@code target} for {@code period} after a call to it failed.
     *
     * @param targetKind {@code endpoint} or {@code gateway}
     */
    record Ejection(HostPort target, String targetKind, Duration period, String cause) implements Event {
        @Override
        public String kind() {
            return "ejection";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("target", target.toString(), "targetKind", targetKind, "periodMs", period.toMillis(),
                    "cause", cause, "detector", "calls");
        }
    }

    /** No gateway of {@code region} answers this node's probes. */
    record RegionDown(RegionName region, int gateways) implements Event {
        @Override
        public String kind() {
            return "region_down";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("region", region.value(), "gateways", gateways, "detector", "probes");
        }
    }

    /** A gateway of {@code region} answers this node's probes again, after {@code down}. */
    record RegionUp(RegionName region, Duration down) implements Event {
        @Override
        public String kind() {
            return "region_up";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("region", region.value(), "downMs", down.toMillis(), "detector", "probes");
        }
    }

    /** The Raft group of this node's region has a new leader (or none). */
    record LeaderChange(RegionName region, Optional<NodeId> from, Optional<NodeId> to, long term) implements Event {
        @Override
        public String kind() {
            return "leader_change";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("region", region.value(), "from", from.map(NodeId::value).orElse("none"),
                    "to", to.map(NodeId::value).orElse("none"), "term", term, "detector", "raft");
        }
    }

    /** This node applied config {@code version} of its region. */
    record ConfigApply(RegionName region, long version, String digest) implements Event {
        @Override
        public String kind() {
            return "config_apply";
        }

        @Override
        public Map<String, Object> fields() {
            return ordered("region", region.value(), "version", version, "digest", digest, "detector", "raft");
        }
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return fields;
    }
}

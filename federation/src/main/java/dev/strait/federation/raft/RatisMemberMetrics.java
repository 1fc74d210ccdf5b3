package dev.strait.federation.raft;

import dev.strait.policy.model.NodeId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.RatisMetrics;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Counting;
import org.apache.ratis.thirdparty.com.codahale.metrics.Gauge;
import org.apache.ratis.thirdparty.com.codahale.metrics.Meter;
import org.apache.ratis.thirdparty.com.codahale.metrics.Metric;
import org.apache.ratis.thirdparty.com.codahale.metrics.MetricRegistry;
import org.apache.ratis.thirdparty.com.codahale.metrics.Timer;

/**
 * Ratis's own metrics for one node's member of its region's group.
 *
 * <p>Ratis keeps them in process-wide registries ({@link MetricRegistries#global()}), shared by
 * every Raft server of the process (several nodes run in one process in the demo and in tests).
 * The registries of one member are those whose prefix is the member's id, {@code <node>@group-<id>}
 * (components {@code log_worker}, {@code server}, {@code leader_election}, {@code state_machine},
 * {@code log_appender}); only those are listed. Ratis registers some registries and metrics lazily
 * (the log appender's when the node leads, a follower's once it is known), so callers scan again
 * to pick them up.
 */
public final class RatisMemberMetrics {
    private static final double NANOS_PER_SECOND = 1e9;

    private final String memberId;
    // Longest first, so that a node name that contains another one is taken out whole.
    private final List<NodeId> members;

    /**
     * @param memberId Ratis's id of the member, {@code RaftGroupMemberId.toString()}
     * @param members  every node of the group, which per-member metrics are labelled with
     */
    RatisMemberMetrics(String memberId, List<NodeId> members) {
        this.memberId = Objects.requireNonNull(memberId, "memberId");
        this.members = members.stream().sorted(Comparator.comparingInt((NodeId m) -> m.value().length()).reversed()).toList();
    }

    /** Ratis's id of the member whose metrics these are, as its registries name it ({@code <node>@group-<id>}). */
    public String memberId() {
        return memberId;
    }

    /** The metrics Ratis has registered for the member so far: counters, numeric gauges and timers. */
    public List<RatisMetric> scan() {
        List<RatisMetric> found = new ArrayList<>();
        MetricRegistries registries = MetricRegistries.global();
        for (MetricRegistryInfo info : registries.getMetricRegistryInfos()) {
            if (!memberId.equals(info.getPrefix()) || !RatisMetrics.RATIS_APPLICATION_NAME_METRICS.equals(info.getApplicationName())) {
                continue;
            }
            Optional<MetricRegistry> dropwizard = registries.get(info).flatMap(RatisMemberMetrics::dropwizard);
            if (dropwizard.isEmpty()) {
                continue;
            }
            String namePrefix = MetricRegistry.name(info.getApplicationName(), info.getMetricsComponentName(), info.getPrefix()) + ".";
            for (Map.Entry<String, Metric> entry : dropwizard.get().getMetrics().entrySet()) {
                String fullName = entry.getKey();
                if (!fullName.startsWith(namePrefix)) {
                    continue;
                }
                Optional<RatisMetric.Kind> kind = kindOf(entry.getValue());
                if (kind.isEmpty()) {
                    continue;
                }
                String name = fullName.substring(namePrefix.length());
                Optional<NodeId> peer = peerIn(name);
                String withoutPeer = peer.map(p -> withoutPeer(name, p.value())).orElse(name);
                RatisMetric.Id id = new RatisMetric.Id(info.getMetricsComponentName(), withoutPeer, peer, kind.get());
                found.add(new RatisMetric(id, new LiveReading(info, fullName)));
            }
        }
        return found;
    }

    /** The member named in {@code name} (Ratis writes {@code <peer>_x}, {@code x_<peer>_y} or {@code x_<peer>}), if any. */
    Optional<NodeId> peerIn(String name) {
        return members.stream().filter(m -> !withoutPeer(name, m.value()).equals(name)).findFirst();
    }

    static String withoutPeer(String name, String peer) {
        if (name.startsWith(peer + "_")) {
            return name.substring(peer.length() + 1);
        }
        int inside = name.indexOf("_" + peer + "_");
        if (inside >= 0) {
            return name.substring(0, inside) + name.substring(inside + peer.length() + 1);
        }
        if (name.endsWith("_" + peer)) {
            return name.substring(0, name.length() - peer.length() - 1);
        }
        return name;
    }

    private static Optional<RatisMetric.Kind> kindOf(Metric metric) {
        return switch (metric) {
            case Timer t -> Optional.of(RatisMetric.Kind.TIMER);
            case Counter c -> Optional.of(RatisMetric.Kind.COUNTER);
            case Meter m -> Optional.of(RatisMetric.Kind.COUNTER);
            // Ratis also keeps a few non-numeric gauges; a Prometheus series can only carry a number.
            case Gauge<?> g -> numeric(g) ? Optional.of(RatisMetric.Kind.GAUGE) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static boolean numeric(Gauge<?> gauge) {
        try {
            Object value = gauge.getValue();
            return value instanceof Number || value instanceof Boolean;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Optional<MetricRegistry> dropwizard(RatisMetricRegistry registry) {
        // The default implementation (ratis-metrics-default) is the one on the class path; anything else is not listed.
        return registry instanceof RatisMetricRegistryImpl impl ? Optional.of(impl.getDropWizardMetricRegistry()) : Optional.empty();
    }

    /**
     * Looks the metric up by name on every read rather than holding it: Ratis drops and re-creates
     * registries (e.g. the log appender's on each leadership), and the new metric replaces the old.
     */
    private record LiveReading(MetricRegistryInfo info, String fullName) implements RatisMetric.Reading {
        @Override
        public double value() {
            return switch (current().orElse(null)) {
                case Counting counting -> counting.getCount();
                case Gauge<?> gauge -> gaugeValue(gauge);
                case null, default -> Double.NaN;
            };
        }

        @Override
        public double quantileSeconds(double quantile) {
            return current().orElse(null) instanceof Timer timer
                    ? timer.getSnapshot().getValue(quantile) / NANOS_PER_SECOND : Double.NaN;
        }

        private Optional<Metric> current() {
            return MetricRegistries.global().get(info).flatMap(RatisMemberMetrics::dropwizard)
                    .map(registry -> registry.getMetrics().get(fullName));
        }

        private static double gaugeValue(Gauge<?> gauge) {
            try {
                return switch (gauge.getValue()) {
                    case Number n -> n.doubleValue();
                    case Boolean b -> b ? 1 : 0;
                    case null, default -> Double.NaN;
                };
            } catch (RuntimeException e) {
                // A gauge of a closing server may fail; a scrape must not.
                return Double.NaN;
            }
        }
    }
}

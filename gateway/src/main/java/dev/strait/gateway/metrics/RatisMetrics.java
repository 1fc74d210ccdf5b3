package dev.strait.gateway.metrics;

import dev.strait.federation.raft.RatisMetric;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Ratis's own metrics for this node's member of its region's group, shown as {@code ratis_<component>_<metric>}:
 * counters as {@code ..._total}, gauges as they are, and timers as {@code ..._seconds{quantile="0.5|0.95|0.99"}}
 * (Ratis's decaying sample of recent durations) with {@code ..._seconds_count} (how many were timed). A metric
 * Ratis keeps per member of the group carries a {@code peer} label (a node of the region, so bounded).
 *
 * <p>Values are read from Ratis at scrape time. Ratis registers some metrics late (the log appender's only
 * while the node leads), so {@link #refresh()} — called before every scrape — registers what is new and
 * removes what Ratis dropped.
 */
public final class RatisMetrics {
    private static final double[] QUANTILES = {0.5, 0.95, 0.99};
    private static final Pattern LOWER_THEN_UPPER = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern ACRONYM_THEN_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9]+");

    private final Supplier<List<RatisMetric>> source;
    private final MeterRegistry registry;
    // Holds the metrics strongly: Micrometer keeps only weak references to what its functions read.
    private final Map<RatisMetric.Id, Shown> shown = new HashMap<>();

    private record Shown(RatisMetric metric, List<Meter> meters) {}

    /** @param source the member's metrics as Ratis has them now, e.g. {@code store.ratisMetrics()::scan} */
    public RatisMetrics(Supplier<List<RatisMetric>> source, MeterRegistry registry) {
        this.source = source;
        this.registry = registry;
    }

    /** Registers the metrics Ratis added since the last call and removes those it dropped. */
    public synchronized void refresh() {
        Set<RatisMetric.Id> present = new HashSet<>();
        for (RatisMetric metric : source.get()) {
            present.add(metric.id());
            shown.computeIfAbsent(metric.id(), id -> new Shown(metric, register(metric)));
        }
        shown.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private List<Meter> register(RatisMetric metric) {
        RatisMetric.Id id = metric.id();
        String name = "ratis." + snakeCase(id.component()) + "." + snakeCase(id.name());
        Tags tags = id.peer().map(peer -> Tags.of("peer", peer.value())).orElse(Tags.empty());
        String about = "Ratis " + id.component() + " metric " + id.name();
        List<Meter> meters = new ArrayList<>();
        try {
            switch (id.kind()) {
                case COUNTER -> meters.add(FunctionCounter.builder(name, metric, RatisMetric::value)
                        .description(about).tags(tags).register(registry));
                case GAUGE -> meters.add(Gauge.builder(name, metric, RatisMetric::value)
                        .description(about).tags(tags).register(registry));
                case TIMER -> {
                    for (double quantile : QUANTILES) {
                        meters.add(Gauge.builder(name + ".seconds", metric, m -> m.quantileSeconds(quantile))
                                .description(about + ": recent durations (Ratis's decaying sample)")
                                .tags(tags).tag("quantile", Double.toString(quantile)).register(registry));
                    }
                    meters.add(Gauge.builder(name + ".seconds.count", metric, RatisMetric::value)
                            .description(about + ": how many durations were timed since the server started")
                            .tags(tags).register(registry));
                }
            }
        } catch (IllegalArgumentException e) {
            // Two Ratis names that map to one series (or one name with and without a peer) cannot both be shown.
            meters.forEach(registry::remove);
            return List.of();
        }
        return meters;
    }

    /** {@code appendEntryLatency} → {@code append_entry_latency}, {@code numWatch-ALL_COMMITTEDRequest} → {@code num_watch_all_committed_request}. */
    static String snakeCase(String ratisName) {
        String split = LOWER_THEN_UPPER.matcher(ACRONYM_THEN_WORD.matcher(ratisName).replaceAll("$1_$2")).replaceAll("$1_$2");
        String name = NOT_NAME.matcher(split.toLowerCase(Locale.ROOT)).replaceAll("_");
        int start = name.startsWith("_") ? 1 : 0;
        int end = name.endsWith("_") ? name.length() - 1 : name.length();
        return start >= end ? "unnamed" : name.substring(start, end);
    }
}

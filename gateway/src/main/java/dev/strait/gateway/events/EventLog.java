package dev.strait.gateway.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where events go: one JSON line each on the {@code strait.events} logger (INFO), and a count in
 * {@code strait_events_total{kind}} (ejections also in {@code strait_ejections_total{kind}}, by
 * target kind). Events come from control-plane threads (snapshot updates,
 * probes, Raft), never from the request path.
 */
public final class EventLog {
    /** The kinds the counter is created for up front, so dashboards see zeros rather than no series. */
    static final List<String> KINDS = List.of("failover", "failback", "ejection", "region_down", "region_up",
            "leader_change", "config_apply");

    private static final Logger LOG = LoggerFactory.getLogger("strait.events");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry registry;
    private final Clock clock;
    private final Consumer<String> lines;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Counter> ejections = new ConcurrentHashMap<>();

    /** Events logged on {@code strait.events} and counted in {@code registry}. */
    public EventLog(MeterRegistry registry) {
        this(registry, Clock.systemUTC(), LOG::info);
    }

    EventLog(MeterRegistry registry, Clock clock, Consumer<String> lines) {
        this.registry = registry;
        this.clock = clock;
        this.lines = lines;
        KINDS.forEach(this::counter);
        List.of("endpoint", "gateway").forEach(this::ejections);
    }

    public void record(Event event) {
        counter(event.kind()).increment();
        if (event instanceof Event.Ejection ejection) {
            ejections(ejection.targetKind()).increment();
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", event.kind());
        line.putAll(event.fields());
        lines.accept(JSON.writeValueAsString(line));
    }

    private Counter ejections(String targetKind) {
        return ejections.computeIfAbsent(targetKind, k -> Counter.builder("strait.ejections")
                .description("Targets this node started avoiding after a call to them failed")
                .tag("kind", k)
                .register(registry));
    }

    private Counter counter(String kind) {
        return counters.computeIfAbsent(kind, k -> Counter.builder("strait.events")
                .description("Failovers, failbacks, ejections, region verdicts, leader changes and config applies this node saw")
                .tag("kind", k)
                .register(registry));
    }
}

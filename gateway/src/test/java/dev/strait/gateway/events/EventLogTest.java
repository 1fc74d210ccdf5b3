package dev.strait.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each event is one JSON line and a count by kind; every kind's counter exists from the start. */
class EventLogTest {
    private final List<String> lines = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventLog log = new EventLog(registry, Clock.fixed(Instant.parse("2026-11-26T03:00:00Z"), ZoneOffset.UTC), lines::add);

    @Test
    void anEventIsOneJsonLineWithTimeKindAndFields() {
        log.record(new Event.LeaderChange(RegionName.of("west"), Optional.of(NodeId.of("n1")), Optional.empty(), 7));

        assertThat(lines).containsExactly("{\"time\":\"2026-11-26T03:00:00Z\",\"event\":\"leader_change\",\"region\":\"west\","
                + "\"from\":\"n1\",\"to\":\"none\",\"term\":7,\"detector\":\"raft\"}");
        assertThat(registry.get("strait.events").tag("kind", "leader_change").counter().count()).isEqualTo(1);
    }

    @Test
    void everyKindIsCountedFromZeroAndEjectionsByTargetKind() {
        log.record(new Event.Ejection(new HostPort("10.0.0.1", 80), "gateway", Duration.ofSeconds(5), "reset"));

        for (String kind : EventLog.KINDS) {
            assertThat(registry.get("strait.events").tag("kind", kind).counter().count()).as(kind)
                    .isEqualTo(kind.equals("ejection") ? 1 : 0);
        }
        assertThat(registry.get("strait.ejections").tag("kind", "gateway").counter().count()).isEqualTo(1);
        assertThat(registry.get("strait.ejections").tag("kind", "endpoint").counter().count()).isZero();
    }
}

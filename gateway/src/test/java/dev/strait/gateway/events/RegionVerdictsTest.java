package dev.strait.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Region verdicts from the probes: down when no gateway answers, up when one does, never before seen up. */
class RegionVerdictsTest {
    private static final RegionName WEST = RegionName.of("west");
    private static final HostPort W1 = new HostPort("10.0.1.1", 15443);
    private static final HostPort W2 = new HostPort("10.0.1.2", 15443);

    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final RegionVerdicts verdicts = new RegionVerdicts(Map.of(WEST, List.of(W1, W2)),
            new EventLog(new SimpleMeterRegistry(), Clock.systemUTC(), lines::add), nanos::get);

    @Test
    void aRegionIsDownWhenNoGatewayAnswersAndUpWhenOneDoes() {
        verdicts.accept(Set.of());
        verdicts.accept(Set.of(W1));
        verdicts.accept(Set.of(W1, W2));
        verdicts.accept(Set.of(W1, W2));
        nanos.addAndGet(1_500_000_000L);
        verdicts.accept(Set.of(W2));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"event\":\"region_down\"", "\"region\":\"west\"", "\"gateways\":2", "\"detector\":\"probes\"");
        assertThat(lines.get(1)).contains("\"event\":\"region_up\"", "\"downMs\":1500");
    }

    @Test
    void aRegionNeverSeenUpIsNotReportedDown() {
        verdicts.accept(Set.of(W1, W2));

        assertThat(lines).isEmpty();
    }
}

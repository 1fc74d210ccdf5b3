package dev.strait.gateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.traffic.CompiledTraffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the faults on a link do to one attempt, with a seeded random source and recorded delays, no sockets. */
class LinkFaultInjectionTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final long NOW = 1_700_000_000_000L;

    private final List<Duration> pauses = new ArrayList<>();
    private final LinkFaultInjection injection = new LinkFaultInjection(() -> NOW, () -> new SplittableRandom(7), pauses::add);

    private static RoutingSnapshot snapshot(LinkFault... faults) {
        return new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh", Map.of(), Map.of(), Map.of(), Map.of(),
                Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of(), CompiledTraffic.EMPTY,
                Map.of(EAST, CompiledAuthorization.EMPTY), faults.length == 0 ? Map.of() : Map.of(WEST, List.of(faults)));
    }

    private static LinkFault link(String id, int delayPercent, int abortPercent) {
        return new LinkFault(id, WEST, false, Optional.of(new Fault.Delay(Duration.ofMillis(100), delayPercent)),
                Optional.of(new Fault.Abort(503, abortPercent)), NOW + 1_000);
    }

    @Test
    void withoutFaultsEveryAttemptProceedsUntouched() throws Exception {
        assertThat(injection.beforeForwarding(snapshot(), WEST)).isSameAs(LinkFaultInjection.Effect.PROCEED);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPartitionWinsOverTheOtherFaultsOfTheLinkAndWaitsForNothing() throws Exception {
        LinkFault cut = LinkFault.partition("z-cut", WEST, NOW + 1_000);

        assertThat(injection.beforeForwarding(snapshot(link("a-slow", 100, 0), cut), WEST))
                .isEqualTo(new LinkFaultInjection.Effect.Partitioned(cut));
        assertThat(pauses).isEmpty();
    }

    @Test
    void zeroPercentNeverAppliesAndAHundredAlwaysDoes() throws Exception {
        for (int i = 0; i < 50; i++) {
            assertThat(injection.beforeForwarding(snapshot(link("never", 0, 0)), WEST)).isSameAs(LinkFaultInjection.Effect.PROCEED);
        }
        assertThat(pauses).isEmpty();

        LinkFault always = link("always", 100, 100);
        assertThat(injection.beforeForwarding(snapshot(always), WEST)).isEqualTo(new LinkFaultInjection.Effect.Aborted(always));
        assertThat(pauses).containsExactly(Duration.ofMillis(100));
    }

    @Test
    void aShareOfAttemptsIsAbortedAsTheFaultSays() throws Exception {
        LinkFaultInjection rolling = new LinkFaultInjection(() -> NOW, new SplittableRandom(42)::split, pauses::add);
        RoutingSnapshot snapshot = snapshot(new LinkFault("half", WEST, false, Optional.empty(),
                Optional.of(new Fault.Abort(502, 50)), NOW + 1_000));
        int aborted = 0;
        for (int i = 0; i < 2_000; i++) {
            if (rolling.beforeForwarding(snapshot, WEST) instanceof LinkFaultInjection.Effect.Aborted) {
                aborted++;
            }
        }

        assertThat(aborted).isBetween(850, 1_150);
    }

    @Test
    void anExpiredFaultOrOneOnAnotherLinkDoesNothing() throws Exception {
        LinkFault expired = new LinkFault("old", WEST, false, Optional.empty(), Optional.of(new Fault.Abort(503, 100)), NOW);

        assertThat(injection.beforeForwarding(snapshot(expired), WEST)).isSameAs(LinkFaultInjection.Effect.PROCEED);
        assertThat(injection.beforeForwarding(snapshot(link("west-only", 100, 100)), RegionName.of("north")))
                .isSameAs(LinkFaultInjection.Effect.PROCEED);
        assertThat(pauses).isEmpty();
    }
}

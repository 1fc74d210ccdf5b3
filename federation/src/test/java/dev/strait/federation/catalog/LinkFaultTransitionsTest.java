package dev.strait.federation.catalog;

import static dev.strait.federation.catalog.TestConfigs.EU_WEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.PutFault;
import dev.strait.federation.catalog.RegionCommand.PutLinkFault;
import dev.strait.federation.catalog.RegionCommand.RemoveFault;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Faults on the links to other regions in a region's replicated state: puts, removes, the ids they share, and refusals. */
class LinkFaultTransitionsTest {
    private static final RegionName US_EAST = RegionName.of("us-east");
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final CommandCheck CHECK = new CommandCheck(EU_WEST);

    private static LinkFault cut(String id, RegionName peer, long expiresAtMillis) {
        return LinkFault.partition(id, peer, expiresAtMillis);
    }

    private static LinkFault slow(String id, long expiresAtMillis) {
        return new LinkFault(id, US_EAST, false, Optional.of(new Fault.Delay(Duration.ofMillis(200), 100)), Optional.empty(),
                expiresAtMillis);
    }

    private static Fault serviceFault(String id) {
        return new Fault(id, PAYMENTS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new Fault.Abort(503, 100)), NOW + HOUR);
    }

    private static RegionState configured() {
        return step(RegionState.EMPTY, new ApplyConfig(TestConfigs.federation(TestConfigs.PAYMENTS_AND_LEDGER), 0));
    }

    private static RegionState step(RegionState s, RegionCommand c) {
        return RegionTransitions.apply(s, c, EU_WEST, 1, s.appliedIndex() + 1);
    }

    @Test
    void aPutLinkFaultIsKeptByIdAndReplacedByTheNextPutOfThatId() {
        RegionState s = step(configured(), new PutLinkFault(cut("drill", US_EAST, NOW + HOUR), NOW));
        LinkFault replacement = slow("drill", NOW + 2 * HOUR);
        s = step(s, new PutLinkFault(replacement, NOW));

        assertThat(s.linkFaults()).containsOnlyKeys("drill").containsEntry("drill", replacement);
        assertThat(s.activeLinkFaults(NOW + HOUR)).containsExactly(replacement);
        assertThat(s.activeLinkFaults(NOW + 2 * HOUR)).isEmpty();
    }

    @Test
    void bothKindsShareOneSetOfIds() {
        RegionState s = step(configured(), new PutFault(serviceFault("drill"), NOW));
        s = step(s, new PutLinkFault(cut("drill", US_EAST, NOW + HOUR), NOW));

        assertThat(s.faults()).isEmpty();
        assertThat(s.linkFaults()).containsOnlyKeys("drill");

        s = step(s, new PutFault(serviceFault("drill"), NOW));

        assertThat(s.faults()).containsOnlyKeys("drill");
        assertThat(s.linkFaults()).isEmpty();
    }

    @Test
    void aRemoveTakesOutALinkFault() {
        RegionState s = step(configured(), new PutLinkFault(cut("drill", US_EAST, NOW + HOUR), NOW));

        assertThat(CHECK.reject(s, new RemoveFault("drill"))).isEmpty();
        assertThat(step(s, new RemoveFault("drill")).linkFaults()).isEmpty();
    }

    @Test
    void aPutOfEitherKindDropsTheLinkFaultsThatHaveExpiredByItsTime() {
        RegionState s = step(configured(), new PutLinkFault(cut("short", US_EAST, NOW + 1000), NOW));
        s = step(s, new PutFault(serviceFault("other"), NOW + 1000));

        assertThat(s.linkFaults()).isEmpty();
    }

    @Test
    void aConfigWithoutThePeerRegionDropsTheFaultsOnItsLink() {
        RegionState s = step(configured(), new PutLinkFault(cut("drill", US_EAST, NOW + HOUR), NOW));
        String withoutUsEast = TestConfigs.federation(TestConfigs.PAYMENTS_AND_LEDGER)
                .replaceAll("(?s)  us-east:\\n.*?(?=  eu-west:)", "")
                .replace("failover: [us-east]", "failover: []");

        s = step(s, new ApplyConfig(withoutUsEast, 1));

        assertThat(s.config().version()).isEqualTo(2);
        assertThat(s.linkFaults()).isEmpty();
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("the region itself", new PutLinkFault(cut("f", EU_WEST, NOW + HOUR), NOW),
                        "a region cannot partition, delay or abort its link to itself (expected: another region of the "
                                + "federation: us-east)"),
                Arguments.of("an unknown region", new PutLinkFault(cut("f", RegionName.of("ap-south"), NOW + HOUR), NOW),
                        "names region 'ap-south', which is not in the federation (expected another region of the federation: "
                                + "us-east)"),
                Arguments.of("already expired", new PutLinkFault(cut("f", US_EAST, NOW), NOW), "would expire before it is written"),
                Arguments.of("more than a day ahead", new PutLinkFault(cut("f", US_EAST, NOW + 24 * HOUR + 1), NOW),
                        "expected: at most 24 h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedLinkFaultsChangeNothing(String name, RegionCommand command, String reason) {
        RegionState before = configured();

        assertThat(CHECK.reject(before, command)).hasValueSatisfying(r -> assertThat(r).contains(reason));
        assertThat(step(before, command)).isEqualTo(before.at(1, before.appliedIndex() + 1));
    }

    @Test
    void aRegionWithoutAConfigKnowsNoOtherRegion() {
        assertThat(CHECK.reject(RegionState.EMPTY, new PutLinkFault(cut("f", US_EAST, NOW + HOUR), NOW)))
                .hasValueSatisfying(r -> assertThat(r).contains("none is configured"));
    }
}

package dev.strait.federation.catalog;

import dev.strait.policy.model.Fault;
import static dev.strait.federation.catalog.TestConfigs.EU_WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.catalog.RegionCommand.ApplyConfig;
import dev.strait.federation.catalog.RegionCommand.PutFault;
import dev.strait.federation.catalog.RegionCommand.RemoveFault;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Faults in a region's replicated state: what a put and a remove do, and what they refuse. */
class FaultTransitionsTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName LEDGER = ServiceName.of("ledger");
    private static final ServiceName BILLING = ServiceName.of("billing");
    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final CommandCheck CHECK = new CommandCheck(EU_WEST);

    static Fault fault(String id, ServiceName service, long expiresAtMillis) {
        return new Fault(id, service, Optional.of("/api"), Optional.of("GET"),
                Optional.of(new Fault.Delay(Duration.ofMillis(200), 50)), Optional.of(new Fault.Abort(503, 10)), expiresAtMillis);
    }

    private static RegionState configured() {
        return step(RegionState.EMPTY, new ApplyConfig(TestConfigs.federation(TestConfigs.PAYMENTS_AND_LEDGER), 0));
    }

    private static RegionState step(RegionState s, RegionCommand c) {
        return RegionTransitions.apply(s, c, EU_WEST, 1, s.appliedIndex() + 1);
    }

    @Test
    void aPutFaultIsKeptByIdAndReplacedByTheNextPutOfThatId() {
        RegionState s = step(configured(), new PutFault(fault("slow", PAYMENTS, NOW + HOUR), NOW));
        Fault replacement = fault("slow", LEDGER, NOW + 2 * HOUR);
        s = step(s, new PutFault(replacement, NOW));

        assertThat(s.faults()).containsOnlyKeys("slow").containsEntry("slow", replacement);
        assertThat(s.activeFaults(NOW + HOUR)).containsExactly(replacement);
        assertThat(s.activeFaults(NOW + 2 * HOUR)).isEmpty();
    }

    @Test
    void aRemoveTakesTheFaultOut() {
        RegionState s = step(configured(), new PutFault(fault("slow", PAYMENTS, NOW + HOUR), NOW));

        assertThat(step(s, new RemoveFault("slow")).faults()).isEmpty();
    }

    @Test
    void aPutDropsTheFaultsThatHaveExpiredByItsTime() {
        RegionState s = step(configured(), new PutFault(fault("short", PAYMENTS, NOW + 1000), NOW));
        s = step(s, new PutFault(fault("long", PAYMENTS, NOW + HOUR), NOW + 1000));

        assertThat(s.faults()).containsOnlyKeys("long");
    }

    @Test
    void aConfigThatNoLongerDeclaresTheServiceDropsItsFaults() {
        RegionState s = step(configured(), new PutFault(fault("on-ledger", LEDGER, NOW + HOUR), NOW));
        s = step(s, new PutFault(fault("on-payments", PAYMENTS, NOW + HOUR), NOW));

        // The second config declares payments and billing, not ledger.
        s = step(s, new ApplyConfig(TestConfigs.federation(TestConfigs.PAYMENTS_MOVED_AND_BILLING), 1));

        assertThat(s.config().version()).isEqualTo(2);
        assertThat(s.faults()).containsOnlyKeys("on-payments");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("fault on an undeclared service", new PutFault(fault("f", BILLING, NOW + HOUR), NOW),
                        "service 'billing' is not declared in region 'eu-west'"),
                Arguments.of("already expired", new PutFault(fault("f", PAYMENTS, NOW), NOW), "would expire before it is written"),
                Arguments.of("more than a day ahead", new PutFault(fault("f", PAYMENTS, NOW + 24 * HOUR + 1), NOW),
                        "expected: at most 24 h"),
                Arguments.of("remove of an unknown fault", new RemoveFault("nope"), "region 'eu-west' has no fault 'nope'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedFaultCommandsChangeNothing(String name, RegionCommand command, String reason) {
        RegionState before = configured();

        assertThat(CHECK.reject(before, command)).hasValueSatisfying(r -> assertThat(r).contains(reason));
        assertThat(step(before, command)).isEqualTo(before.at(1, before.appliedIndex() + 1));
    }

    @Test
    void exactlyADayAheadIsAllowed() {
        assertThat(CHECK.reject(configured(), new PutFault(fault("f", PAYMENTS, NOW + 24 * HOUR), NOW))).isEmpty();
    }

    static Stream<Arguments> invalidFaults() {
        return Stream.of(
                Arguments.of((Runnable) () -> new Fault("Not_A_Label", PAYMENTS, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of(new Fault.Abort(503, 1)), NOW), "is not a DNS label"),
                Arguments.of((Runnable) () -> new Fault("f", PAYMENTS, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), NOW), "neither a delay nor an abort"),
                Arguments.of((Runnable) () -> new Fault("f", PAYMENTS, Optional.of("api"), Optional.empty(),
                        Optional.empty(), Optional.of(new Fault.Abort(503, 1)), NOW), "is not a path prefix"),
                Arguments.of((Runnable) () -> new Fault("f", PAYMENTS, Optional.empty(), Optional.of("get"),
                        Optional.empty(), Optional.of(new Fault.Abort(503, 1)), NOW), "is not an HTTP method"),
                Arguments.of((Runnable) () -> new Fault.Abort(200, 1), "abort status 200 is out of range (expected: 400-599)"),
                Arguments.of((Runnable) () -> new Fault.Abort(503, 101), "abort percent 101 is out of range (expected: 0-100)"),
                Arguments.of((Runnable) () -> new Fault.Delay(Duration.ZERO, 1), "delay 0 ms is out of range"),
                Arguments.of((Runnable) () -> new Fault.Delay(Duration.ofMillis(5), -1), "delay percent -1 is out of range"));
    }

    @ParameterizedTest
    @MethodSource("invalidFaults")
    void faultValuesAreCheckedWhenTheyAreMade(Runnable make, String message) {
        assertThatThrownBy(make::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void aFaultMatchesByMethodAndPathPrefix() {
        Fault f = fault("f", PAYMENTS, NOW + HOUR);
        Fault anyCall = new Fault("g", PAYMENTS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new Fault.Abort(500, 100)), NOW + HOUR);

        assertThat(f.matches("GET", "/api/orders")).isTrue();
        assertThat(f.matches("GET", "/apix")).isTrue();
        assertThat(f.matches("POST", "/api/orders")).isFalse();
        assertThat(f.matches("GET", "/other")).isFalse();
        assertThat(anyCall.matches("DELETE", "/")).isTrue();
    }
}

package dev.strait.gateway.drill.report;

import static dev.strait.gateway.drill.report.Calls.EU_WEST;
import static dev.strait.gateway.drill.report.Calls.US_EAST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.drill.load.CallResult;
import dev.strait.gateway.drill.scenario.Expectation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExpectationJudgeTest {
    // Failover: errors from 5 s to 5.3 s (30 calls of 2000, 1.5%; 30 of the outage phase's 1500, 2%), us-east from 5.3 s to 12 s.
    private static final List<CallResult> FAILOVER = Calls.failover(5_300, 12_000);

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("error rate overall holds", new Expectation.MaxErrorRate(Optional.empty(), 0.02), FAILOVER,
                        true, "1.5%", OptionalLong.empty(), "max-error-rate: 1.5% ≤ 2%"),
                Arguments.of("error rate in the outage breaks", new Expectation.MaxErrorRate(Optional.of("outage"), 0.01), FAILOVER,
                        false, "2%", OptionalLong.of(5_000), "max-error-rate in phase outage: 2% > 1% (first failing bucket at 5 s)"),
                Arguments.of("error rate breaks at the first bad bucket", new Expectation.MaxErrorRate(Optional.empty(), 0.01),
                        Calls.failover(5_300, 12_000).stream().map(c -> c.startNanos() >= 12_250 * Calls.MS && c.startNanos() < 12_500 * Calls.MS
                                ? Calls.error(c.startNanos() / Calls.MS) : c).toList(),
                        false, "2.75%", OptionalLong.of(5_000), "max-error-rate: 2.75% > 1% (first failing bucket at 5 s)"),
                Arguments.of("error rate of the baseline holds", new Expectation.MaxErrorRate(Optional.of("baseline"), 0), FAILOVER,
                        true, "0%", OptionalLong.empty(), "max-error-rate in phase baseline: 0% ≤ 0%"),
                Arguments.of("unknown phase", new Expectation.MaxErrorRate(Optional.of("outgae"), 0.5), FAILOVER,
                        false, "unknown phase", OptionalLong.empty(),
                        "max-error-rate in phase outgae: unknown phase 'outgae' (expected: one of baseline, outage)"),
                Arguments.of("traffic moves away in time", new Expectation.TrafficMovesAway("outage", EU_WEST, Duration.ofSeconds(1)), FAILOVER,
                        true, "moved after 0.3 s", OptionalLong.empty(), "traffic-moves-away from eu-west after outage: moved after 0.3 s ≤ 1 s"),
                Arguments.of("traffic moves away late", new Expectation.TrafficMovesAway("outage", EU_WEST, Duration.ofMillis(200)), FAILOVER,
                        false, "moved after 0.3 s", OptionalLong.of(5_200),
                        "traffic-moves-away from eu-west after outage: moved after 0.3 s > 0.2 s (deadline passed at 5.2 s)"),
                Arguments.of("traffic flaps back", new Expectation.TrafficMovesAway("outage", EU_WEST, Duration.ofSeconds(1)),
                        FAILOVER.stream().map(c -> c.startNanos() == 7_000 * Calls.MS ? Calls.ok(7_000, EU_WEST, 20) : c).toList(),
                        false, "moved after 0.3 s, then served by eu-west again", OptionalLong.of(7_000),
                        "traffic-moves-away from eu-west after outage: a call due at 7 s was served by eu-west again (broke at 7 s)"),
                Arguments.of("traffic never moves", new Expectation.TrafficMovesAway("outage", EU_WEST, Duration.ofSeconds(1)),
                        Calls.every10ms(ms -> ms < 5_000 ? Calls.ok(ms, EU_WEST, 20) : Calls.error(ms)),
                        false, "no call served elsewhere", OptionalLong.of(6_000),
                        "traffic-moves-away from eu-west after outage: no call was served by another region during the step (deadline passed at 6 s)"),
                Arguments.of("traffic returns in time", new Expectation.TrafficReturns("outage", EU_WEST, Duration.ofSeconds(5)), FAILOVER,
                        true, "returned after 2 s", OptionalLong.empty(), "traffic-returns to eu-west after outage: returned after 2 s ≤ 5 s"),
                Arguments.of("traffic returns late", new Expectation.TrafficReturns("outage", EU_WEST, Duration.ofSeconds(1)), FAILOVER,
                        false, "returned after 2 s", OptionalLong.of(11_000),
                        "traffic-returns to eu-west after outage: returned after 2 s > 1 s (deadline passed at 11 s)"),
                Arguments.of("traffic never returns", new Expectation.TrafficReturns("outage", EU_WEST, Duration.ofSeconds(1)),
                        Calls.failover(5_300, 30_000), false, "never returned", OptionalLong.of(11_000),
                        "traffic-returns to eu-west after outage: no call was served by eu-west after the step ended (deadline passed at 11 s)"),
                Arguments.of("latency holds", new Expectation.Latency(Optional.of("baseline"), 99, Duration.ofMillis(50)), FAILOVER,
                        true, "20 ms", OptionalLong.empty(), "latency p99 in phase baseline: 20 ms ≤ 50 ms"),
                Arguments.of("latency breaks when traffic crosses regions", new Expectation.Latency(Optional.empty(), 50, Duration.ofMillis(50)),
                        Calls.failover(5_300, 16_000), false, "80 ms", OptionalLong.of(5_250),
                        "latency p50: 80 ms > 50 ms (first failing bucket at 5.25 s)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verdicts")
    void judges(String name, Expectation expectation, List<CallResult> calls, boolean passed, String measured,
            OptionalLong failedAtMillis, String sentence) {
        Verdict verdict = ExpectationJudge.judge(expectation, Calls.scenario(List.of(expectation)), calls, Optional.empty());

        assertThat(verdict.passed()).as(verdict.sentence()).isEqualTo(passed);
        assertThat(verdict.measured()).isEqualTo(measured);
        assertThat(verdict.failedAtMillis()).isEqualTo(failedAtMillis);
        assertThat(verdict.sentence()).isEqualTo(sentence);
    }

    @ParameterizedTest(name = "committed state: {0}")
    @MethodSource("committedStates")
    void committedStateIsTheRunnersVerdict(String name, Optional<Verdict> given, boolean passed) {
        var expectation = new Expectation.NoCommittedStateLost();

        List<Verdict> verdicts = ExpectationJudge.judge(Calls.scenario(List.of(expectation)), FAILOVER, given);

        assertThat(verdicts).singleElement().satisfies(v -> {
            assertThat(v.passed()).isEqualTo(passed);
            assertThat(v.expectation()).isEqualTo("no-committed-state-lost");
        });
    }

    static Stream<Arguments> committedStates() {
        return Stream.of(
                Arguments.of("kept", Optional.of(Verdict.committedState(true, "3 of 3 registrations present")), true),
                Arguments.of("lost", Optional.of(Verdict.committedState(false, "registration payments-7 missing")), false),
                Arguments.of("not checked", Optional.empty(), false));
    }

    @ParameterizedTest(name = "not sent counts as failed: {0}")
    @MethodSource("notSent")
    void callsNotSentCountAsFailures(String name, double max, boolean passed) {
        List<CallResult> calls = Calls.every10ms(ms -> ms % 100 == 0 ? CallResult.notSent("payments", ms * Calls.MS) : Calls.ok(ms, US_EAST, 10));
        var expectation = new Expectation.MaxErrorRate(Optional.empty(), max);

        Verdict verdict = ExpectationJudge.judge(expectation, Calls.scenario(List.of(expectation)), calls, Optional.empty());

        assertThat(verdict.passed()).isEqualTo(passed);
        assertThat(verdict.measured()).isEqualTo("10%");
    }

    static Stream<Arguments> notSent() {
        return Stream.of(Arguments.of("under the bound", 0.1, true), Arguments.of("over the bound", 0.05, false));
    }
}

package dev.strait.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The federation settings check themselves, and state the bound of probing that docs/failover.md derives. */
class FederationTuningTest {
    private static final Duration MS_150 = Duration.ofMillis(150);
    private static final Duration MS_200 = Duration.ofMillis(200);
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void theDefaultsStopRoutingToADarkRegionWithin550Milliseconds() {
        FederationTuning defaults = FederationTuning.DEFAULTS;

        assertThat(defaults).isEqualTo(new FederationTuning(ONE_SECOND, FIVE_SECONDS, MS_200, MS_150, 2, FIVE_SECONDS));
        assertThat(defaults.probeBound()).isEqualTo(Duration.ofMillis(550));
    }

    @Test
    void theBoundGrowsLinearlyWithIntervalAndThreshold() {
        FederationTuning tuning = new FederationTuning(ONE_SECOND, FIVE_SECONDS, ONE_SECOND, Duration.ofMillis(400), 3, Duration.ZERO);

        assertThat(tuning.probeBound()).isEqualTo(Duration.ofMillis(3_400));
    }

    @Test
    void theOlderRegionConstructorsTakeTheDefaults() {
        RegionName usEast = RegionName.of("us-east");
        RaftTuning raft = new RaftTuning(ONE_SECOND, Duration.ofSeconds(3), 1, 0, ONE_SECOND);

        assertThat(new RegionConfig(usEast, List.of(), List.of(), List.of()).federation()).isEqualTo(FederationTuning.DEFAULTS);
        RegionConfig withRaft = new RegionConfig(usEast, List.of(), List.of(), List.of(), raft);
        assertThat(withRaft.raft()).isEqualTo(raft);
        assertThat(withRaft.federation()).isEqualTo(FederationTuning.DEFAULTS);
    }

    @Test
    void codeMayBuildTighterTimingsThanTheConfigAllows() {
        Duration tenMillis = Duration.ofMillis(10);

        assertThat(new FederationTuning(tenMillis, Duration.ofMillis(25), Duration.ofMillis(5), Duration.ofMillis(2), 20,
                Duration.ZERO).probeBound()).isEqualTo(Duration.ofMillis(102));
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(Duration.ZERO, FIVE_SECONDS, MS_200, MS_150, 2, FIVE_SECONDS));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(ONE_SECOND, Duration.ofSeconds(2), MS_200, MS_150, 2, FIVE_SECONDS));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(ONE_SECOND, FIVE_SECONDS, MS_200, Duration.ZERO, 2, FIVE_SECONDS));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(ONE_SECOND, FIVE_SECONDS, MS_200, MS_200, 2, FIVE_SECONDS));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(ONE_SECOND, FIVE_SECONDS, MS_200, MS_150, 0, FIVE_SECONDS));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new FederationTuning(ONE_SECOND, FIVE_SECONDS, MS_200, MS_150, 2, Duration.ofMillis(-1)));
    }
}

package dev.strait.federation.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.Health;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HealthTrackerTest {
    /**
     * Each row: the replicated health it starts from, thresholds (healthy, unhealthy), the results
     * as {@code +} (passed) and {@code -} (failed), and what each result returned ({@code .} for no
     * transition, {@code H} HEALTHY, {@code U} UNHEALTHY).
     */
    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("unknown turns healthy after the healthy threshold", Health.UNKNOWN, 2, 3, "++++", ".H.."),
                Arguments.of("unknown turns unhealthy after the unhealthy threshold", Health.UNKNOWN, 2, 3, "----", "..U."),
                Arguments.of("a success resets the failures", Health.HEALTHY, 2, 3, "--+---", ".....U"),
                Arguments.of("a failure resets the successes", Health.UNHEALTHY, 2, 3, "+-++", "...H"),
                Arguments.of("healthy stays healthy on successes", Health.HEALTHY, 2, 3, "+++", "..."),
                Arguments.of("unhealthy stays unhealthy on failures", Health.UNHEALTHY, 2, 3, "----", "...."),
                Arguments.of("thresholds of one flip at once", Health.HEALTHY, 1, 1, "-+-+", "UHUH"),
                Arguments.of("flapping below both thresholds changes nothing", Health.HEALTHY, 2, 2, "-+-+-+", "......"),
                Arguments.of("recovery after going unhealthy", Health.UNKNOWN, 2, 2, "--++", ".U.H"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void transitions(String name, Health initial, int healthyThreshold, int unhealthyThreshold, String results, String expected) {
        var tracker = new HealthTracker(initial, healthyThreshold, unhealthyThreshold);

        List<String> returned = new ArrayList<>();
        for (char result : results.toCharArray()) {
            returned.add(code(tracker.record(result == '+')));
        }

        assertThat(String.join("", returned)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void healthIsTheLastTransitionOrTheStart(String name, Health initial, int healthyThreshold, int unhealthyThreshold,
            String results, String expected) {
        var tracker = new HealthTracker(initial, healthyThreshold, unhealthyThreshold);
        for (char result : results.toCharArray()) {
            tracker.record(result == '+');
        }

        String last = expected.replace(".", "");
        Health health = last.isEmpty() ? initial : last.endsWith("H") ? Health.HEALTHY : Health.UNHEALTHY;
        assertThat(tracker.health()).isEqualTo(health);
        assertThat(tracker.observed()).isEqualTo(!last.isEmpty());
    }

    @org.junit.jupiter.api.Test
    void adoptedHealthMovesAgainOnTheNextResultThatCompletesAThreshold() {
        var tracker = new HealthTracker(Health.UNKNOWN, 2, 2);
        tracker.record(false);
        tracker.record(false);

        tracker.adopt(Health.HEALTHY);

        assertThat(tracker.observed()).isFalse();
        assertThat(tracker.record(false)).contains(Health.UNHEALTHY);
        assertThat(tracker.observed()).isTrue();
    }

    private static String code(Optional<Health> transition) {
        return transition.map(h -> h == Health.HEALTHY ? "H" : "U").orElse(".");
    }
}

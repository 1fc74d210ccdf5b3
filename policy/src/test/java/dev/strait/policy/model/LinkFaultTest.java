package dev.strait.policy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The values a fault on the link to another region may hold, and the message each refusal gives. */
class LinkFaultTest {
    private static final RegionName EAST = RegionName.of("us-east");
    private static final Optional<Fault.Delay> DELAY = Optional.of(new Fault.Delay(Duration.ofMillis(200), 100));
    private static final Optional<Fault.Abort> ABORT = Optional.of(new Fault.Abort(503, 50));

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((Runnable) () -> new LinkFault("Not_A_Label", EAST, true, Optional.empty(), Optional.empty(), 1),
                        "fault id 'Not_A_Label' is not a DNS label"),
                Arguments.of((Runnable) () -> new LinkFault("f", EAST, true, DELAY, Optional.empty(), 1),
                        "fault 'f' partitions region 'us-east' and also has a delay (expected: a partition alone"),
                Arguments.of((Runnable) () -> new LinkFault("f", EAST, true, Optional.empty(), ABORT, 1),
                        "partitions region 'us-east' and also has an abort"),
                Arguments.of((Runnable) () -> new LinkFault("f", EAST, false, Optional.empty(), Optional.empty(), 1),
                        "has neither a partition, a delay nor an abort"),
                Arguments.of((Runnable) () -> LinkFault.partition("f", EAST, 0), "fault 'f' has no expiry"),
                Arguments.of((Runnable) () -> new LinkFault("f", null, true, Optional.empty(), Optional.empty(), 1), "peer"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void valuesAreCheckedWhenAFaultIsMade(Runnable make, String message) {
        assertThatThrownBy(make::run).hasMessageContaining(message);
    }

    @Test
    void aDelayAndAnAbortMayGoTogetherAndTheFaultAppliesUntilItExpires() {
        LinkFault fault = new LinkFault("slow", EAST, false, DELAY, ABORT, 1_000);

        assertThat(fault.activeAt(999)).isTrue();
        assertThat(fault.activeAt(1_000)).isFalse();
    }
}

package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures a call is retried on, and how long it waits before each retry. */
class RetryRulesTest {

    private static RetryRules on(String conditions, Integer... statuses) {
        Set<RetryOn> on = Arrays.stream(conditions.split(",")).map(name -> RetryOn.parse(name).orElseThrow())
                .collect(Collectors.toSet());
        return new RetryRules(3, on, Set.of(statuses), Backoff.NONE);
    }

    @ParameterizedTest(name = "{0} retries {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            5xx                      | 500 | true
            5xx                      | 503 | true
            5xx                      | 599 | true
            5xx                      | 499 | false
            5xx                      | 409 | false
            gateway-error            | 501 | false
            gateway-error            | 502 | true
            gateway-error            | 503 | true
            gateway-error            | 504 | true
            gateway-error            | 505 | false
            gateway-error            | 500 | false
            connect-failure,refused,reset | 503 | false
            retriable-status         | 409 | true
            retriable-status         | 410 | false
            retriable-status         | 503 | false
            retriable-status,gateway-error | 503 | true
            """)
    void retriesStatusesByCondition(String conditions, int status, boolean expected) {
        RetryRules rules = conditions.contains("retriable-status") ? on(conditions, 409) : on(conditions);

        assertThat(rules.retriesStatus(status)).isEqualTo(expected);
    }

    @Test
    void theDefaultRetriesFailuresBeforeTheUpstreamActedOnlyAndAtOnce() {
        assertThat(RetryRules.DEFAULT.attempts()).isEqualTo(3);
        assertThat(Arrays.stream(RetryOn.values()).filter(RetryRules.DEFAULT::retriesOn))
                .containsExactlyInAnyOrder(RetryOn.CONNECT_FAILURE, RetryOn.REFUSED, RetryOn.RESET);
        assertThat(RetryRules.DEFAULT.retriesStatus(503)).isFalse();
        assertThat(RetryRules.DEFAULT.backoff()).isEqualTo(Backoff.NONE);
    }

    @Test
    void parsesEveryConfigSpellingBack() {
        for (RetryOn condition : RetryOn.values()) {
            assertThat(RetryOn.parse(condition.configName())).contains(condition);
        }
        assertThat(RetryOn.parse("5xx")).contains(RetryOn.SERVER_ERROR);
        assertThat(RetryOn.parse("Reset")).isEmpty();
        assertThat(RetryOn.parse("SERVER_ERROR")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            attempts 0       | attempts 0 is out of range (expected: 1-10, the first attempt included)
            attempts 11      | attempts 11 is out of range (expected: 1-10, the first attempt included)
            status 99        | status 99 is out of range (expected: 100-599)
            status 600       | status 600 is out of range (expected: 100-599)
            no statuses      | retries on retriable-status but lists no statuses (expected: statuses such as [409])
            no condition     | lists statuses [409] but does not retry on retriable-status (expected: retriable-status in 'on', or no statuses)
            """)
    void refusesInconsistentRules(String what, String message) {
        assertThatThrownBy(() -> {
            switch (what) {
                case "attempts 0" -> new RetryRules(0, Set.of(), Set.of(), Backoff.NONE);
                case "attempts 11" -> new RetryRules(11, Set.of(), Set.of(), Backoff.NONE);
                case "status 99" -> new RetryRules(2, Set.of(RetryOn.RETRIABLE_STATUS), Set.of(99), Backoff.NONE);
                case "status 600" -> new RetryRules(2, Set.of(RetryOn.RETRIABLE_STATUS), Set.of(600), Backoff.NONE);
                case "no statuses" -> new RetryRules(2, Set.of(RetryOn.RETRIABLE_STATUS), Set.of(), Backoff.NONE);
                case "no condition" -> new RetryRules(2, Set.of(RetryOn.RESET), Set.of(409), Backoff.NONE);
                default -> throw new AssertionError(what);
            }
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "retry {0}: at most {1} ms")
    @CsvSource(textBlock = """
            1, 25
            2, 50
            3, 100
            4, 200
            5, 250
            9, 250
            70, 250
            """)
    void waitsAtMostTheExponentialCapWithFullJitter(int retry, long capMillis) {
        Backoff backoff = new Backoff(Duration.ofMillis(25), Duration.ofMillis(250));
        Duration cap = Duration.ofMillis(capMillis);

        // A generator at either end of its range gives the bounds exactly.
        assertThat(backoff.delay(retry, new Fixed(true))).isEqualTo(cap);
        assertThat(backoff.delay(retry, new Fixed(false))).isEqualTo(Duration.ZERO);
        // A real one stays within them and spreads over them.
        RandomGenerator random = new SplittableRandom(42);
        Duration shortest = cap;
        Duration longest = Duration.ZERO;
        for (int i = 0; i < 1000; i++) {
            Duration delay = backoff.delay(retry, random);
            assertThat(delay).isBetween(Duration.ZERO, cap);
            shortest = delay.compareTo(shortest) < 0 ? delay : shortest;
            longest = delay.compareTo(longest) > 0 ? delay : longest;
        }
        assertThat(shortest).isLessThan(cap.dividedBy(10));
        assertThat(longest).isGreaterThan(cap.multipliedBy(9).dividedBy(10));
    }

    @Test
    void noBackoffRetriesAtOnce() {
        assertThat(Backoff.NONE.delay(1, new Fixed(true))).isEqualTo(Duration.ZERO);
        assertThat(Backoff.NONE.delay(9, new SplittableRandom(1))).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Backoff.NONE.delay(0, new SplittableRandom(1)))
                .hasMessage("retry 0 is out of range (expected: 1 or more)");
    }

    @ParameterizedTest(name = "base {0} ms, max {1} ms")
    @CsvSource(delimiter = '|', textBlock = """
            0       | 0       | backoff base 0 ms is not positive (expected: a duration greater than 0, such as 25ms)
            -5      | 100     | backoff base -5 ms is not positive (expected: a duration greater than 0, such as 25ms)
            100     | 50      | backoff max 50 ms is shorter than its base 100 ms (expected: at least the base)
            100     | 3600001 | backoff max 3600001 ms is too long (expected: at most 3600000 ms)
            """)
    void refusesBackoffsThatAreNotPositiveOrNotOrdered(long base, long max, String message) {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(base), Duration.ofMillis(max)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    /** Answers the lowest or the highest value of every bounded request. */
    private record Fixed(boolean highest) implements RandomGenerator {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
            return highest ? bound - 1 : 0;
        }
    }
}

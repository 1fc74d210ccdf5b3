package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private final AtomicLong now = new AtomicLong(123_456_789_000L);
    private final RetryBudget budget = new RetryBudget(WINDOW, 0.2, 10, now::get);

    @Test
    void withoutTrafficTheReserveOfTenASecondOverTheWindowIsAllowed() {
        assertThat(retriesAllowed(1000)).isEqualTo(100);
    }

    @Test
    void retriesMayAddTwentyPercentOfFirstAttemptsOnTopOfTheReserve() {
        for (int i = 0; i < 1000; i++) {
            budget.firstAttempt();
        }

        assertThat(retriesAllowed(1000)).isEqualTo(200 + 100);
    }

    @Test
    void firstAttemptsKeepEarningRetriesAsTheyCome() {
        assertThat(retriesAllowed(1000)).isEqualTo(100);
        for (int i = 0; i < 50; i++) {
            budget.firstAttempt();
        }

        assertThat(retriesAllowed(1000)).isEqualTo(10);
    }

    @Test
    void attemptsOlderThanTheWindowNoLongerCount() {
        for (int i = 0; i < 500; i++) {
            budget.firstAttempt();
        }
        assertThat(retriesAllowed(1000)).isEqualTo(100 + 100);

        now.addAndGet(WINDOW.plusSeconds(1).toNanos());

        assertThat(retriesAllowed(1000)).as("after the window: the spent retries and the earned ones are gone").isEqualTo(100);
    }

    @Test
    void theWindowSlidesASlotAtATime() {
        // 50 retries spent early in the window, 50 in its second half.
        assertThat(retriesAllowed(50)).isEqualTo(50);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(retriesAllowed(50)).isEqualTo(50);
        assertThat(retriesAllowed(1)).isZero();

        // 6 s later the early ones are out of the window, the later ones still in it.
        now.addAndGet(Duration.ofSeconds(6).toNanos());

        assertThat(retriesAllowed(1000)).isEqualTo(50);
    }

    @Test
    void withNoRatioAndNoReserveNothingIsRetried() {
        RetryBudget none = new RetryBudget(WINDOW, 0, 0, now::get);
        for (int i = 0; i < 100; i++) {
            none.firstAttempt();
        }

        assertThat(none.tryRetry()).isFalse();
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThatThrownBy(() -> new RetryBudget(Duration.ofMillis(1), 0.2, 10, now::get)).hasMessageContaining("too short");
        assertThatThrownBy(() -> new RetryBudget(WINDOW, -0.1, 10, now::get)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new RetryBudget(WINDOW, Double.NaN, 10, now::get)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> new RetryBudget(WINDOW, 0.2, -1, now::get)).hasMessageContaining("minRetriesPerSecond");
    }

    /** Takes up to {@code at most} retries now; returns how many the budget allowed. */
    private int retriesAllowed(int atMost) {
        int allowed = 0;
        while (allowed < atMost && budget.tryRetry()) {
            allowed++;
        }
        return allowed;
    }
}

package dev.strait.gateway.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The drain's states and the order in which it takes a node out of service. */
class DrainTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final Drain drain = new Drain("west-n1", TIMEOUT, Clock.fixed(NOW, ZoneOffset.UTC));
    private final RecordedSteps steps = new RecordedSteps();

    @Test
    void aNodeServesUntilTheDrainBegins() {
        drain.attach(steps);

        assertThat(drain.status()).isEqualTo(DrainStatus.SERVING);
        assertThat(drain.begun()).isFalse();
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void beginningStopsTakingCallsBeforeItAnswersThenWaitsForCallsThenCloses() throws Exception {
        drain.attach(steps);

        DrainStatus status = drain.begin();

        assertThat(status).isEqualTo(new DrainStatus(DrainStatus.Phase.DRAINING, Optional.of(NOW.plus(TIMEOUT))));
        assertThat(drain.begun()).isTrue();
        assertThat(steps.calls).first().isEqualTo("stop taking calls");
        steps.callsFinished.countDown();
        assertThat(drain.awaitClosed(DEADLINE)).isTrue();
        // The fixed clock never moves: the whole timeout is left for calls in flight.
        assertThat(steps.calls).containsExactly("stop taking calls", "await calls for PT30S", "close");
        assertThat(drain.status()).isEqualTo(new DrainStatus(DrainStatus.Phase.CLOSED, Optional.of(NOW.plus(TIMEOUT))));
    }

    @Test
    void beginningAgainChangesNothing() throws Exception {
        drain.attach(steps);
        DrainStatus first = drain.begin();

        DrainStatus second = drain.begin();
        steps.callsFinished.countDown();
        assertThat(drain.awaitClosed(DEADLINE)).isTrue();
        DrainStatus afterClosing = drain.begin();

        assertThat(second).isEqualTo(first);
        assertThat(afterClosing.phase()).isEqualTo(DrainStatus.Phase.CLOSED);
        assertThat(afterClosing.deadline()).isEqualTo(first.deadline());
        assertThat(steps.calls).containsExactly("stop taking calls", "await calls for PT30S", "close");
    }

    @Test
    void aNodeIsClosedEvenWhenCallsAreStillInFlightAtTheDeadline() throws Exception {
        steps.callsFinishInTime = false;
        drain.attach(steps);

        drain.begin();
        steps.callsFinished.countDown();

        assertThat(drain.awaitClosed(DEADLINE)).isTrue();
        assertThat(steps.calls).containsExactly("stop taking calls", "await calls for PT30S", "close");
    }

    @Test
    void aDrainBegunBeforeTheNodeIsUpRunsOnceItIs() throws Exception {
        drain.begin();
        assertThat(drain.begun()).isTrue();
        assertThat(drain.awaitClosed(Duration.ZERO)).isFalse();

        steps.callsFinished.countDown();
        drain.attach(steps);

        assertThat(drain.awaitClosed(DEADLINE)).isTrue();
        assertThat(steps.calls).containsExactly("stop taking calls", "await calls for PT30S", "close");
    }

    @Test
    void aNodeClosedWithoutDrainingCountsAsClosed() throws Exception {
        drain.attach(steps);

        drain.closed();

        assertThat(drain.awaitClosed(Duration.ZERO)).isTrue();
        assertThat(drain.status().phase()).isEqualTo(DrainStatus.Phase.CLOSED);
        assertThat(steps.calls).isEmpty();
    }

    @Test
    void aNegativeTimeoutIsRefused() {
        assertThatThrownBy(() -> new Drain("west-n1", Duration.ofSeconds(-1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: zero or more)");
    }

    @Test
    void aDrainStatusHasADeadlineExactlyOnceBegun() {
        assertThatThrownBy(() -> new DrainStatus(DrainStatus.Phase.DRAINING, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrainStatus(DrainStatus.Phase.SERVING, Optional.of(NOW)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Records what the drain asked for; calls in flight "finish" when the test says so. */
    private static final class RecordedSteps implements Drain.Steps {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch callsFinished = new CountDownLatch(1);
        volatile boolean callsFinishInTime = true;

        @Override
        public void stopTakingCalls() {
            calls.add("stop taking calls");
        }

        @Override
        public boolean awaitCallsFinished(Duration within) throws InterruptedException {
            calls.add("await calls for " + within);
            callsFinished.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            return callsFinishInTime;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}

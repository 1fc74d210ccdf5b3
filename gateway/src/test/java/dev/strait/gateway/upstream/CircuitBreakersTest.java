package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CircuitBreakersTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName ORDERS = ServiceName.of("orders");
    private static final HostPort TARGET = new HostPort("127.0.0.1", 9001);
    private static final HostPort OTHER_TARGET = new HostPort("127.0.0.1", 9002);
    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration LONG_WAIT = Duration.ofMinutes(5);
    // Only so that a broken gate fails the test instead of hanging it; nothing is timed.
    private static final long SAFETY_SECONDS = 30;

    private final CircuitBreakers breakers = new CircuitBreakers();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<CircuitBreakers.Permit> held = new ArrayList<>();

    @AfterEach
    void stopWaitingCalls() {
        threads.shutdownNow();
        held.forEach(CircuitBreakers.Permit::close);
    }

    @ParameterizedTest(name = "maxConnections {0}, maxRequests {1}, multiplexed {2}: {3} at once, bound by {4}")
    @CsvSource({
            "2, 5, false, 2, 'maxConnections, one per HTTP/1.1 call'",
            "2, 5, true,  5, maxRequests",
            "5, 2, false, 2, maxRequests",
            "5, 2, true,  2, maxRequests",
            "3, 3, false, 3, maxRequests",
    })
    void admitsAsManyCallsAtOnceAsTheProtocolAllows(int maxConnections, int maxRequests, boolean multiplexed,
            int atOnce, String limitName) throws Exception {
        CircuitBreaker limits = new CircuitBreaker(maxConnections, 10, maxRequests);

        for (int call = 0; call < atOnce; call++) {
            hold(breakers.admit(PAYMENTS, TARGET, limits, multiplexed, NO_WAIT));
        }

        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(atOnce);
        assertThatThrownBy(() -> breakers.admit(PAYMENTS, TARGET, limits, multiplexed, NO_WAIT))
                .isInstanceOf(CircuitBreakers.Overloaded.class)
                .hasMessage("payments at 127.0.0.1:9001 has " + atOnce + " active requests (" + limitName
                        + ") and the call may not wait for one to end");
        assertThat(breakers.active(PAYMENTS, TARGET)).as("a refused call holds nothing").isEqualTo(atOnce);
    }

    @Test
    void aCallBeyondTheLimitWaitsAndGetsTheSlotAnotherCallFrees() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 2);
        CircuitBreakers.Permit first = hold(admit(limits));
        hold(admit(limits));

        Future<CircuitBreakers.Permit> third = threads.submit(() -> admit(limits, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);
        assertThat(third).isNotDone();

        first.close();

        hold(third.get(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(2);
        assertThat(breakers.waiting(PAYMENTS, TARGET)).isZero();
    }

    @Test
    void waitingCallsGetSlotsInArrivalOrder() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 1);
        CircuitBreakers.Permit busy = hold(admit(limits));
        Future<CircuitBreakers.Permit> early = threads.submit(() -> admit(limits, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);
        Future<CircuitBreakers.Permit> late = threads.submit(() -> admit(limits, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 2);

        busy.close();

        CircuitBreakers.Permit earlyPermit = hold(early.get(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertThat(late).isNotDone();
        assertThat(breakers.waiting(PAYMENTS, TARGET)).isEqualTo(1);

        earlyPermit.close();

        hold(late.get(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(1);
    }

    @Test
    void aFreedSlotGoesToTheWaitingCallNotToOneArrivingAfterIt() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 1);
        CircuitBreakers.Permit busy = hold(admit(limits));
        Future<CircuitBreakers.Permit> waiting = threads.submit(() -> admit(limits, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);

        busy.close();

        assertThatThrownBy(() -> admit(limits, NO_WAIT)).isInstanceOf(CircuitBreakers.Overloaded.class);
        hold(waiting.get(SAFETY_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aCallFindingTheWaitingRoomFullIsRefusedAtOnce() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 1, 1);
        hold(admit(limits));
        Future<CircuitBreakers.Permit> waiting = threads.submit(() -> admit(limits, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);

        // With LONG_WAIT, only a refusal that does not wait ends this before the safety timeout.
        Future<CircuitBreakers.Permit> overflow = threads.submit(() -> admit(limits, LONG_WAIT));

        assertThatThrownBy(() -> overflow.get(SAFETY_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CircuitBreakers.Overloaded.class)
                .hasMessage("payments at 127.0.0.1:9001 has 1 active requests (maxRequests) and 1 waiting (maxPendingRequests)");
        assertThat(waiting).isNotDone();
        assertThat(breakers.waiting(PAYMENTS, TARGET)).isEqualTo(1);
    }

    @Test
    void aCallThatWaitsLongerThanMaxWaitIsRefusedAndLeavesTheLine() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 1);
        CircuitBreakers.Permit busy = hold(admit(limits));

        assertThatThrownBy(() -> admit(limits, Duration.ofMillis(50)))
                .isInstanceOf(CircuitBreakers.Overloaded.class)
                .hasMessage("payments at 127.0.0.1:9001 has 1 active requests (maxRequests) and none was free after"
                        + " waiting 50 ms (the call's longest wait)");

        assertThat(breakers.waiting(PAYMENTS, TARGET)).isZero();
        busy.close();
        assertThat(breakers.active(PAYMENTS, TARGET)).as("the freed slot was not handed to the call that left").isZero();
        hold(admit(limits));
    }

    @Test
    void anInterruptedWaitingCallLeavesTheLineWithoutASlot() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 1);
        CircuitBreakers.Permit busy = hold(admit(limits));
        CountDownLatch started = new CountDownLatch(1);
        Future<CircuitBreakers.Permit> waiting = threads.submit(() -> {
            started.countDown();
            return admit(limits, LONG_WAIT);
        });
        started.await();
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);

        waiting.cancel(true);

        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 0);
        busy.close();
        assertThat(breakers.active(PAYMENTS, TARGET)).isZero();
    }

    @Test
    void closingAPermitTwiceFreesOneSlot() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(10, 10, 2);
        CircuitBreakers.Permit first = hold(admit(limits));
        hold(admit(limits));

        first.close();
        first.close();

        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(1);
        hold(admit(limits));
        assertThatThrownBy(() -> admit(limits, NO_WAIT)).isInstanceOf(CircuitBreakers.Overloaded.class);
    }

    @Test
    void theNoSlotPermitHoldsNothing() {
        CircuitBreakers.Permit.NONE.close();
        CircuitBreakers.Permit.NONE.close();

        assertThat(breakers.active(PAYMENTS, TARGET)).isZero();
    }

    @Test
    void raisedLimitsAdmitWaitingCallsToo() throws Exception {
        CircuitBreaker one = new CircuitBreaker(10, 10, 1);
        CircuitBreaker three = new CircuitBreaker(10, 10, 3);
        hold(admit(one));
        Future<CircuitBreakers.Permit> waiting = threads.submit(() -> admit(one, LONG_WAIT));
        eventually(() -> breakers.waiting(PAYMENTS, TARGET) == 1);

        hold(admit(three, NO_WAIT));

        hold(waiting.get(SAFETY_SECONDS, TimeUnit.SECONDS));
        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(3);
    }

    @Test
    void loweredLimitsAdmitNothingUntilEnoughCallsEnd() throws Exception {
        CircuitBreaker three = new CircuitBreaker(10, 10, 3);
        CircuitBreaker one = new CircuitBreaker(10, 10, 1);
        CircuitBreakers.Permit a = hold(admit(three));
        CircuitBreakers.Permit b = hold(admit(three));
        hold(admit(three));

        assertThatThrownBy(() -> admit(one, NO_WAIT)).isInstanceOf(CircuitBreakers.Overloaded.class);
        a.close();
        assertThatThrownBy(() -> admit(one, NO_WAIT)).isInstanceOf(CircuitBreakers.Overloaded.class);
        b.close();
        assertThatThrownBy(() -> admit(one, NO_WAIT)).isInstanceOf(CircuitBreakers.Overloaded.class);
        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
            "payments, 9002",
            "orders,   9001",
    })
    void eachServiceAndTargetHasItsOwnLimit(String service, int port) throws Exception {
        CircuitBreaker limits = new CircuitBreaker(1, 1, 1);
        hold(breakers.admit(PAYMENTS, TARGET, limits, false, NO_WAIT));

        hold(breakers.admit(ServiceName.of(service), new HostPort("127.0.0.1", port), limits, false, NO_WAIT));

        assertThat(breakers.active(PAYMENTS, TARGET)).isEqualTo(1);
        assertThat(breakers.active(ORDERS, OTHER_TARGET)).isZero();
    }

    @Test
    void manyConcurrentCallsNeverExceedTheLimitAndAllGetThrough() throws Exception {
        CircuitBreaker limits = new CircuitBreaker(100, 1000, 5);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(threads.submit(() -> {
                start.await();
                try (CircuitBreakers.Permit permit = admit(limits, LONG_WAIT)) {
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.yield();
                    inFlight.decrementAndGet();
                }
                return null;
            }));
        }

        start.countDown();
        for (Future<?> call : calls) {
            call.get(SAFETY_SECONDS, TimeUnit.SECONDS);
        }

        assertThat(mostInFlight.get()).isBetween(1, 5);
        assertThat(breakers.active(PAYMENTS, TARGET)).isZero();
        assertThat(breakers.waiting(PAYMENTS, TARGET)).isZero();
    }

    private CircuitBreakers.Permit admit(CircuitBreaker limits) throws Exception {
        return admit(limits, NO_WAIT);
    }

    private CircuitBreakers.Permit admit(CircuitBreaker limits, Duration maxWait) throws Exception {
        return breakers.admit(PAYMENTS, TARGET, limits, true, maxWait);
    }

    private CircuitBreakers.Permit hold(CircuitBreakers.Permit permit) {
        held.add(permit);
        return permit;
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SAFETY_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("the condition did not hold within " + SAFETY_SECONDS + " s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}

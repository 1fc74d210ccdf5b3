package dev.strait.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final ServiceName ORDERS = ServiceName.of("orders");
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long MILLISECOND = Duration.ofMillis(1).toNanos();
    private static final RateLimit ONE_A_SECOND = new RateLimit(1, 1);

    private final AtomicLong now = new AtomicLong(7_000 * SECOND);
    private final RateLimiter limiter = new RateLimiter(now::get, 1000);

    @ParameterizedTest(name = "{0} calls/s, burst {1}: the call after the burst waits {2} ns")
    @CsvSource({
            "1,       1,   1000000000",
            "10,      5,   100000000",
            "0.5,     3,   2000000000",
            "3,       2,   333333334",
            "1000000, 100, 1000",
    })
    void aFullBucketAdmitsItsBurstThenAnswersHowLongUntilTheNextToken(double perSecond, int burst, long expectedWait) {
        RateLimit limit = new RateLimit(perSecond, burst);

        for (int call = 1; call <= burst; call++) {
            assertThat(acquire("alice", limit)).as("call %d of the burst", call).isZero();
        }

        assertThat(acquire("alice", limit)).isEqualTo(expectedWait);
    }

    @ParameterizedTest(name = "{0} calls/s, burst {1}")
    @CsvSource({
            "1,         1",
            "3,         2",
            "0.7,       4",
            "7777.7,    10",
            "1000000,   1000000",
            "0.001,     1",
            "123.456,   3",
    })
    void aCallMadeWhenTheAnsweredWaitHasPassedIsAdmittedAndNotOneNanosecondEarlier(double perSecond, int burst) {
        RateLimit limit = new RateLimit(perSecond, burst);
        for (int call = 0; call < burst; call++) {
            acquire("alice", limit);
        }
        long wait = acquire("alice", limit);
        assertThat(wait).isPositive();

        now.addAndGet(wait - 1);
        assertThat(acquire("alice", limit)).as("one nanosecond early").isEqualTo(1);

        now.addAndGet(1);
        assertThat(acquire("alice", limit)).as("on time").isZero();
    }

    @Test
    void theAnsweredWaitShrinksAsTimePasses() {
        RateLimit limit = new RateLimit(2, 1);
        acquire("alice", limit);

        assertThat(acquire("alice", limit)).isEqualTo(500 * MILLISECOND);
        now.addAndGet(200 * MILLISECOND);
        assertThat(acquire("alice", limit)).isEqualTo(300 * MILLISECOND);
    }

    @Test
    void aDrainedBucketRefillsAtTheRateButNeverBeyondTheBurst() {
        RateLimit limit = new RateLimit(10, 5);
        assertThat(admitted("alice", limit, 100)).isEqualTo(5);

        now.addAndGet(250 * MILLISECOND);
        assertThat(admitted("alice", limit, 100)).as("2.5 tokens came back in 250 ms").isEqualTo(2);

        now.addAndGet(50 * MILLISECOND);
        assertThat(admitted("alice", limit, 100)).as("the half token left and half a new one make one").isEqualTo(1);

        now.addAndGet(60 * SECOND);
        assertThat(admitted("alice", limit, 100)).as("a long pause refills the burst only").isEqualTo(5);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "payments, 0,  bob",
            "payments, 1,  alice",
            "payments, -1, alice",
            "orders,   0,  alice",
    })
    void eachServiceRouteAndCallerHasItsOwnBucket(String service, int routeIndex, String caller) {
        assertThat(limiter.acquire(PAYMENTS, 0, "alice", ONE_A_SECOND)).isZero();
        assertThat(limiter.acquire(PAYMENTS, 0, "alice", ONE_A_SECOND)).as("alice is out of tokens on route 0").isPositive();

        assertThat(limiter.acquire(ServiceName.of(service), routeIndex, caller, ONE_A_SECOND)).isZero();
        assertThat(limiter.acquire(PAYMENTS, 0, "alice", ONE_A_SECOND)).as("alice is still out of tokens").isPositive();
    }

    @Test
    void aFasterRateTakesEffectAtOnceForADrainedBucket() {
        acquire("alice", ONE_A_SECOND);
        assertThat(acquire("alice", ONE_A_SECOND)).isEqualTo(SECOND);

        assertThat(acquire("alice", new RateLimit(10, 1))).isEqualTo(100 * MILLISECOND);
    }

    @Test
    void aSmallerBurstCapsTheTokensABucketHolds() {
        assertThat(admitted("alice", new RateLimit(1, 10), 1)).isEqualTo(1);

        assertThat(admitted("alice", new RateLimit(1, 2), 100)).as("9 tokens left, capped at the new burst").isEqualTo(2);
    }

    @Test
    void aLargerBurstFillsOverTimeNotAtOnce() {
        RateLimit small = new RateLimit(1, 2);
        RateLimit large = new RateLimit(1, 10);
        assertThat(admitted("alice", small, 100)).isEqualTo(2);

        assertThat(admitted("alice", large, 100)).as("a new config brings no tokens").isZero();

        now.addAndGet(30 * SECOND);
        assertThat(admitted("alice", large, 100)).isEqualTo(10);
    }

    @Test
    void aSlowerRateAppliesToTheTimeAfterTheChangeOnly() {
        RateLimit fast = new RateLimit(10, 10);
        RateLimit slow = new RateLimit(1, 10);
        assertThat(admitted("alice", fast, 100)).isEqualTo(10);
        now.addAndGet(500 * MILLISECOND);

        assertThat(admitted("alice", slow, 1)).as("5 tokens earned at the old rate are kept").isEqualTo(1);
        assertThat(admitted("alice", slow, 100)).isEqualTo(4);
        assertThat(acquire("alice", slow)).isEqualTo(SECOND);
    }

    @Test
    void manyDistinctCallersKeepAtMostMaxBuckets() {
        RateLimiter small = new RateLimiter(now::get, 100);
        RateLimit limit = new RateLimit(1, 5);

        for (int i = 0; i < 10_000; i++) {
            assertThat(small.acquire(PAYMENTS, 0, "caller-" + i, limit)).as("caller-%d's first call", i).isZero();
            assertThat(small.buckets()).isLessThanOrEqualTo(100);
            now.addAndGet(MILLISECOND);
        }
    }

    @Test
    void aCallerWhoKeepsCallingKeepsItsBucketThroughAFloodOfNewCallers() {
        RateLimiter small = new RateLimiter(now::get, 100);
        RateLimit limit = new RateLimit(0.01, 1);
        assertThat(small.acquire(PAYMENTS, 0, "hot", limit)).isZero();

        for (int i = 0; i < 5_000; i++) {
            now.addAndGet(MILLISECOND);
            assertThat(small.acquire(PAYMENTS, 0, "new-" + i, limit)).isZero();
            assertThat(small.acquire(PAYMENTS, 0, "hot", limit)).as("hot after %d new callers", i + 1).isPositive();
        }
        assertThat(small.buckets()).isLessThanOrEqualTo(100);
    }

    @Test
    void fullBucketsAreDroppedBeforeDrainedOnesEvenWhenUsedMoreRecently() {
        RateLimiter small = new RateLimiter(now::get, 3);
        RateLimit slow = new RateLimit(0.001, 1);
        RateLimit fast = new RateLimit(1000, 1);
        assertThat(small.acquire(PAYMENTS, 0, "slow", slow)).isZero();
        now.addAndGet(MILLISECOND);
        small.acquire(PAYMENTS, 1, "fast-1", fast);
        small.acquire(PAYMENTS, 1, "fast-2", fast);
        // The fast buckets are full again; the slow one, the least recently used, is still empty.
        now.addAndGet(SECOND);

        assertThat(small.acquire(PAYMENTS, 0, "newcomer", slow)).isZero();

        assertThat(small.acquire(PAYMENTS, 0, "slow", slow)).as("the drained bucket was kept").isPositive();
        assertThat(small.buckets()).isLessThanOrEqualTo(3);
    }

    @Test
    void whenNoBucketIsFullTheLeastRecentlyUsedIsDropped() {
        RateLimiter small = new RateLimiter(now::get, 3);
        RateLimit slow = new RateLimit(0.001, 1);
        for (String caller : List.of("a", "b", "c")) {
            now.addAndGet(MILLISECOND);
            small.acquire(PAYMENTS, 0, caller, slow);
        }
        now.addAndGet(MILLISECOND);
        assertThat(small.acquire(PAYMENTS, 0, "a", slow)).as("a is refused, and now used after b").isPositive();

        now.addAndGet(MILLISECOND);
        assertThat(small.acquire(PAYMENTS, 0, "d", slow)).isZero();

        assertThat(small.buckets()).isEqualTo(3);
        assertThat(small.acquire(PAYMENTS, 0, "a", slow)).isPositive();
        assertThat(small.acquire(PAYMENTS, 0, "c", slow)).isPositive();
        assertThat(small.acquire(PAYMENTS, 0, "d", slow)).isPositive();
        assertThat(small.acquire(PAYMENTS, 0, "b", slow)).as("b was forgotten and starts from a full bucket").isZero();
    }

    @Test
    void concurrentCallsTakeExactlyTheBurst() throws Exception {
        RateLimit limit = new RateLimit(0.001, 1000);
        AtomicInteger admitted = new AtomicInteger();
        runConcurrently(64, thread -> {
            for (int i = 0; i < 100; i++) {
                if (limiter.acquire(PAYMENTS, 0, "alice", limit) == 0) {
                    admitted.incrementAndGet();
                }
            }
        });

        assertThat(admitted).hasValue(1000);
    }

    @Test
    void concurrentCallersNeverExceedMaxBucketsNorLoseTheBucketOfTheOneThatKeepsCalling() throws Exception {
        RateLimiter small = new RateLimiter(now::get, 50);
        RateLimit limit = new RateLimit(0.001, 1);
        assertThat(small.acquire(PAYMENTS, 0, "hot", limit)).isZero();
        AtomicInteger hotAdmitted = new AtomicInteger();
        runConcurrently(16, thread -> {
            for (int i = 0; i < 500; i++) {
                small.acquire(PAYMENTS, 0, "caller-" + thread + "-" + i, limit);
                if (small.acquire(PAYMENTS, 0, "hot", limit) == 0) {
                    hotAdmitted.incrementAndGet();
                }
                now.incrementAndGet();
            }
        });

        assertThat(small.buckets()).isLessThanOrEqualTo(50);
        assertThat(hotAdmitted).as("hot's drained bucket was never dropped").hasValue(0);
    }

    @Test
    void refusesToKeepNoBuckets() {
        assertThatThrownBy(() -> new RateLimiter(now::get, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate limiter maxBuckets 0 is too small (expected: 1 or more)");
    }

    private long acquire(String caller, RateLimit limit) {
        return limiter.acquire(PAYMENTS, 0, caller, limit);
    }

    private int admitted(String caller, RateLimit limit, int calls) {
        int admitted = 0;
        for (int i = 0; i < calls; i++) {
            if (acquire(caller, limit) == 0) {
                admitted++;
            }
        }
        return admitted;
    }

    private interface Work {
        void run(int thread);
    }

    private static void runConcurrently(int threads, Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(executor.submit(() -> {
                    start.await();
                    work.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        }
    }
}

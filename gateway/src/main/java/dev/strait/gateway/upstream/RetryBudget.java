package dev.strait.gateway.upstream;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Caps how much load retries add (Finagle's and Linkerd's retry budget): a retry is allowed
 * while the retries of the last {@code window} stay under {@code ratio} of the first attempts of
 * the same window, plus a reserve of {@code minRetriesPerSecond} for every second of the window,
 * so a quiet service can always retry a little.
 *
 * <p>It is on the path of every call, so it takes no lock: the window is a ring of ten slots of
 * striped counters, a slot being reset when the clock enters it again. Counts are approximate at
 * the edges: an increment racing a slot's reset may be lost, and retries decided at the same
 * instant may overshoot the budget by how many they are.
 */
final class RetryBudget {
    private static final int SLOTS = 10;
    private static final long NEVER = Long.MIN_VALUE;

    private final long slotNanos;
    private final double ratio;
    private final long reserve;
    private final LongSupplier nanoTime;
    // Which slot of time (nanoTime / slotNanos) each ring position counts now; NEVER before its first use.
    private final AtomicLongArray epochs = new AtomicLongArray(SLOTS);
    private final LongAdder[] firstAttempts = new LongAdder[SLOTS];
    private final LongAdder[] retries = new LongAdder[SLOTS];

    /**
     * @param window              how far back attempts count
     * @param ratio               retries allowed per first attempt, 0.2 for 20 %
     * @param minRetriesPerSecond retries allowed per second of the window whatever the traffic
     * @param nanoTime            the clock, {@code System::nanoTime} outside tests
     */
    RetryBudget(Duration window, double ratio, int minRetriesPerSecond, LongSupplier nanoTime) {
        if (window.compareTo(Duration.ofMillis(SLOTS)) < 0) {
            throw new IllegalArgumentException("retry budget window " + window + " is too short (expected: at least " + SLOTS + " ms)");
        }
        if (!(ratio >= 0)) {
            throw new IllegalArgumentException("retry budget ratio " + ratio + " is invalid (expected: 0 or more, 0.2 for 20 %)");
        }
        if (minRetriesPerSecond < 0) {
            throw new IllegalArgumentException("retry budget minRetriesPerSecond " + minRetriesPerSecond + " is negative (expected: 0 or more)");
        }
        this.slotNanos = window.toNanos() / SLOTS;
        this.ratio = ratio;
        this.reserve = (long) Math.floor(minRetriesPerSecond * (window.toNanos() / 1e9));
        this.nanoTime = nanoTime;
        for (int i = 0; i < SLOTS; i++) {
            epochs.set(i, NEVER);
            firstAttempts[i] = new LongAdder();
            retries[i] = new LongAdder();
        }
    }

    /** Counts a call's first attempt: it earns the budget its share of retries. */
    void firstAttempt() {
        firstAttempts[slot(nanoTime.getAsLong())].increment();
    }

    /** Whether one more retry fits the budget now; when it does, it is counted. */
    boolean tryRetry() {
        long now = nanoTime.getAsLong();
        long epoch = Math.floorDiv(now, slotNanos);
        long allowed = (long) (sum(firstAttempts, epoch) * ratio) + reserve;
        if (sum(retries, epoch) >= allowed) {
            return false;
        }
        retries[slot(now)].increment();
        return true;
    }

    private int slot(long now) {
        long epoch = Math.floorDiv(now, slotNanos);
        int index = (int) Math.floorMod(epoch, SLOTS);
        long seen = epochs.get(index);
        if (seen != epoch && (seen == NEVER || seen < epoch) && epochs.compareAndSet(index, seen, epoch)) {
            // This thread moved the slot to the present: what it counted is older than the window.
            firstAttempts[index].reset();
            retries[index].reset();
        }
        return index;
    }

    private long sum(LongAdder[] counters, long epoch) {
        long total = 0;
        for (int i = 0; i < SLOTS; i++) {
            long seen = epochs.get(i);
            if (seen != NEVER && epoch - seen < SLOTS) {
                total += counters[i].sum();
            }
        }
        return total;
    }
}

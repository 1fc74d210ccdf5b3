package dev.strait.it.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, failing with what was awaited. */
public final class Await {
    private static final long POLL_NANOS = 20_000_000L;

    private Await() {}

    public static void until(String what, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting until " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}

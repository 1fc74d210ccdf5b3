package dev.strait.gateway.drill.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Time since the start of a drill, shared by its loads so their call offsets line up. Tests give
 * it a {@link Ticker} that moves only when the schedule waits.
 */
public final class DrillClock {
    private final Ticker ticker;
    private final long startNanos;

    DrillClock(Ticker ticker) {
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
    }

    /** A clock whose zero is now. */
    public static DrillClock startingNow() {
        return new DrillClock(Ticker.SYSTEM);
    }

    /** Nanoseconds since the start of the drill. */
    public long elapsedNanos() {
        return ticker.nanoTime() - startNanos;
    }

    /** Returns once {@code offsetNanos} from the start has passed (at once if it has). */
    void awaitOffset(long offsetNanos) throws InterruptedException {
        ticker.parkUntil(startNanos + offsetNanos);
    }

    /** A monotonic time source that can also wait for a time. */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void parkUntil(long nanoTime) throws InterruptedException {
                for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while waiting for the next call");
                    }
                }
            }
        };

        long nanoTime();

        void parkUntil(long nanoTime) throws InterruptedException;
    }
}

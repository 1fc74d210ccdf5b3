package dev.strait.gateway.node;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a starting node's local listener closed until the node is warm (it routes by its region's
 * state and holds a fresh catalog of every other region) or the region's {@code
 * localListener.warmUp} has passed, then opens it once. Callers that connect meanwhile are refused
 * at once, and retry or go to another node, instead of being answered {@code 404} for a service
 * the node has not heard of yet.
 */
final class LocalWarmUp implements AutoCloseable {
    // How often the node's state is looked at while it warms up; start-up only, never on the request path.
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(20);
    private static final Logger LOG = LoggerFactory.getLogger(LocalWarmUp.class);

    /** Opens the listener; may fail, which is logged (the node then keeps running without it). */
    @FunctionalInterface
    interface Opener {
        void open() throws Exception;
    }

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    private LocalWarmUp(String name, Duration limit, BooleanSupplier warm, Opener opener) {
        this.thread = Thread.ofVirtual().name(name + "-local-warm-up").unstarted(() -> run(name, limit, warm, opener));
    }

    /** Starts waiting for {@code warm}, at most {@code limit}, then calls {@code opener}; closing stops the wait. */
    static LocalWarmUp start(String name, Duration limit, BooleanSupplier warm, Opener opener) {
        LocalWarmUp warmUp = new LocalWarmUp(name, limit, warm, opener);
        warmUp.thread.start();
        return warmUp;
    }

    private void run(String name, Duration limit, BooleanSupplier warm, Opener opener) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!warm.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("{}: not warm after {} (no leader, config or fresh catalog of every other region yet);"
                            + " opening the local listener anyway", name, limit);
                    break;
                }
                if (closed.await(Math.min(left, CHECK_INTERVAL.toNanos()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
            opener.open();
            LOG.info("{}: local listener open", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("{}: cannot open the local listener: {}", name, e.getMessage(), e);
        }
    }

    /** Whether the wait is over (the listener opened, or opening it failed, or the node closed). */
    boolean done() {
        return !thread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        thread.join(Duration.ofSeconds(5));
    }
}

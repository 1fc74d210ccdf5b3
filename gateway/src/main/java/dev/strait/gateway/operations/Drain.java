package dev.strait.gateway.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a node out of service without failing calls: it stops being ready and stops taking
 * connections at once, lets the calls in flight finish, at most until a deadline ({@code
 * timeout} after the drain began), then closes the node. Beginning twice is beginning once; a
 * drain never stops half-way.
 *
 * <p>The node's parts are given with {@link #attach} once they are running; a drain begun
 * before that (a signal during start-up) runs as soon as they are.
 */
public final class Drain {
    /** What draining does to a node, called in this order, each once. */
    public interface Steps {
        /**
         * Marks the node not ready, stops accepting connections on its call listeners and asks the
         * clients of open connections to go elsewhere (HTTP/2 GOAWAY, HTTP/1.1 {@code Connection:
         * close}). Must not block for long: the drain's answer waits for it.
         */
        void stopTakingCalls();

        /**
         * Waits until the calls in flight have finished, and every client knows which of its calls
         * were served, at most {@code within}; true when they have.
         */
        boolean awaitCallsFinished(Duration within) throws InterruptedException;

        /** Closes the node. */
        void close() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);

    private final String name;
    private final Duration timeout;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile DrainStatus status = DrainStatus.SERVING;
    // Guarded by lock.
    private Steps steps;
    private boolean running;

    /**
     * @param name    the node's name, for the log and the drain thread
     * @param timeout how long calls in flight may take to finish before the node closes anyway
     */
    public Drain(String name, Duration timeout, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("drain timeout " + timeout + " is negative (expected: zero or more)");
        }
    }

    /** How long calls in flight may take to finish. */
    public Duration timeout() {
        return timeout;
    }

    public DrainStatus status() {
        return status;
    }

    /** Whether the drain has begun: from then on the node is not ready, whatever else it says. */
    public boolean begun() {
        return status.begun();
    }

    /** Gives the drain the running node's parts; a drain already begun starts now. */
    public void attach(Steps nodeSteps) {
        lock.lock();
        try {
            if (steps != null) {
                throw new IllegalStateException("the drain of " + name + " already has its node");
            }
            steps = Objects.requireNonNull(nodeSteps, "nodeSteps");
            if (status.begun()) {
                run();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Begins draining, unless it already began; answers the status with the deadline. When this
     * returns, the node is no longer ready and (once attached) takes no new connections.
     */
    public DrainStatus begin() {
        lock.lock();
        try {
            if (!status.begun()) {
                Instant deadline = clock.instant().plus(timeout);
                status = new DrainStatus(DrainStatus.Phase.DRAINING, Optional.of(deadline));
                LOG.info("{}: draining; calls in flight have until {} ({} s) to finish, then the node closes",
                        name, deadline, timeout.toSeconds());
                if (steps != null) {
                    run();
                }
            }
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** The node was closed some other way (without a drain, or by one): nothing is left to drain. */
    public void closed() {
        lock.lock();
        try {
            status = new DrainStatus(DrainStatus.Phase.CLOSED, Optional.of(status.deadline().orElseGet(clock::instant)));
            closed.complete(null);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the node has closed, at most {@code within}; true when it has. */
    public boolean awaitClosed(Duration within) throws InterruptedException {
        try {
            closed.get(Math.max(1, within.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            // Closing failed, and was logged; the node is as closed as it will get.
            return true;
        }
    }

    // Called with the lock held, once both the steps and the beginning are there.
    private void run() {
        if (running) {
            return;
        }
        running = true;
        Steps nodeSteps = steps;
        Instant deadline = status.deadline().orElseThrow();
        nodeSteps.stopTakingCalls();
        Thread.ofPlatform().name(name + "-drain").daemon(false).start(() -> finish(nodeSteps, deadline));
    }

    private void finish(Steps nodeSteps, Instant deadline) {
        try {
            Duration left = Duration.between(clock.instant(), deadline);
            boolean finished = nodeSteps.awaitCallsFinished(left.isNegative() ? Duration.ZERO : left);
            if (finished) {
                LOG.info("{}: drained, no call in flight; closing", name);
            } else {
                LOG.warn("{}: calls still in flight at the drain deadline {}; closing anyway", name, deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for calls in flight; closing", name);
        }
        try {
            nodeSteps.close();
        } catch (Exception e) {
            LOG.warn("{}: error while closing after the drain", name, e);
        } finally {
            closed();
        }
    }
}

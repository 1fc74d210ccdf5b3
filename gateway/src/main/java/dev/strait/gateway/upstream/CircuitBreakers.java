package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the calls this node has in flight to each target of each service, as the service's
 * {@code circuitBreaker} says, so an upstream that slows down is not buried under every call
 * that arrives meanwhile. A call holds a slot from before it is sent until its response is done.
 *
 * <p>How many calls may be active on a target at once: {@code maxRequests} when calls are
 * multiplexed (HTTP/2 and gRPC, many streams on one connection), and also at most
 * {@code maxConnections} when they are not (HTTP/1.1, where a call holds a connection throughout).
 * A call beyond that waits for a slot, in arrival order, when fewer than
 * {@code maxPendingRequests} calls already wait, and for at most its {@code maxWait}; otherwise it
 * is refused at once with {@link Overloaded}. Each call brings the limits of the configuration it
 * was routed with, and the gate of its target follows them from then on, waiting calls included.
 *
 * <p>Waiting blocks the calling (virtual) thread on a {@link Condition}; a freed slot is handed
 * straight to the longest-waiting call, so a call arriving later cannot take it first. A target's
 * state exists only while it has active or waiting calls.
 */
final class CircuitBreakers {
    /** A call refused because its target is as busy as its circuit breaker allows. */
    static final class Overloaded extends Exception {
        Overloaded(String message) {
            // A refusal under load is an expected outcome, not a bug to locate: no stack trace.
            super(message, null, false, false);
        }
    }

    /** A slot on a target, held while a call is in flight; closing it frees the slot, once. */
    static final class Permit implements AutoCloseable {
        /** Holds no slot: for a call no breaker of this node applies to. */
        static final Permit NONE = new Permit(null);

        private final Gate gate; // Null for NONE.
        private boolean released; // Guarded by gate.lock.

        private Permit(Gate gate) {
            this.gate = gate;
        }

        @Override
        public void close() {
            if (gate == null) {
                return;
            }
            gate.lock.lock();
            try {
                if (!released) {
                    released = true;
                    gate.release();
                }
            } finally {
                gate.lock.unlock();
            }
        }
    }

    private record Target(ServiceName service, HostPort address) {}

    /** A call waiting in line; granted when a slot was handed to it. */
    private static final class Waiter {
        final Condition turn;
        boolean granted; // Guarded by the gate's lock.

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    private final class Gate {
        final ReentrantLock lock = new ReentrantLock();
        final Target target;
        // Guarded by lock.
        int active;
        int capacity;
        ArrayDeque<Waiter> waiting; // Created for the first call that has to wait.
        boolean retired;

        Gate(Target target) {
            this.target = target;
        }

        int waitingCount() {
            return waiting == null ? 0 : waiting.size();
        }

        /** Hands free slots to waiting calls, longest waiting first. */
        void grant() {
            while (active < capacity && waitingCount() > 0) {
                Waiter next = waiting.removeFirst();
                next.granted = true;
                active++;
                next.turn.signal();
            }
        }

        void release() {
            active--;
            grant();
            retireIfIdle();
        }

        void leave(Waiter waiter) {
            waiting.remove(waiter);
            retireIfIdle();
        }

        private void retireIfIdle() {
            if (active == 0 && waitingCount() == 0) {
                retired = true;
                gates.remove(target, this);
            }
        }
    }

    private final ConcurrentHashMap<Target, Gate> gates = new ConcurrentHashMap<>();

    CircuitBreakers() {}

    /**
     * A slot for one call of {@code service} to {@code target}, waiting for one if need be.
     *
     * @param multiplexed whether the call shares a connection with others (HTTP/2, gRPC), so
     *                    {@code maxConnections} does not bound it
     * @param maxWait     how long the call may wait for a slot; zero to refuse at once when none is free
     * @throws Overloaded           when the target has no free slot and the waiting room is full,
     *                              or no slot came within {@code maxWait}
     * @throws InterruptedException when the thread was interrupted while waiting (no slot is kept)
     */
    Permit admit(ServiceName service, HostPort target, CircuitBreaker limits, boolean multiplexed, Duration maxWait)
            throws InterruptedException, Overloaded {
        int capacity = multiplexed ? limits.maxRequests() : Math.min(limits.maxConnections(), limits.maxRequests());
        Target key = new Target(service, target);
        for (;;) {
            Gate gate = gates.computeIfAbsent(key, Gate::new);
            gate.lock.lock();
            try {
                if (gate.retired) {
                    continue;
                }
                gate.capacity = capacity;
                gate.grant();
                if (gate.active < capacity) {
                    // grant() left nobody waiting, so this call jumps no queue.
                    gate.active++;
                    return new Permit(gate);
                }
                if (gate.waitingCount() >= limits.maxPendingRequests()) {
                    throw new Overloaded(busy(gate, limits, multiplexed) + " and " + gate.waitingCount()
                            + " waiting (maxPendingRequests)");
                }
                if (!maxWait.isPositive()) {
                    throw new Overloaded(busy(gate, limits, multiplexed) + " and the call may not wait for one to end");
                }
                return await(gate, limits, multiplexed, maxWait);
            } finally {
                gate.lock.unlock();
            }
        }
    }

    /** Calls now in flight to {@code target} for {@code service}. */
    int active(ServiceName service, HostPort target) {
        Gate gate = gates.get(new Target(service, target));
        if (gate == null) {
            return 0;
        }
        gate.lock.lock();
        try {
            return gate.active;
        } finally {
            gate.lock.unlock();
        }
    }

    /** Calls now waiting for a slot on {@code target} for {@code service}. */
    int waiting(ServiceName service, HostPort target) {
        Gate gate = gates.get(new Target(service, target));
        if (gate == null) {
            return 0;
        }
        gate.lock.lock();
        try {
            return gate.waitingCount();
        } finally {
            gate.lock.unlock();
        }
    }

    // Called with gate.lock held.
    private Permit await(Gate gate, CircuitBreaker limits, boolean multiplexed, Duration maxWait)
            throws InterruptedException, Overloaded {
        if (gate.waiting == null) {
            gate.waiting = new ArrayDeque<>();
        }
        Waiter waiter = new Waiter(gate.lock.newCondition());
        gate.waiting.addLast(waiter);
        long nanos = nanos(maxWait);
        try {
            while (!waiter.granted) {
                if (nanos <= 0) {
                    gate.leave(waiter);
                    throw new Overloaded(busy(gate, limits, multiplexed) + " and none was free after waiting "
                            + millis(maxWait) + " (the call's longest wait)");
                }
                nanos = waiter.turn.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            if (waiter.granted) {
                gate.release();
            } else {
                gate.leave(waiter);
            }
            throw e;
        }
        return new Permit(gate);
    }

    private static String busy(Gate gate, CircuitBreaker limits, boolean multiplexed) {
        String limit = multiplexed || limits.maxRequests() <= limits.maxConnections()
                ? "maxRequests" : "maxConnections, one per HTTP/1.1 call";
        return gate.target.service() + " at " + gate.target.address() + " has " + gate.active + " active requests ("
                + limit + ")";
    }

    private static String millis(Duration duration) {
        long nanos = nanos(duration);
        return nanos >= 1_000_000 ? TimeUnit.NANOSECONDS.toMillis(nanos) + " ms" : nanos + " ns";
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

package dev.strait.gateway.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the requests a handler takes from the moment they arrive until their response is
 * complete, so a drain can wait until no call is left, and closing until every admin call is
 * answered.
 */
final class CallsInFlight extends Handler.Wrapper {
    private final AtomicInteger active = new AtomicInteger();
    // Taken only to wait for, and to announce, the moment no call is left; never per call otherwise.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();

    CallsInFlight(Handler calls) {
        super(calls);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        active.incrementAndGet();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable end = () -> {
            if (ended.compareAndSet(false, true)) {
                ended();
            }
        };
        boolean handled = false;
        try {
            handled = super.handle(request, response, Callback.from(callback, end));
            return handled;
        } finally {
            if (!handled) {
                end.run();
            }
        }
    }

    /** Calls in flight right now. */
    int active() {
        return active.get();
    }

    /** Waits until no call is in flight, at most {@code within}; true when none is left. */
    boolean awaitNone(Duration within) throws InterruptedException {
        long left = within.toNanos();
        lock.lock();
        try {
            while (active.get() > 0) {
                if (left <= 0) {
                    return false;
                }
                left = none.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void ended() {
        if (active.decrementAndGet() == 0) {
            lock.lock();
            try {
                none.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}

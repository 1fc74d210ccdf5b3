package dev.strait.gateway.traffic;

import dev.strait.policy.model.ServiceName;
import dev.strait.policy.traffic.RateLimit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Local rate limiting: one token bucket per service, route and caller on this gateway node. A
 * bucket starts full with {@code burst} tokens, refills at {@code requestsPerSecond}, and each
 * admitted call takes one token. Nodes do not share buckets, so a caller spread over several
 * nodes gets the limit once per node.
 *
 * <p>A call takes its bucket's lock only for a few arithmetic operations; nothing waits for
 * tokens here, a refused call is answered at once with how long until a token is back.
 *
 * <p>Memory is bounded by {@code maxBuckets}. When a new bucket does not fit, buckets that have
 * refilled completely are dropped first: they hold no information, since a new bucket starts full
 * anyway. Only when that frees too little are the least recently used buckets dropped, a batch of
 * about a sixteenth of {@code maxBuckets} at a time (the ones strict LRU would drop over the next
 * as many new callers, so a sweep is rare). A dropped bucket that was not full is forgotten: its
 * caller, coming back, starts again from a full bucket. That is the price of the bound, paid by
 * the callers that were quiet the longest; a caller who keeps calling, refused or not, stays
 * recently used and keeps its bucket, so a flood of new callers cannot reset the bucket of an
 * active one. A call is never decided without a stored bucket.
 */
public final class RateLimiter {
    private static final double NANOS_PER_SECOND = 1e9;
    // Beyond this a wait is as good as forever (about 146 years), and the arithmetic stays in range.
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 2;
    // Bounds the steps that correct a rounded wait; only absurdly slow rates need more than a few.
    private static final int MAX_CORRECTIONS = 64;
    private static final int EVICTION_BATCH_DIVISOR = 16;

    private record Key(ServiceName service, int routeIndex, String callerKey) {}

    private record Stale(Key key, Bucket bucket, long idleNanos) {}

    /**
     * The tokens a bucket had at {@code refilledAt}; what it has later is computed, and stored again
     * only when a call takes a token or the limit changes. A refused call changes nothing but
     * {@code lastUsed}, so the waits it answers are exact: a call made when one has passed is
     * admitted, by the very same arithmetic.
     */
    private static final class Bucket {
        // Guarded by this bucket's monitor.
        private RateLimit limit;
        private double tokens;
        private long refilledAt;
        private long lastUsed;
        private boolean evicted;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledAt = now;
            this.lastUsed = now;
        }

        /** 0 when a token was taken, else the nanoseconds until one is there. */
        long take(RateLimit current, long now) {
            lastUsed = now;
            if (current != limit && !current.equals(limit)) {
                tokens = tokensAfter(sinceRefill(now));
                refilledAt = Math.max(refilledAt, now);
                limit = current;
                tokens = Math.min(tokens, current.burst());
            }
            long elapsed = sinceRefill(now);
            double available = tokensAfter(elapsed);
            if (available >= 1) {
                tokens = available - 1;
                refilledAt = Math.max(refilledAt, now);
                return 0;
            }
            return Math.max(1, untilOneToken() - elapsed);
        }

        /** Whether the bucket has refilled completely by {@code now}, so dropping it loses nothing. */
        boolean full(long now) {
            return tokensAfter(sinceRefill(now)) >= limit.burst();
        }

        long lastUsed() {
            return lastUsed;
        }

        private long sinceRefill(long now) {
            return Math.max(0, now - refilledAt);
        }

        private double tokensAfter(long elapsed) {
            return Math.min(limit.burst(), tokens + elapsed * limit.requestsPerSecond() / NANOS_PER_SECOND);
        }

        /** The fewest nanoseconds after {@code refilledAt} at which {@link #tokensAfter} reaches one token. */
        private long untilOneToken() {
            double estimate = Math.ceil((1 - tokens) * NANOS_PER_SECOND / limit.requestsPerSecond());
            if (!(estimate < FOREVER_NANOS)) {
                return FOREVER_NANOS;
            }
            long elapsed = (long) estimate;
            // The estimate rounds differently from tokensAfter; settle on tokensAfter's answer.
            for (int i = 0; i < MAX_CORRECTIONS && tokensAfter(elapsed) < 1; i++) {
                elapsed++;
            }
            for (int i = 0; i < MAX_CORRECTIONS && elapsed > 0 && tokensAfter(elapsed - 1) >= 1; i++) {
                elapsed--;
            }
            return elapsed;
        }
    }

    private final LongSupplier nanoTime;
    private final int maxBuckets;
    private final int evictionBatch;
    private final ConcurrentHashMap<Key, Bucket> buckets = new ConcurrentHashMap<>();
    // Buckets in the map plus slots reserved by calls about to put one there; never above maxBuckets.
    private final AtomicInteger stored = new AtomicInteger();
    // One thread at a time drops buckets; only it removes entries from the map.
    private final ReentrantLock eviction = new ReentrantLock();

    /**
     * @param nanoTime   the clock, {@code System::nanoTime} outside tests
     * @param maxBuckets how many buckets this node keeps at most
     */
    public RateLimiter(LongSupplier nanoTime, int maxBuckets) {
        if (maxBuckets < 1) {
            throw new IllegalArgumentException("rate limiter maxBuckets " + maxBuckets + " is too small (expected: 1 or more)");
        }
        this.nanoTime = nanoTime;
        this.maxBuckets = maxBuckets;
        this.evictionBatch = Math.max(1, maxBuckets / EVICTION_BATCH_DIVISOR);
    }

    /**
     * Takes a token from the bucket of {@code callerKey} on route {@code routeIndex} of
     * {@code service}, which follows {@code limit} (the bucket adopts a changed limit, keeping at
     * most the new burst).
     *
     * @return 0 when the call is admitted, else the nanoseconds until a token is available (at
     *         least 1), for a {@code retry-after}
     */
    public long acquire(ServiceName service, int routeIndex, String callerKey, RateLimit limit) {
        Key key = new Key(service, routeIndex, callerKey);
        for (;;) {
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = insert(key, limit);
                if (bucket == null) {
                    continue;
                }
            }
            synchronized (bucket) {
                if (!bucket.evicted) {
                    return bucket.take(limit, nanoTime.getAsLong());
                }
            }
            // Dropped between the lookup and the lock: decide on the bucket that replaces it.
        }
    }

    /** How many buckets are kept now. */
    int buckets() {
        return stored.get();
    }

    /** The bucket now stored for {@code key}, or null when there was no room and some was made. */
    private Bucket insert(Key key, RateLimit limit) {
        if (!reserveSlot()) {
            makeRoom();
            return null;
        }
        Bucket fresh = new Bucket(limit, nanoTime.getAsLong());
        Bucket present = buckets.putIfAbsent(key, fresh);
        if (present != null) {
            stored.decrementAndGet();
            return present;
        }
        return fresh;
    }

    private boolean reserveSlot() {
        for (;;) {
            int now = stored.get();
            if (now >= maxBuckets) {
                return false;
            }
            if (stored.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Drops every full bucket, then the least recently used ones until a batch of slots is free. */
    private void makeRoom() {
        eviction.lock();
        try {
            if (stored.get() < maxBuckets) {
                return;
            }
            long now = nanoTime.getAsLong();
            List<Stale> partial = new ArrayList<>();
            for (var entry : buckets.entrySet()) {
                Bucket bucket = entry.getValue();
                boolean drop;
                synchronized (bucket) {
                    drop = bucket.full(now);
                    if (drop) {
                        bucket.evicted = true;
                    } else {
                        partial.add(new Stale(entry.getKey(), bucket, now - bucket.lastUsed()));
                    }
                }
                if (drop) {
                    remove(entry.getKey(), bucket);
                }
            }
            int excess = stored.get() - (maxBuckets - evictionBatch);
            if (excess <= 0) {
                return;
            }
            partial.sort(Comparator.comparingLong(Stale::idleNanos).reversed());
            for (Stale stale : partial.subList(0, Math.min(excess, partial.size()))) {
                synchronized (stale.bucket()) {
                    stale.bucket().evicted = true;
                }
                remove(stale.key(), stale.bucket());
            }
        } finally {
            eviction.unlock();
        }
    }

    private void remove(Key key, Bucket bucket) {
        if (buckets.remove(key, bucket)) {
            stored.decrementAndGet();
        }
    }
}

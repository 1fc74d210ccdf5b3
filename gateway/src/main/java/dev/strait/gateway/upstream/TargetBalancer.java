package dev.strait.gateway.upstream;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Picks where a call goes among a candidate's targets (endpoints or remote gateway nodes):
 * power of two random choices on outstanding calls, skipping targets recently found failing
 * (connection refused or reset, stream reset, timed out). This is the node's own passive view,
 * kept beside the immutable routing snapshot.
 */
final class TargetBalancer {
    private static final class Stats {
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicLong ejectedUntilNanos = new AtomicLong(Long.MIN_VALUE);
    }

    private final ConcurrentHashMap<HostPort, Stats> stats = new ConcurrentHashMap<>();
    // Per service and remote region, until when this node avoids the region for that service.
    private final ConcurrentHashMap<ServiceRegion, Long> refusedUntilNanos = new ConcurrentHashMap<>();

    private record ServiceRegion(ServiceName service, RegionName region) {}
    private final Duration ejection;
    private final LongSupplier nanoTime;
    private volatile EjectionListener ejections = EjectionListener.NONE;

    TargetBalancer(Duration ejection, LongSupplier nanoTime) {
        this.ejection = ejection;
        this.nanoTime = nanoTime;
    }

    /**
     * A target not yet tried by this call, preferring ones not ejected; empty when every target was
     * tried, or when all left are ejected and {@code allowEjected} is false.
     */
    Optional<HostPort> pick(List<HostPort> targets, Set<HostPort> tried, boolean allowEjected) {
        List<HostPort> fresh = new ArrayList<>(targets.size());
        List<HostPort> ejected = new ArrayList<>(targets.size());
        long now = nanoTime.getAsLong();
        for (HostPort target : targets) {
            if (!tried.contains(target)) {
                (isEjected(target, now) ? ejected : fresh).add(target);
            }
        }
        List<HostPort> choices = !fresh.isEmpty() ? fresh : allowEjected ? ejected : List.of();
        return switch (choices.size()) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(choices.getFirst());
            default -> Optional.of(lessLoadedOfTwo(choices));
        };
    }

    /** Whether every one of {@code targets} is currently ejected. */
    boolean allEjected(List<HostPort> targets) {
        long now = nanoTime.getAsLong();
        return !targets.isEmpty() && targets.stream().allMatch(target -> isEjected(target, now));
    }

    /** Calls in flight right now to the targets {@code which} accepts (for metrics; reads only). */
    int outstanding(Predicate<HostPort> which) {
        int sum = 0;
        for (var entry : stats.entrySet()) {
            if (which.test(entry.getKey())) {
                sum += entry.getValue().outstanding.get();
            }
        }
        return sum;
    }

    void begin(HostPort target) {
        stats(target).outstanding.incrementAndGet();
    }

    void end(HostPort target) {
        stats(target).outstanding.decrementAndGet();
    }

    /** The target failed (could not be reached, reset, timed out): calls avoid it for a while. */
    void eject(HostPort target) {
        eject(target, "endpoint", "failed");
    }

    /**
     * As {@link #eject(HostPort)}; when the target was not already avoided, the ejection listener
     * hears of it, with the target's kind ({@code endpoint} or {@code gateway}) and the cause.
     */
    void eject(HostPort target, String kind, String cause) {
        long now = nanoTime.getAsLong();
        long previous = stats(target).ejectedUntilNanos.getAndSet(now + ejection.toNanos());
        if (previous == Long.MIN_VALUE || previous - now <= 0) {
            ejections.ejected(target, kind, ejection, cause);
        }
    }

    /** Hears of every target this node starts avoiding. */
    @FunctionalInterface
    interface EjectionListener {
        EjectionListener NONE = (target, kind, period, cause) -> {};

        void ejected(HostPort target, String kind, Duration period, String cause);
    }

    void onEjection(EjectionListener listener) {
        this.ejections = listener;
    }

    /** The target answered: it is back. */
    void reachable(HostPort target) {
        stats(target).ejectedUntilNanos.set(Long.MIN_VALUE);
    }

    /**
     * A gateway of {@code region} answered {@code no_healthy_upstream} for {@code service}: calls
     * for it skip that region for a while (unless it is their last hope), until federation
     * reports the region healthy again or the time passes.
     */
    void refusedBy(ServiceName service, RegionName region) {
        refusedUntilNanos.put(new ServiceRegion(service, region), nanoTime.getAsLong() + ejection.toNanos());
    }

    boolean refusedRecently(ServiceName service, RegionName region) {
        if (refusedUntilNanos.isEmpty()) {
            return false;
        }
        Long until = refusedUntilNanos.get(new ServiceRegion(service, region));
        return until != null && until - nanoTime.getAsLong() > 0;
    }

    /** The region reports healthy endpoints for {@code service} again. */
    void readmit(ServiceName service, RegionName region) {
        refusedUntilNanos.remove(new ServiceRegion(service, region));
    }

    private HostPort lessLoadedOfTwo(List<HostPort> choices) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int first = random.nextInt(choices.size());
        int second = random.nextInt(choices.size() - 1);
        if (second >= first) {
            second++;
        }
        HostPort a = choices.get(first);
        HostPort b = choices.get(second);
        return stats(a).outstanding.get() <= stats(b).outstanding.get() ? a : b;
    }

    private boolean isEjected(HostPort target, long now) {
        Stats s = stats.get(target);
        long until = s == null ? Long.MIN_VALUE : s.ejectedUntilNanos.get();
        return until != Long.MIN_VALUE && until - now > 0;
    }

    private Stats stats(HostPort target) {
        return stats.computeIfAbsent(target, t -> new Stats());
    }
}

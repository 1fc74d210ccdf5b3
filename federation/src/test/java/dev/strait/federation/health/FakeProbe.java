package dev.strait.federation.health;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers by address (passing unless told otherwise), counting checks and noticing overlapping ones. */
final class FakeProbe implements Probe {
    private final Set<HostPort> down = ConcurrentHashMap.newKeySet();
    private final Map<HostPort, AtomicInteger> checks = new ConcurrentHashMap<>();
    private final Set<HostPort> inProgress = ConcurrentHashMap.newKeySet();
    private final AtomicInteger overlaps = new AtomicInteger();
    private volatile long delayMillis;

    void down(HostPort address) {
        down.add(address);
    }

    void up(HostPort address) {
        down.remove(address);
    }

    /** Makes every check take this long (still less than the timeout is the caller's business). */
    void delay(long millis) {
        delayMillis = millis;
    }

    int checks(HostPort address) {
        AtomicInteger count = checks.get(address);
        return count == null ? 0 : count.get();
    }

    int total() {
        return checks.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    int overlaps() {
        return overlaps.get();
    }

    @Override
    public boolean check(ServiceConfig service, CatalogEndpoint endpoint, HealthCheck.Active check) {
        HostPort address = endpoint.address();
        if (!inProgress.add(address)) {
            overlaps.incrementAndGet();
        }
        try {
            checks.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !down.contains(address);
        } finally {
            inProgress.remove(address);
        }
    }
}

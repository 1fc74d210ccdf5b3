package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP/2 attempts in flight to each target, so that those to a peer gateway found silent can
 * be failed at once. A silent peer (a partition drops its packets) sends no reset and no close:
 * without this, each attempt would wait out its per-try timeout before the call moved on.
 */
final class InFlightAttempts {
    private final ConcurrentHashMap<HostPort, Set<ResponseRelay>> byTarget = new ConcurrentHashMap<>();

    void add(HostPort target, ResponseRelay attempt) {
        byTarget.computeIfAbsent(target, t -> ConcurrentHashMap.newKeySet()).add(attempt);
    }

    void remove(HostPort target, ResponseRelay attempt) {
        Set<ResponseRelay> attempts = byTarget.get(target);
        if (attempts != null) {
            attempts.remove(attempt);
        }
    }

    /**
     * Fails every attempt in flight to {@code target} as timed out: like a per-try timeout, the
     * target counts as failed, and a call that may be sent again goes to another target.
     */
    void failAll(HostPort target, String why) {
        Set<ResponseRelay> attempts = byTarget.get(target);
        if (attempts != null) {
            attempts.forEach(attempt -> attempt.upstreamFailed(new TimeoutException(why)));
        }
    }
}

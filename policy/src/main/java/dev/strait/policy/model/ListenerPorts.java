package dev.strait.policy.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ports of a gateway node's listeners.
 *
 * @param local           plaintext HTTP/1.1 and h2c (or mutual TLS) for the region's own services
 * @param peer            mTLS (h2 and HTTP/1.1) for gateways of other regions
 * @param admin           the admin HTTP API
 * @param raft            the region's Raft group
 * @param federation      the federation gRPC protocol between regions
 * @param additionalLocal more ports of the local listener, each speaking exactly as {@code local}
 *                        does (for callers that expect a port per protocol, or a port kept during a
 *                        migration); none unless configured
 */
public record ListenerPorts(int local, int peer, int admin, int raft, int federation, List<Integer> additionalLocal) {
    public ListenerPorts {
        additionalLocal = List.copyOf(Objects.requireNonNull(additionalLocal, "additionalLocal"));
        Set<Integer> seen = new HashSet<>();
        seen.add(local);
        for (int port : additionalLocal) {
            if (!seen.add(port)) {
                throw new IllegalArgumentException("additional local port " + port
                        + " is the local port or listed twice (expected: each local port once)");
            }
        }
    }

    /** Ports without additional local ports. */
    public ListenerPorts(int local, int peer, int admin, int raft, int federation) {
        this(local, peer, admin, raft, federation, List.of());
    }

    /** Every port of the local listener: {@code local} first, then the additional ones in order. */
    public List<Integer> localPorts() {
        return Stream.concat(Stream.of(local), additionalLocal.stream()).toList();
    }
}

package dev.strait.policy.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A fault between two regions, set at runtime for drills: the region that holds it treats its
 * link to {@code peer} as cut ({@code partition}), or delays and/or aborts the calls its gateways
 * would forward there, each with its own probability, until {@code expiresAtMillis} (wall clock,
 * epoch milliseconds). The values are checked here; that {@code peer} is another region of the
 * federation, and the expiry, are checked where a region applies it (its state transitions).
 *
 * @param id              a DNS label, unique in the region among all its faults (service faults included)
 * @param peer            the other region the link leads to
 * @param partition       whether the link is cut: nothing passes either way (then no delay or abort)
 * @param delay           how long, and for which share of forwarded calls, to wait before going on
 * @param abort           which status to answer, for which share of forwarded calls, without sending them
 * @param expiresAtMillis when the fault stops applying (epoch milliseconds)
 */
public record LinkFault(String id, RegionName peer, boolean partition, Optional<Fault.Delay> delay,
        Optional<Fault.Abort> abort, long expiresAtMillis) {
    public LinkFault {
        if (!DnsLabel.isValid(id)) {
            throw new IllegalArgumentException("fault id '" + id + "' is not a DNS label (expected: " + DnsLabel.RULE + ")");
        }
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(abort, "abort");
        if (partition && (delay.isPresent() || abort.isPresent())) {
            throw new IllegalArgumentException("fault '" + id + "' partitions region '" + peer + "' and also has "
                    + (delay.isPresent() ? "a delay" : "an abort") + " (expected: a partition alone, or a delay and/or an abort)");
        }
        if (!partition && delay.isEmpty() && abort.isEmpty()) {
            throw new IllegalArgumentException("fault '" + id + "' toward region '" + peer + "' has neither a partition, "
                    + "a delay nor an abort (expected: \"partition\": true, or at least one of delay and abort)");
        }
        if (expiresAtMillis <= 0) {
            throw new IllegalArgumentException("fault '" + id + "' has no expiry (expected: a time in epoch milliseconds)");
        }
    }

    /** A link cut toward {@code peer}. */
    public static LinkFault partition(String id, RegionName peer, long expiresAtMillis) {
        return new LinkFault(id, peer, true, Optional.empty(), Optional.empty(), expiresAtMillis);
    }

    /** Whether the fault still applies at {@code nowMillis}. */
    public boolean activeAt(long nowMillis) {
        return nowMillis < expiresAtMillis;
    }
}

package dev.strait.gateway.certs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a certificate is valid: from {@code notBefore} to {@code notAfter}, both inclusive.
 * Either may lie in the past, which is how tests make expired certificates.
 */
public record Validity(Instant notBefore, Instant notAfter) {
    /**
     * How far {@link #starting} back-dates a certificate, so that a peer whose clock runs a little
     * behind the issuer's does not see it as not yet valid.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public Validity {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
    }

    /** Valid from now (less {@link #CLOCK_SKEW}) for {@code length}. */
    public static Validity starting(Clock clock, Duration length) {
        Instant now = clock.instant();
        return new Validity(now.minus(CLOCK_SKEW), now.plus(length));
    }

    /** Whether {@code instant} lies within this validity. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(notBefore) && !instant.isAfter(notAfter);
    }

    /** This validity, ending no later than {@code limit} (a certificate should not outlive its issuer). */
    Validity endingNoLaterThan(Instant limit) {
        return notAfter.isAfter(limit) ? new Validity(notBefore, limit) : this;
    }
}

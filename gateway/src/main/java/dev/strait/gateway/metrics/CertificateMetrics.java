package dev.strait.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How long until the node's certificate expires, and whether that is within {@link #WARNING}. The
 * WARN lines about an expiring certificate come from the node's certificate watcher, which also
 * logs where no one scrapes.
 */
public final class CertificateMetrics implements MeterBinder {
    /** How close to expiry a certificate counts as expiring. */
    public static final Duration WARNING = Duration.ofDays(7);

    private final Supplier<X509Certificate> certificate;
    private final Clock clock;

    /** @param certificate the node's own (leaf) certificate, as it is now (it may be rotated while the node runs) */
    public CertificateMetrics(Supplier<X509Certificate> certificate, Clock clock) {
        this.certificate = certificate;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("strait.certificate.expiry.seconds", () -> untilExpiry().toMillis() / 1000.0)
                .description("Seconds until the certificate expires (negative once it has)")
                .tag("certificate", "node")
                .register(registry);
        Gauge.builder("strait.certificate.expiring", () -> untilExpiry().compareTo(WARNING) < 0 ? 1 : 0)
                .description("1 within " + WARNING.toDays() + " days of the certificate's expiry")
                .tag("certificate", "node")
                .register(registry);
    }

    private Duration untilExpiry() {
        return Duration.between(clock.instant(), certificate.get().getNotAfter().toInstant());
    }
}

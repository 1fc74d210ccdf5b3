package dev.strait.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.TestPki;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateMetricsTest {
    private static final X509Certificate CERTIFICATE = TestPki.create().node("east", "gw-1").certificate();
    private static final Instant NOT_AFTER = CERTIFICATE.getNotAfter().toInstant();
    private static final Map<String, String> NODE = Map.of("certificate", "node");

    private final SettableClock clock = new SettableClock();
    private final CertificateMetrics metrics = new CertificateMetrics(() -> CERTIFICATE, clock);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @ParameterizedTest(name = "{0} h before expiry: expiring {1}")
    @CsvSource({"720, 0", "169, 0", "167, 1", "1, 1", "-2, 1"})
    void gaugesSayHowLongTheNodeCertificateHasLeft(long hoursLeft, double expiring) {
        clock.now = NOT_AFTER.minus(Duration.ofHours(hoursLeft));
        metrics.bindTo(registry);

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("strait_certificate_expiry_seconds", NODE)).hasValue((double) Duration.ofHours(hoursLeft).toSeconds());
        assertThat(scrape.value("strait_certificate_expiring", NODE)).hasValue(expiring);
    }

    @Test
    void aRotatedCertificateIsWhatTheGaugesDescribe() {
        X509Certificate[] current = {CERTIFICATE};
        CertificateMetrics rotating = new CertificateMetrics(() -> current[0], clock);
        rotating.bindTo(registry);
        clock.now = NOT_AFTER.minus(Duration.ofDays(2));
        assertThat(Scrape.parse(registry.scrape()).value("strait_certificate_expiring", NODE)).hasValue(1.0);

        // Valid for 30 days rather than the first one's single day.
        current[0] = TestPki.create().intermediate().certificate();

        Scrape scrape = Scrape.parse(registry.scrape());
        assertThat(scrape.value("strait_certificate_expiry_seconds", NODE)).hasValue(
                (double) Duration.between(clock.now, current[0].getNotAfter().toInstant()).toSeconds());
        assertThat(scrape.value("strait_certificate_expiring", NODE)).hasValue(0.0);
    }

    /** A clock the test moves. */
    private static final class SettableClock extends Clock {
        volatile Instant now = Instant.EPOCH;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

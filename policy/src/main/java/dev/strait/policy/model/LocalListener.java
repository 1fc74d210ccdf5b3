package dev.strait.policy.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a region's local listener, where the region's own workloads call their gateway, speaks and
 * identifies its callers. A caller is identified by, in this order: its client certificate (with
 * mutual TLS), the region's {@code localCallers} (by source address), the listener's fixed
 * {@code identity}, else it is anonymous.
 *
 * @param tls               plaintext (HTTP/1.1 and h2c), or mutual TLS (h2 and HTTP/1.1 by ALPN)
 *                          with the node's certificate, trusting the federation's trust bundle
 * @param clientCertificate with mutual TLS, whether a caller must present a certificate; always
 *                          {@link ClientCertificate#REQUIRED} (the default) for plaintext, where
 *                          it means nothing
 * @param identity          the service every caller not identified otherwise is taken to be; only
 *                          where some callers present no certificate (plaintext, or mutual TLS
 *                          with optional certificates)
 * @param warmUp            how long a starting node may keep the listener closed while it waits to
 *                          route by its region's state and a fresh catalog of every other region;
 *                          zero (the default) opens it at once, with the node's other listeners
 */
public record LocalListener(Tls tls, ClientCertificate clientCertificate, Optional<ServiceName> identity, Duration warmUp) {
    /** The longest {@code warmUp} allowed. */
    public static final Duration MAX_WARM_UP = Duration.ofMinutes(10);

    /** A plaintext listener without a fixed identity, open at once: the default. */
    public static final LocalListener PLAINTEXT = new LocalListener(Tls.PLAINTEXT, ClientCertificate.REQUIRED, Optional.empty());

    /** Whether the local listener speaks TLS. */
    public enum Tls {
        /** HTTP/1.1 and h2c without TLS. */
        PLAINTEXT("plaintext"),
        /** TLS with ALPN h2 and http/1.1, asking callers for a certificate. */
        MTLS("mtls");

        private final String configName;

        Tls(String configName) {
            this.configName = configName;
        }

        /** The spelling used in the federation YAML. */
        public String configName() {
            return configName;
        }
    }

    /** Whether a caller of a mutual-TLS local listener must present a certificate. */
    public enum ClientCertificate {
        /** A caller without a valid certificate fails the TLS handshake. */
        REQUIRED("required"),
        /** A caller without a certificate is identified as on a plaintext listener; an invalid one still fails. */
        OPTIONAL("optional");

        private final String configName;

        ClientCertificate(String configName) {
            this.configName = configName;
        }

        /** The spelling used in the federation YAML. */
        public String configName() {
            return configName;
        }
    }

    public LocalListener {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative() || warmUp.compareTo(MAX_WARM_UP) > 0) {
            throw new IllegalArgumentException("warmUp " + warmUp + " is out of range (expected: 0s to 10m)");
        }
        if (tls == Tls.PLAINTEXT && clientCertificate != ClientCertificate.REQUIRED) {
            throw new IllegalArgumentException("clientCertificate applies only to a mutual-TLS local listener (expected: tls MTLS)");
        }
        if (tls == Tls.MTLS && clientCertificate == ClientCertificate.REQUIRED && identity.isPresent()) {
            throw new IllegalArgumentException("a fixed identity never applies when every caller must present a certificate"
                    + " (expected: clientCertificate OPTIONAL, or no identity)");
        }
    }

    /** A listener that opens at once, with the node's other listeners. */
    public LocalListener(Tls tls, ClientCertificate clientCertificate, Optional<ServiceName> identity) {
        this(tls, clientCertificate, identity, Duration.ZERO);
    }

    /** This listener, opened only once the node is warm or {@code warmUp} has passed. */
    public LocalListener withWarmUp(Duration warmUp) {
        return new LocalListener(tls, clientCertificate, identity, warmUp);
    }

    /** A plaintext listener whose callers not in {@code localCallers} are {@code identity}, or anonymous without one. */
    public static LocalListener plaintext(Optional<ServiceName> identity) {
        return new LocalListener(Tls.PLAINTEXT, ClientCertificate.REQUIRED, identity);
    }

    /** A mutual-TLS listener; {@code identity} only with optional certificates. */
    public static LocalListener mtls(ClientCertificate clientCertificate, Optional<ServiceName> identity) {
        return new LocalListener(Tls.MTLS, clientCertificate, identity);
    }

    /** Whether the listener speaks mutual TLS. */
    public boolean mutualTls() {
        return tls == Tls.MTLS;
    }

    /** Whether every caller is identified by its certificate: mutual TLS with required certificates. */
    public boolean certificateRequired() {
        return tls == Tls.MTLS && clientCertificate == ClientCertificate.REQUIRED;
    }
}

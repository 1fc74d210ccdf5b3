package dev.strait.gateway.certs;

import dev.strait.policy.model.SpiffeId;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** One subject alternative name of a certificate: a URI (SPIFFE ID), a DNS name or an IP address. */
public sealed interface SubjectAltName {
    /** A URI SAN, such as a SPIFFE ID. */
    record Uri(String value) implements SubjectAltName {
        public Uri {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A DNS name SAN. */
    record Dns(String value) implements SubjectAltName {
        public Dns {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An IP address SAN. */
    record Ip(InetAddress value) implements SubjectAltName {
        public Ip {
            Objects.requireNonNull(value, "value");
        }
    }

    static SubjectAltName uri(SpiffeId id) {
        return new Uri(id.uri());
    }

    static SubjectAltName uri(String uri) {
        return new Uri(uri);
    }

    static SubjectAltName dns(String name) {
        return new Dns(name);
    }

    /** An IP SAN from an address literal such as {@code 127.0.0.1} or {@code ::1}. */
    static SubjectAltName ip(String literal) {
        return new Ip(InetAddress.ofLiteral(literal));
    }

    /** An IP SAN when {@code host} is an address literal, else a DNS SAN; never resolves the name. */
    static SubjectAltName forHost(String host) {
        return literal(host).<SubjectAltName>map(Ip::new).orElseGet(() -> new Dns(host));
    }

    /** The address when {@code host} is an IPv4 or IPv6 literal (brackets allowed). */
    static Optional<InetAddress> literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return Optional.of(InetAddress.ofLiteral(bare));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package dev.strait.gateway.echo;

import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.util.Objects;

/**
 * How to run one {@link EchoServer}.
 *
 * @param bindHost  the address to listen on
 * @param port      the port to listen on; 0 picks a free one ({@link EchoServer#port()} tells which)
 * @param service   the service it pretends to be, reported in every answer
 * @param region    the region it pretends to run in
 * @param endpoint  its endpoint id, sent back as {@code x-echo-endpoint} so tests see who answered
 * @param transport plaintext (HTTP/1.1 and h2c) or TLS (h2 and HTTP/1.1 by ALPN)
 */
public record EchoOptions(String bindHost, int port, ServiceName service, RegionName region, EndpointId endpoint, Transport transport) {
    public EchoOptions {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range (expected: 0-65535, 0 for any free port)");
        }
    }

    /** Plaintext on 127.0.0.1 and a free port: the shape tests and demos want. */
    public static EchoOptions loopback(ServiceName service, RegionName region, EndpointId endpoint) {
        return new EchoOptions("127.0.0.1", 0, service, region, endpoint, new Transport.Plaintext());
    }

    /** The same options, listening on {@code host}. */
    public EchoOptions withBindHost(String host) {
        return new EchoOptions(host, port, service, region, endpoint, transport);
    }

    /** The same options, listening on {@code newPort} (0 for any free port). */
    public EchoOptions withPort(int newPort) {
        return new EchoOptions(bindHost, newPort, service, region, endpoint, transport);
    }

    /** TLS with {@code material}'s identity; a client certificate is verified when sent but not required. */
    public EchoOptions withTls(TlsMaterial material) {
        return new EchoOptions(bindHost, port, service, region, endpoint, new Transport.Tls(material, false));
    }

    /** Mutual TLS: clients without a certificate chaining to {@code material}'s trust store are refused. */
    public EchoOptions withMutualTls(TlsMaterial material) {
        return new EchoOptions(bindHost, port, service, region, endpoint, new Transport.Tls(material, true));
    }

    /** How the echo server's port speaks. */
    public sealed interface Transport {
        /** HTTP/1.1 and h2c (prior knowledge) on one plaintext port. */
        record Plaintext() implements Transport {}

        /**
         * TLS, offering h2 and http/1.1 by ALPN.
         *
         * @param material                 the server's identity and the roots client certificates must chain to
         * @param requireClientCertificate whether clients must present a certificate (mTLS)
         */
        record Tls(TlsMaterial material, boolean requireClientCertificate) implements Transport {
            public Tls {
                Objects.requireNonNull(material, "material");
            }
        }
    }
}

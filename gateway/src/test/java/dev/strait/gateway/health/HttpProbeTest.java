package dev.strait.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.EndpointSource;
import dev.strait.federation.catalog.Health;
import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.upstream.ClientTlsContexts;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.UpstreamTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The HTTP probe against the echo server: plaintext HTTP/1.1 and h2c, TLS and mTLS, and dead ends. */
class HttpProbeTest {
    private static final RegionName US_EAST = RegionName.of("us-east");
    private static final ServiceName PAYMENTS = ServiceName.of("payments");
    private static final EndpointId PAYMENTS_1 = EndpointId.of("payments-1");
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final TestPki pki = TestPki.create();
    private final TestTls tls = new TestTls(pki.node("us-east", "gw-1").tlsMaterial());
    private final HttpProbe probe = new HttpProbe(tls);
    private EchoServer echo;

    @AfterEach
    void stop() throws Exception {
        probe.close();
        tls.close();
        if (echo != null) {
            echo.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aTwoHundredPassesAndAFiveHundredThreeFailsInPlaintext(Protocol protocol) {
        echo = EchoServer.start(EchoOptions.loopback(PAYMENTS, US_EAST, PAYMENTS_1));
        ServiceConfig service = service(PAYMENTS, protocol, UpstreamTls.PLAINTEXT);

        assertThat(probe.check(service, endpoint(echo.port()), check("/health"))).isTrue();
        assertThat(probe.check(service, endpoint(echo.port()), check("/health?status=503"))).isFalse();
        assertThat(probe.check(service, endpoint(echo.port()), check("/health?status=204"))).isTrue();
        assertThat(probe.check(service, endpoint(echo.port()), check("/health?status=302"))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void checksOverTlsVerifyingTheServicesSpiffeId(Protocol protocol) {
        echo = EchoServer.start(EchoOptions.loopback(PAYMENTS, US_EAST, PAYMENTS_1)
                .withTls(pki.service("us-east", "payments").tlsMaterial()));

        assertThat(probe.check(service(PAYMENTS, protocol, UpstreamTls.TLS), endpoint(echo.port()), check("/health"))).isTrue();
        assertThat(probe.check(service(PAYMENTS, protocol, UpstreamTls.TLS), endpoint(echo.port()), check("/health?status=500")))
                .isFalse();
        // An endpoint presenting another service's identity fails the check of this one.
        assertThat(probe.check(service(ServiceName.of("ledger"), protocol, UpstreamTls.TLS), endpoint(echo.port()),
                check("/health"))).isFalse();
        // A TLS endpoint does not answer plaintext.
        assertThat(probe.check(service(PAYMENTS, protocol, UpstreamTls.PLAINTEXT), endpoint(echo.port()), check("/health")))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void presentsTheNodesCertificateForMutualTls(Protocol protocol) {
        echo = EchoServer.start(EchoOptions.loopback(PAYMENTS, US_EAST, PAYMENTS_1)
                .withMutualTls(pki.service("us-east", "payments").tlsMaterial()));

        assertThat(probe.check(service(PAYMENTS, protocol, UpstreamTls.MTLS), endpoint(echo.port()), check("/health"))).isTrue();
        // Without a client certificate, the endpoint refuses the handshake.
        assertThat(probe.check(service(PAYMENTS, protocol, UpstreamTls.TLS), endpoint(echo.port()), check("/health"))).isFalse();
    }

    @Test
    void aClosedPortFailsWithinTheTimeout() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertFailsWithinTheTimeout(port);
    }

    @Test
    void anEndpointThatNeverAnswersFailsWithinTheTimeout() throws IOException {
        // Connections complete in the backlog, but nothing ever reads or answers them.
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertFailsWithinTheTimeout(silent.getLocalPort());
        }
    }

    @Test
    void aClosedProbeFails() throws Exception {
        echo = EchoServer.start(EchoOptions.loopback(PAYMENTS, US_EAST, PAYMENTS_1));
        probe.close();

        assertThat(probe.check(service(PAYMENTS, Protocol.HTTP1, UpstreamTls.PLAINTEXT), endpoint(echo.port()), check("/health")))
                .isFalse();
    }

    private void assertFailsWithinTheTimeout(int port) {
        for (Protocol protocol : Protocol.values()) {
            long start = System.nanoTime();

            boolean passed = probe.check(service(PAYMENTS, protocol, UpstreamTls.PLAINTEXT), endpoint(port), check("/health"));

            assertThat(passed).as(protocol.configName()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(protocol.configName()).isLessThan(TIMEOUT.plusMillis(300));
        }
    }

    private static HealthCheck.Http check(String path) {
        return new HealthCheck.Http(path, Duration.ofSeconds(1), TIMEOUT, 1, 1);
    }

    private static ServiceConfig service(ServiceName name, Protocol protocol, UpstreamTls upstreamTls) {
        return new ServiceConfig(name, protocol, upstreamTls, List.of(), List.of(), List.of(), check("/health"));
    }

    private static CatalogEndpoint endpoint(int port) {
        return new CatalogEndpoint(PAYMENTS_1, new HostPort("127.0.0.1", port), EndpointSource.CONFIG, Health.UNKNOWN, false, false);
    }

    /** A node of us-east: endpoints must carry their service's SPIFFE ID in us-east; one started setup per service and mode. */
    private static final class TestTls implements ClientTlsContexts, AutoCloseable {
        private final TlsMaterial identity;
        private final ConcurrentHashMap<List<Object>, SslContextFactory.Client> started = new ConcurrentHashMap<>();

        TestTls(TlsMaterial identity) {
            this.identity = identity;
        }

        @Override
        public SslContextFactory.Client toPeerGateways(RegionName region) {
            throw new UnsupportedOperationException("health checks never call peer gateways");
        }

        @Override
        public SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual) {
            return started.computeIfAbsent(List.of(service, mutual), key -> {
                SpiffeId expected = SpiffeId.service(TestPki.TRUST_DOMAIN, US_EAST, service);
                SslContextFactory.Client factory = mutual
                        ? SslContexts.client(identity, expected::equals)
                        : SslContexts.client(identity.trustStore(), expected::equals);
                try {
                    factory.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return factory;
            });
        }

        @Override
        public void close() throws Exception {
            for (SslContextFactory.Client factory : started.values()) {
                factory.stop();
            }
        }
    }
}

package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.tls.ClientAuth;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls to peer gateways over real mTLS on loopback: a gateway that proves its identity but
 * speaks no HTTP/2 (an HTTP/1.1-only TLS listener, as behind a TLS terminator) is called over
 * HTTP/1.1 and counts as answering probes, an impostor is refused either way, and a call with
 * nowhere else to go tries a gateway that missed its probes but answers now.
 */
class PeerGatewayProtocolsTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final ServiceName SERVICE = ServiceName.of("svc");
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final TestPki pki = TestPki.create();
    private final List<Server> servers = new ArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private PeerTls tls;
    private UpstreamTransports transports;

    @BeforeEach
    void start() throws Exception {
        tls = new PeerTls(pki.node("east", "gw-1").tlsMaterial());
        transports = new UpstreamTransports("test", new UpstreamTransports.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), tls);
    }

    @AfterEach
    void stop() throws Exception {
        for (Server server : servers) {
            server.stop();
        }
        transports.close();
        tls.close();
    }

    @ParameterizedTest(name = "peer speaks h2: {0}")
    @CsvSource({"false, HTTP/1.1", "true, HTTP/2.0"})
    void aPeerGatewayThatProvesItsIdentityIsCalledInTheProtocolItSpeaks(boolean http2, String protocol) throws Exception {
        HostPort gateway = peer(pki.node("west", "gw-1").tlsMaterial(), http2);

        RecordingClientResponse response = call(forwarding(Map.of()), snapshot(Set.of(), Map.of()), remote(gateway));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("served over " + protocol);
        assertThat(transports.peerSpeaksHttp1Only(gateway)).isEqualTo(!http2);
        assertThat(transports.ping(WEST, gateway, DEADLINE)).as("answers probes").isTrue();
    }

    @ParameterizedTest(name = "peer speaks h2: {0}")
    @CsvSource({"false", "true"})
    void anImpostorIsNeitherCalledNorCountedAsAnswering(boolean http2) throws Exception {
        // A certificate of the right trust bundle, but a workload's, not a gateway node's of west.
        HostPort impostor = peer(pki.service("west", "backend").tlsMaterial(), http2);

        GatewayException failure = failureOf(forwarding(Map.of()), snapshot(Set.of(), Map.of()), remote(impostor));

        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_UNAVAILABLE);
        assertThat(served).hasValue(0);
        assertThat(transports.ping(WEST, impostor, DEADLINE)).isFalse();
        assertThat(transports.peerSpeaksHttp1Only(impostor)).isFalse();
    }

    @ParameterizedTest(name = "peer speaks h2: {0}")
    @CsvSource({"false", "true"})
    void aCallWithNowhereElseToGoTriesAGatewayThatMissedItsProbesButAnswersNow(boolean http2) throws Exception {
        HostPort gateway = peer(pki.node("west", "gw-1").tlsMaterial(), http2);
        // The probes took west's only gateway out of routing: the route has no candidate left.
        RoutingSnapshot dark = snapshot(Set.of(gateway), Map.of(WEST, new Candidate.RemoteRegion(WEST, List.of(), 1, false)));

        RecordingClientResponse response = call(forwarding(Map.of(WEST, List.of(gateway))), dark);
        GatewayException withoutGateways = failureOf(forwarding(Map.of()), dark);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(served).hasValue(1);
        assertThat(withoutGateways.error()).as("a node that does not know west's gateways").isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
    }

    @Test
    void aGatewayThatStillDoesNotAnswerLeavesTheCallNoHealthyUpstream() throws Exception {
        HostPort closed = closedPort();
        RoutingSnapshot dark = snapshot(Set.of(closed), Map.of(WEST, new Candidate.RemoteRegion(WEST, List.of(), 1, false)));

        GatewayException failure = failureOf(forwarding(Map.of(WEST, List.of(closed))), dark);

        assertThat(failure.error()).isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
    }

    // --- fixtures

    /** A peer gateway's listener: mutual TLS with {@code identity}, ALPN h2 and http/1.1, or HTTP/1.1 without ALPN. */
    private HostPort peer(TlsMaterial identity, boolean http2) throws Exception {
        Server server = new Server();
        HttpConfiguration https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        SslContextFactory.Server ssl = SslContexts.server(identity, ClientAuth.NEED);
        ServerConnector connector;
        if (http2) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(https), new HttpConnectionFactory(https));
        } else {
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        }
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                served.incrementAndGet();
                response.setStatus(200);
                response.write(true, StandardCharsets.UTF_8.encode("served over " + request.getConnectionMetaData().getProtocol()), callback);
                return true;
            }
        });
        server.start();
        servers.add(server);
        return new HostPort("127.0.0.1", connector.getLocalPort());
    }

    private Forwarding forwarding(Map<RegionName, List<HostPort>> remoteGateways) {
        return new Forwarding(transports, Forwarding.Settings.defaults(), remoteGateways);
    }

    private static RoutingSnapshot snapshot(Set<HostPort> unreachable, Map<RegionName, Candidate> pinned) {
        return new RoutingSnapshot(1, EAST, TestPki.TRUST_DOMAIN, "mesh", Map.of(), Map.of(SERVICE, pinned), Map.of(), Map.of(),
                unreachable, List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of());
    }

    private static Candidate remote(HostPort gateway) {
        return new Candidate.RemoteRegion(WEST, List.of(gateway), 1, false);
    }

    private static HostPort closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostPort("127.0.0.1", socket.getLocalPort());
        }
    }

    private RecordingClientResponse call(Forwarding forwarding, RoutingSnapshot snapshot, Candidate... candidates) throws Exception {
        RecordingClientResponse response = new RecordingClientResponse();
        VirtualThreadCall.forward(forwarding, exchange(snapshot, response, candidates)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return response;
    }

    private GatewayException failureOf(Forwarding forwarding, RoutingSnapshot snapshot, Candidate... candidates) {
        CompletableFuture<Void> call = VirtualThreadCall.forward(forwarding, exchange(snapshot, new RecordingClientResponse(), candidates));
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertThat(failure).as("the call failed").isNotNull();
        return (GatewayException) failure.getCause();
    }

    private static Exchange exchange(RoutingSnapshot snapshot, RecordingClientResponse response, Candidate... candidates) {
        Exchange exchange = new Exchange(Listener.LOCAL, new RequestHead("GET", "svc.mesh", "/1k", true, HttpFields.EMPTY),
                new ByteBufferContentSource(ByteBuffer.allocate(0)), response, snapshot, Optional.empty());
        exchange.caller(new Caller.Anonymous(EAST));
        exchange.route(new Resolution.Routed(SERVICE, false, List.of(candidates)));
        return exchange;
    }

    /** East's node towards west's gateways: its own certificate, accepting only gateway nodes of the region called. */
    private static final class PeerTls implements ClientTlsContexts, AutoCloseable {
        private final TlsMaterial identity;
        private final Map<RegionName, SslContextFactory.Client> clients = new ConcurrentHashMap<>();

        PeerTls(TlsMaterial identity) {
            this.identity = identity;
        }

        @Override
        public SslContextFactory.Client toPeerGateways(RegionName region) {
            return clients.computeIfAbsent(region, r -> {
                SslContextFactory.Client client = SslContexts.client(identity,
                        id -> id instanceof SpiffeId.Node node && node.region().equals(r));
                try {
                    client.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return client;
            });
        }

        @Override
        public SslContextFactory.Client toEndpoints(ServiceName service, boolean mutual) {
            throw new UnsupportedOperationException("no endpoints in this test");
        }

        @Override
        public void close() throws Exception {
            for (SslContextFactory.Client client : clients.values()) {
                client.stop();
            }
        }
    }
}

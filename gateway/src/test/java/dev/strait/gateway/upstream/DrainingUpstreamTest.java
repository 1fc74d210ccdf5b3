package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.server.RawHTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A peer gateway that is draining closes its HTTP/2 connection with a final GOAWAY naming the
 * last stream it served; a stream above it never reached the gateway's calls (RFC 9113, section
 * 6.8), so the call moves on to the next target, a POST included.
 */
class DrainingUpstreamTest {
    private static final ServiceName SERVICE = ServiceName.of("svc");
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final RegionName NORTH = RegionName.of("north");
    private static final RoutingSnapshot SNAPSHOT = new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh",
            Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY,
            List.of(), Map.of());
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final AtomicInteger streamsSeen = new AtomicInteger();
    private UpstreamTransports transports;
    private EchoServer echo;
    private Server draining;
    private ServerConnector drainingConnector;

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", new UpstreamTransports.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), new PlaintextTls());
        echo = EchoServer.start(EchoOptions.loopback(SERVICE, NORTH, EndpointId.of("svc-north")));
        draining = new Server();
        // Every stream that arrives is answered with a GOAWAY naming the stream before it as the last served.
        drainingConnector = new ServerConnector(draining, new RawHTTP2ServerConnectionFactory(new HttpConfiguration(),
                new ServerSessionListener() {
                    @Override
                    public Stream.Listener onNewStream(Stream stream, HeadersFrame frame) {
                        streamsSeen.incrementAndGet();
                        ((HTTP2Session) stream.getSession()).goAway(new GoAwayFrame(stream.getId() - 2, ErrorCode.NO_ERROR.code,
                                "draining".getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
                        return null;
                    }
                }));
        drainingConnector.setHost("127.0.0.1");
        draining.addConnector(drainingConnector);
        draining.start();
    }

    @AfterEach
    void stop() throws Exception {
        draining.stop();
        echo.close();
        transports.close();
    }

    @Test
    void aPostAboveTheLastStreamOfAGoAwayIsServedByTheNextRegion() throws Exception {
        String body = "{\"order\": 7}";
        RecordingClientResponse response = new RecordingClientResponse();
        Exchange exchange = new Exchange(Listener.LOCAL, new RequestHead("POST", "svc.mesh", "/orders", true,
                HttpFields.build().put("content-type", "application/json").put("content-length", Integer.toString(body.length()))
                        .asImmutable()),
                new ByteBufferContentSource(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))), response, SNAPSHOT, Optional.empty());
        exchange.caller(new Caller.Anonymous(EAST));
        exchange.route(new Resolution.Routed(SERVICE, false, List.of(
                remote(WEST, new HostPort("127.0.0.1", drainingConnector.getLocalPort())),
                remote(NORTH, new HostPort("127.0.0.1", echo.port())))));

        VirtualThreadCall.forward(new Forwarding(transports), exchange).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(streamsSeen).hasValue(1);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode echoed = JsonMapper.shared().readTree(response.body());
        assertThat(echoed.get("endpoint").asString()).isEqualTo("svc-north");
        assertThat(echoed.get("bodyBytes").asLong()).isEqualTo(body.length());
    }

    private static Candidate remote(RegionName region, HostPort gateway) {
        return new Candidate.RemoteRegion(region, List.of(gateway), 1, false);
    }
}

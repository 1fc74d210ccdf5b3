package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwarding over real sockets (h2c and HTTP/1.1 on loopback, no TLS): bodies replayed from the
 * retry buffer, per-try and call timeouts, the retry budget, and who gets ejected.
 */
class ForwardingTest {
    private static final ServiceName SERVICE = ServiceName.of("svc");
    private static final RegionName EAST = RegionName.of("east");
    // Forwarding reads only the services' traffic rules from the snapshot; these have none.
    private static final RoutingSnapshot SNAPSHOT = new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh",
            Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY,
            List.of(), Map.of());
    private static final RegionName WEST = RegionName.of("west");
    private static final RegionName NORTH = RegionName.of("north");
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private UpstreamTransports transports;
    private EchoServer echo;
    private final List<AutoCloseable> upstreams = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", new UpstreamTransports.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), new PlaintextTls());
        echo = EchoServer.start(EchoOptions.loopback(SERVICE, NORTH, EndpointId.of("svc-north")));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable upstream : upstreams) {
            upstream.close();
        }
        echo.close();
        transports.close();
    }

    @Test
    void aPostThatAPeerGatewayRefusedAfterReadingItsBodyIsSentWholeToTheNextRegion() throws Exception {
        TestUpstream refuser = upstream(TestUpstream.start((request, response, callback) -> {
            Content.Source.consumeAll(request);
            refuse(response, callback, false);
        }));
        String body = "{\"sku\":\"a-1\",\"count\":2}";

        RecordingClientResponse response = call(settings(), "POST", "/items", HttpFields.build()
                        .put("content-type", "application/json").put("content-length", Integer.toString(body.length())),
                new ByteBufferContentSource(utf8(body)), remote(WEST, refuser.address()), remote(NORTH, echoAddress()));

        assertThat(refuser.requests()).isEqualTo(1);
        assertServedByTheEcho(response, body.getBytes(StandardCharsets.UTF_8));
        assertThat(transports.balancer().allEjected(List.of(refuser.address()))).as("a refusing peer is alive").isFalse();
    }

    @Test
    void aRegionThatRefusedAServiceIsSkippedForItUntilItIsLastHope() throws Exception {
        TestUpstream refuser = upstream(TestUpstream.start((request, response, callback) -> refuse(response, callback, false)));

        call(settings(), "GET", "/items/1", HttpFields.build(), empty(), remote(WEST, refuser.address()), remote(NORTH, echoAddress()));
        RecordingClientResponse second = call(settings(), "GET", "/items/2", HttpFields.build(), empty(),
                remote(WEST, refuser.address()), remote(NORTH, echoAddress()));
        GatewayException alone = failureOf(settings(), "GET", "/items/3", HttpFields.build(), empty(), remote(WEST, refuser.address()));

        assertThat(second.status()).isEqualTo(200);
        assertThat(refuser.requests()).as("skipped while another region can serve, tried when it is the last").isEqualTo(2);
        assertThat(alone.error()).isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
    }

    @Test
    void aStreamingCallRefusedInGrpcFormAfterItsFirstBytesIsReplayedThenContinuesAtTheNextRegion() throws Exception {
        CompletableFuture<Void> refused = new CompletableFuture<>();
        TestUpstream refuser = upstream(TestUpstream.start((request, response, callback) -> {
            readAtLeast(request, 5);
            refuse(response, callback, true);
            refused.complete(null);
        }));
        ScriptedBody client = new ScriptedBody();
        RecordingClientResponse response = new RecordingClientResponse();
        Exchange exchange = exchange("POST", "/stream", HttpFields.build().put("content-type", "application/octet-stream"),
                client, response, remote(WEST, refuser.address()), remote(NORTH, echoAddress()));
        CompletableFuture<Void> call = runOnVirtualThread(exchange, settings());

        client.send("first", false);
        refused.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        client.send("-and-the-rest", true);
        call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertServedByTheEcho(response, "first-and-the-rest".getBytes(StandardCharsets.UTF_8));
        assertThat(client.bytesRead()).as("bytes taken from the client, each once").isEqualTo(18);
    }

    @Test
    void aBodyLargerThanTheRetryBufferIsNeverSentElsewhere() throws Exception {
        TestUpstream refuser = upstream(TestUpstream.start((request, response, callback) -> {
            Content.Source.consumeAll(request);
            refuse(response, callback, false);
        }));
        TestUpstream next = upstream(TestUpstream.start((request, response, callback) -> callback.succeeded()));
        byte[] body = new byte[4096];
        Forwarding.Settings smallBuffer = withRetryBuffer(settings(), 1024);

        GatewayException failure = failureOf(smallBuffer, "POST", "/items", HttpFields.build().put("content-length", "4096"),
                new ByteBufferContentSource(ByteBuffer.wrap(body)), remote(WEST, refuser.address()), remote(NORTH, next.address()));

        assertThat(failure.error()).isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
        assertThat(next.requests()).isZero();
    }

    @Test
    void aGetWithoutHeadersWithinThePerTryTimeoutIsCancelledEjectedAndServedElsewhereOverHttp2() throws Exception {
        TestUpstream hanging = upstream(TestUpstream.hanging());

        RecordingClientResponse response = call(settings(), "GET", "/items/1", HttpFields.build(), empty(),
                local(Protocol.HTTP2, hanging.address()), remote(NORTH, echoAddress()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headersSent().get("x-echo-endpoint")).isEqualTo("svc-north");
        assertThat(hanging.requests()).isEqualTo(1);
        await("the upstream sees its stream cancelled", () -> hanging.abandoned() == 1);
        assertThat(transports.balancer().allEjected(List.of(hanging.address()))).isTrue();
    }

    @Test
    void aGetWithoutHeadersWithinThePerTryTimeoutIsAbortedEjectedAndServedElsewhereOverHttp1() throws Exception {
        SilentHttp1Upstream silent = upstream(new SilentHttp1Upstream());

        RecordingClientResponse response = call(settings(), "GET", "/items/1", HttpFields.build(), empty(),
                local(Protocol.HTTP1, silent.address()), remote(NORTH, echoAddress()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headersSent().get("x-echo-endpoint")).isEqualTo("svc-north");
        assertThat(silent.requests()).isEqualTo(1);
        await("the upstream sees its connection closed", () -> silent.closedByCaller() == 1);
        assertThat(transports.balancer().allEjected(List.of(silent.address()))).isTrue();
    }

    @Test
    void aPostWaitsPastThePerTryTimeoutUntilTheCallTimeoutAndIsNeverSentElsewhere() throws Exception {
        TestUpstream hanging = upstream(TestUpstream.hanging());
        TestUpstream next = upstream(TestUpstream.start((request, response, callback) -> callback.succeeded()));
        Forwarding.Settings settings = new Forwarding.Settings(3, 64 * 1024, Duration.ofMillis(100), Duration.ofMillis(700),
                Duration.ofSeconds(10), 0.2, 10);
        long started = System.nanoTime();

        GatewayException failure = failureOf(settings, "POST", "/orders", HttpFields.build().put("content-length", "2"),
                new ByteBufferContentSource(utf8("{}")), local(Protocol.HTTP2, hanging.address()), remote(NORTH, next.address()));

        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_TIMEOUT);
        assertThat(failure.getMessage()).as("a try that cannot be retried is not cut short").contains("call's 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        assertThat(next.requests()).isZero();
    }

    @Test
    void theCallTimeoutEndsEveryRetryWith504() throws Exception {
        TestUpstream first = upstream(TestUpstream.hanging());
        TestUpstream second = upstream(TestUpstream.hanging());
        TestUpstream third = upstream(TestUpstream.hanging());
        Forwarding.Settings settings = new Forwarding.Settings(3, 64 * 1024, Duration.ofMillis(300), Duration.ofMillis(500),
                Duration.ofSeconds(10), 0.2, 10);
        long started = System.nanoTime();

        GatewayException failure = failureOf(settings, "GET", "/items", HttpFields.build(), empty(),
                remote(WEST, first.address()), remote(NORTH, second.address()), remote(EAST, third.address()));

        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_TIMEOUT);
        assertThat(failure.getMessage()).contains("call's 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(first.requests() + second.requests()).isEqualTo(2);
        assertThat(third.requests()).as("no attempt starts after the call's time is up").isZero();
    }

    @Test
    void aTargetThatRefusesConnectionsIsEjectedAndTheCallMovesOnWhileTheBudgetAllows() throws Exception {
        HostPort closed = closedPort();

        RecordingClientResponse response = call(settings(), "POST", "/items", HttpFields.build().put("content-length", "2"),
                new ByteBufferContentSource(utf8("{}")), local(Protocol.HTTP1, closed), remote(NORTH, echoAddress()));

        assertServedByTheEcho(response, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(transports.balancer().allEjected(List.of(closed))).isTrue();
    }

    @Test
    void aPeersCallThatReachedNoEndpointHereIsAnsweredNoHealthyUpstreamSoItsRegionMovesOn() throws Exception {
        Candidate refusing = local(Protocol.HTTP1, closedPort());

        GatewayException fromPeer = catchFailure(exchange(Listener.PEER, "POST", "/items", HttpFields.build().put("content-length", "2"),
                new ByteBufferContentSource(utf8("{}")), new RecordingClientResponse(), refusing), settings());
        GatewayException fromLocalCaller = catchFailure(exchange(Listener.LOCAL, "POST", "/items",
                HttpFields.build().put("content-length", "2"), new ByteBufferContentSource(utf8("{}")), new RecordingClientResponse(),
                refusing), settings());

        assertThat(fromPeer.error()).isEqualTo(GatewayError.NO_HEALTHY_UPSTREAM);
        assertThat(fromPeer.getMessage()).contains("no endpoint of 'svc' in this region could be reached");
        assertThat(fromLocalCaller.error()).isEqualTo(GatewayError.UPSTREAM_UNAVAILABLE);
    }

    @Test
    void whenTheBudgetIsSpentTheCallEndsWithItsLastError() throws Exception {
        Forwarding.Settings noRetries = new Forwarding.Settings(3, 64 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(10), 0, 0);

        GatewayException failure = failureOf(noRetries, "GET", "/items", HttpFields.build(), empty(),
                local(Protocol.HTTP1, closedPort()), remote(NORTH, echoAddress()));

        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_UNAVAILABLE);
    }

    // --- fixtures

    private static Forwarding.Settings settings() {
        return new Forwarding.Settings(3, 64 * 1024, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(10), 0.2, 10);
    }

    private static Forwarding.Settings withRetryBuffer(Forwarding.Settings settings, int bytes) {
        return new Forwarding.Settings(settings.maxAttempts(), bytes, settings.perTryTimeout(), settings.callTimeout(),
                settings.budgetWindow(), settings.budgetRatio(), settings.budgetMinRetriesPerSecond());
    }

    /** Answers as a peer gateway whose region has no healthy endpoint: 503, or gRPC's trailers-only form. */
    private static void refuse(Response response, Callback callback, boolean grpc) {
        response.getHeaders().put("x-strait-error", "no_healthy_upstream");
        if (grpc) {
            response.setStatus(200);
            response.getHeaders().put("content-type", "application/grpc");
            response.getHeaders().put("grpc-status", "14");
            response.write(true, ByteBuffer.allocate(0), callback);
        } else {
            response.setStatus(503);
            Content.Sink.write(response, true, "{\"error\":\"no_healthy_upstream\"}", callback);
        }
    }

    /**
     * Reads at least {@code bytes} of the request's body. Not {@code InputStream.readNBytes}: having
     * them, it asks for 0 more, which Jetty's request stream answers by waiting for more content.
     */
    private static void readAtLeast(Request request, int bytes) throws Exception {
        InputStream in = Content.Source.asInputStream(request);
        byte[] buffer = new byte[bytes];
        for (int filled = 0; filled < bytes; ) {
            int n = in.read(buffer, filled, bytes - filled);
            if (n < 0) {
                throw new EOFException("the body ended after " + filled + " bytes");
            }
            filled += n;
        }
    }

    private <T extends AutoCloseable> T upstream(T upstream) {
        upstreams.add(upstream);
        return upstream;
    }

    private HostPort echoAddress() {
        return new HostPort("127.0.0.1", echo.port());
    }

    private static Candidate local(Protocol protocol, HostPort endpoint) {
        return new Candidate.LocalEndpoints(EAST, SERVICE, protocol, UpstreamTls.PLAINTEXT,
                List.of(new EndpointConfig(EndpointId.of("svc-east"), endpoint)));
    }

    private static Candidate remote(RegionName region, HostPort gateway) {
        return new Candidate.RemoteRegion(region, List.of(gateway), 1, false);
    }

    private static Content.Source empty() {
        return new ByteBufferContentSource(ByteBuffer.allocate(0));
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static HostPort closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostPort("127.0.0.1", socket.getLocalPort());
        }
    }

    private static Exchange exchange(String method, String path, HttpFields headers, Content.Source body,
            RecordingClientResponse response, Candidate... candidates) {
        return exchange(Listener.LOCAL, method, path, headers, body, response, candidates);
    }

    private static Exchange exchange(Listener listener, String method, String path, HttpFields headers, Content.Source body,
            RecordingClientResponse response, Candidate... candidates) {
        Exchange exchange = new Exchange(listener, new RequestHead(method, "svc.mesh", path, true, headers.asImmutable()),
                body, response, SNAPSHOT, Optional.empty());
        exchange.caller(new Caller.Anonymous(EAST));
        exchange.route(new Resolution.Routed(SERVICE, false, Arrays.asList(candidates)));
        return exchange;
    }

    private RecordingClientResponse call(Forwarding.Settings settings, String method, String path, HttpFields headers,
            Content.Source body, Candidate... candidates) throws Exception {
        RecordingClientResponse response = new RecordingClientResponse();
        runOnVirtualThread(exchange(method, path, headers, body, response, candidates), settings)
                .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        return response;
    }

    private GatewayException failureOf(Forwarding.Settings settings, String method, String path, HttpFields headers,
            Content.Source body, Candidate... candidates) {
        return catchFailure(exchange(method, path, headers, body, new RecordingClientResponse(), candidates), settings);
    }

    private GatewayException catchFailure(Exchange exchange, Forwarding.Settings settings) {
        CompletableFuture<Void> call = runOnVirtualThread(exchange, settings);
        Throwable failure = catchThrowableOfType(ExecutionException.class,
                () -> call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertThat(failure).as("the call failed").isNotNull();
        assertThat(exchange.gatewayToClientResponse().isCommitted()).isFalse();
        return (GatewayException) failure.getCause();
    }

    /** Runs the call on a virtual thread, as the server does. */
    private CompletableFuture<Void> runOnVirtualThread(Exchange exchange, Forwarding.Settings settings) {
        return VirtualThreadCall.forward(new Forwarding(transports, settings), exchange);
    }

    private static void assertServedByTheEcho(RecordingClientResponse response, byte[] body) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode echoed = JsonMapper.shared().readTree(response.body());
        assertThat(echoed.get("endpoint").asString()).isEqualTo("svc-north");
        assertThat(echoed.get("bodyBytes").asLong()).isEqualTo(body.length);
        assertThat(echoed.get("bodySha256").asString())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}

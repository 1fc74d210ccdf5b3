package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.authz.CompiledAuthorization;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls in flight to a remote gateway whose link goes silent (a partition that drops packets:
 * no reset, no close) end as soon as the probes find the gateway unreachable, not after the 5 s
 * default per-try timeout: a GET moves on to the next region, a POST the gateway may have acted on
 * fails at once as timed out. West's gateway (h2c on loopback) is reached through a relay the test
 * freezes; north's is the next candidate.
 */
class SilentPeerGatewayTest {
    private static final ServiceName SERVICE = ServiceName.of("svc");
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final RegionName NORTH = RegionName.of("north");
    private static final RoutingSnapshot SNAPSHOT = new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh",
            Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY,
            List.of(), Map.of());
    // Two missed pings 50 ms apart, each given 200 ms: a silent gateway is found within about 0.5 s.
    private static final PeerProber.Settings PROBES = new PeerProber.Settings(Duration.ofMillis(50), Duration.ofMillis(200), 2);
    // Well under the default per-try timeout (5 s) a GET would otherwise wait out, with room for a loaded machine.
    private static final Duration PROMPTLY = Duration.ofMillis(2500);
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    // How long west takes over a slow call: longer than the probes take to find a silent gateway.
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(1);

    private UpstreamTransports transports;
    private TestUpstream west;
    private FreezableTcpRelay linkToWest;
    private TestUpstream north;
    private PeerProber prober;
    private final LinkedBlockingQueue<String> heldAtWest = new LinkedBlockingQueue<>();
    private final CountDownLatch westAnswersHeldCalls = new CountDownLatch(1);
    private final LinkedBlockingQueue<Set<HostPort>> unreachableReports = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", new UpstreamTransports.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), new PlaintextTls());
        west = TestUpstream.start((request, response, callback) -> {
            String body = Content.Source.asString(request, StandardCharsets.UTF_8);
            String path = Request.getPathInContext(request);
            if (path.equals("/held")) {
                // The whole request arrived; west answers only when the test says so.
                heldAtWest.add(request.getMethod() + " " + body);
                westAnswersHeldCalls.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } else if (path.equals("/slow")) {
                heldAtWest.add(request.getMethod() + " " + body);
                Thread.sleep(SLOW_ANSWER);
            }
            response.setStatus(200);
            response.getHeaders().put("x-served-by", "west");
            Content.Sink.write(response, true, "west", callback);
        });
        linkToWest = FreezableTcpRelay.to(west.address());
        north = TestUpstream.start((request, response, callback) -> {
            Content.Source.consumeAll(request);
            response.setStatus(200);
            response.getHeaders().put("x-served-by", "north");
            Content.Sink.write(response, true, "north", callback);
        });
        // The pooled connection to west, which calls and probes share, is open and warm before the
        // probes start, so that their short timeout measures the link, not a cold start.
        assertThat(transports.ping(WEST, linkToWest.address(), DEADLINE)).as("west answers a ping").isTrue();
        RecordingClientResponse first = new RecordingClientResponse();
        run(exchange("GET", "/", first)).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.headersSent().get("x-served-by")).isEqualTo("west");
        prober = new PeerProber(transports, List.of(new PeerProber.Target(WEST, linkToWest.address())), PROBES,
                unreachableReports::add);
        prober.start();
    }

    @AfterEach
    void stop() throws Exception {
        westAnswersHeldCalls.countDown();
        if (prober != null) {
            prober.close();
        }
        linkToWest.close();
        west.close();
        north.close();
        transports.close();
    }

    @Test
    void aGetInFlightToAGatewayThatFallsSilentIsAnsweredByTheNextRegionOnceTheProbesMissIt() throws Exception {
        RecordingClientResponse response = new RecordingClientResponse();
        CompletableFuture<Void> call = run(exchange("GET", "/held", response));
        assertThat(heldAtWest.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("GET ");

        linkToWest.freeze();
        long frozenAt = System.nanoTime();
        // West answers now, but its answer is lost in the partition.
        westAnswersHeldCalls.countDown();
        call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - frozenAt);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headersSent().get("x-served-by")).isEqualTo("north");
        assertThat(elapsed).as("time from the freeze to north's answer").isLessThan(PROMPTLY);
        assertThat(unreachableReports.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).containsExactly(linkToWest.address());
        assertThat(transports.balancer().allEjected(List.of(linkToWest.address()))).as("west's gateway is avoided").isTrue();
    }

    @Test
    void aPostInFlightToAGatewayThatFallsSilentFailsAsTimedOutOnceTheProbesMissItAndIsNotSentElsewhere() throws Exception {
        CompletableFuture<Void> call = run(exchange("POST", "/held", new RecordingClientResponse()));
        assertThat(heldAtWest.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("west has the whole body").isEqualTo("POST {}");

        linkToWest.freeze();
        long frozenAt = System.nanoTime();
        GatewayException failure = failureOf(call);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - frozenAt);

        // West may have acted on it: sending it to north could do it twice.
        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_TIMEOUT);
        assertThat(failure.error().status()).isEqualTo(504);
        assertThat(failure.getMessage()).contains("gateway " + linkToWest.address() + " stopped answering pings");
        assertThat(elapsed).as("time from the freeze to the failure").isLessThan(PROMPTLY);
        assertThat(north.requests()).isZero();
        assertThat(unreachableReports.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).containsExactly(linkToWest.address());
        assertThat(transports.balancer().allEjected(List.of(linkToWest.address()))).as("west's gateway is avoided").isTrue();
    }

    @Test
    void aSlowGatewayThatAnswersItsPingsKeepsTheCallsInFlightToIt() throws Exception {
        RecordingClientResponse response = new RecordingClientResponse();
        CompletableFuture<Void> call = run(exchange("GET", "/slow", response));

        call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(heldAtWest).containsExactly("GET ");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headersSent().get("x-served-by")).as("answered after " + SLOW_ANSWER).isEqualTo("west");
        assertThat(north.requests()).isZero();
        assertThat(unreachableReports).isEmpty();
        assertThat(transports.balancer().allEjected(List.of(linkToWest.address()))).isFalse();
    }

    // --- fixtures

    /** A call from a local caller to west's gateway (through the relay), with north's gateway next. */
    private Exchange exchange(String method, String path, RecordingClientResponse response) {
        boolean post = method.equals("POST");
        HttpFields headers = post ? HttpFields.build().put("content-length", "2") : HttpFields.EMPTY;
        Exchange exchange = new Exchange(Listener.LOCAL, new RequestHead(method, "svc.mesh", path, true, headers),
                new ByteBufferContentSource(ByteBuffer.wrap((post ? "{}" : "").getBytes(StandardCharsets.UTF_8))), response,
                SNAPSHOT, Optional.empty());
        exchange.caller(new Caller.Anonymous(EAST));
        exchange.route(new Resolution.Routed(SERVICE, false, List.of(
                new Candidate.RemoteRegion(WEST, List.of(linkToWest.address()), 1, false),
                new Candidate.RemoteRegion(NORTH, List.of(north.address()), 1, false))));
        return exchange;
    }

    /** Runs the call on a virtual thread, as the server does, with the default settings (5 s per retryable try). */
    private CompletableFuture<Void> run(Exchange exchange) {
        return VirtualThreadCall.forward(new Forwarding(transports, Forwarding.Settings.defaults()), exchange);
    }

    private static GatewayException failureOf(CompletableFuture<Void> call) {
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertThat(failure).as("the call failed").isNotNull();
        return (GatewayException) failure.getCause();
    }
}

package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.faults.LinkFaultInjection;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.traffic.Backoff;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.CompiledTraffic;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.TrafficPolicy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What this region's faults on the link to another region do to calls forwarded there, over real
 * h2c sockets: a peer gateway in region west (counting what reaches it) and an echo gateway in
 * region north, the next candidate.
 */
class LinkFaultForwardingTest {
    private static final ServiceName SERVICE = ServiceName.of("svc");
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final RegionName NORTH = RegionName.of("north");
    private static final long NOW = 1_700_000_000_000L;
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Forwarding.Settings SETTINGS = new Forwarding.Settings(3, 64 * 1024, Duration.ofMillis(500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), 0.2, 10);

    private UpstreamTransports transports;
    private EchoServer north;
    private TestUpstream west;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", new UpstreamTransports.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(5)), new PlaintextTls());
        north = EchoServer.start(EchoOptions.loopback(SERVICE, NORTH, EndpointId.of("svc-north")));
        west = TestUpstream.start((request, response, callback) -> {
            Content.Source.consumeAll(request);
            response.setStatus(200);
            response.getHeaders().put("x-served-by", "west");
            Content.Sink.write(response, true, "west", callback);
        });
    }

    @AfterEach
    void stop() throws Exception {
        west.close();
        north.close();
        transports.close();
    }

    @Test
    void aPartitionedRegionIsPassedOverAsOneThatCannotBeConnectedToEvenForAPost() throws Exception {
        Exchange exchange = exchange("POST", snapshot(LinkFault.partition("cut", WEST, NOW + 60_000)), body("{}"));

        run(exchange).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(response(exchange).status()).isEqualTo(200);
        assertThat(response(exchange).headersSent().get("x-echo-endpoint")).isEqualTo("svc-north");
        assertThat(west.requests()).as("nothing crosses a cut link").isZero();
        assertThat(transports.balancer().allEjected(List.of(west.address()))).isTrue();
    }

    @Test
    void aCallWithNowhereElseToGoFailsAsUpstreamUnavailableNamingTheFault() {
        Exchange exchange = exchange("GET", snapshot(LinkFault.partition("cut", WEST, NOW + 60_000)), empty(), remote(WEST, west));

        GatewayException failure = failureOf(exchange);

        assertThat(failure.error()).isEqualTo(GatewayError.UPSTREAM_UNAVAILABLE);
        assertThat(failure.getMessage()).contains("region 'east' is partitioned from it by fault 'cut' (nothing was sent)");
        assertThat(west.requests()).isZero();
    }

    @Test
    void anAbortIsAnsweredHereMarkedAsAFaultAndNothingIsSent() throws Exception {
        Exchange exchange = exchange("POST", snapshot(abort("drop", 503)), body("{}"));

        run(exchange).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        RecordingClientResponse response = response(exchange);
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.headersSent().get(StraitHeaders.FAULT)).isEqualTo("drop");
        assertThat(response.headersSent().get(StraitHeaders.REGION)).isEqualTo("east");
        assertThat(response.headersSent().get(StraitHeaders.ERROR)).isNull();
        assertThat(response.body()).isEqualTo("{\"error\":\"fault_injected\",\"fault\":\"drop\"}");
        assertThat(west.requests()).isZero();
    }

    @Test
    void anAbortWithAStatusTheRouteRetriesOnMovesTheCallOnAsThatAnswerWould() throws Exception {
        Exchange exchange = exchange("GET", snapshot(abort("drop", 503)), empty());
        exchange.trafficRoute(retryingOnGatewayErrors());

        run(exchange).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(response(exchange).status()).isEqualTo(200);
        assertThat(response(exchange).headersSent().get("x-echo-endpoint")).isEqualTo("svc-north");
        assertThat(west.requests()).isZero();
        assertThat(transports.balancer().allEjected(List.of(west.address()))).as("an answer does not eject").isFalse();
    }

    @Test
    void aDelayIsWaitedThenTheCallGoesOnToTheRegion() throws Exception {
        LinkFault slow = new LinkFault("slow", WEST, false, Optional.of(new Fault.Delay(Duration.ofMillis(200), 100)),
                Optional.empty(), NOW + 60_000);
        Exchange exchange = exchange("GET", snapshot(slow), empty());

        run(exchange).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(pauses).containsExactly(Duration.ofMillis(200));
        assertThat(response(exchange).headersSent().get("x-served-by")).isEqualTo("west");
        assertThat(west.requests()).isEqualTo(1);
    }

    @Test
    void anExpiredFaultOrOneOnAnotherLinkChangesNothing() throws Exception {
        Exchange expired = exchange("GET", snapshot(LinkFault.partition("cut", WEST, NOW)), empty());
        Exchange otherLink = exchange("GET", snapshot(LinkFault.partition("cut", NORTH, NOW + 60_000)), empty());

        run(expired).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        run(otherLink).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);

        assertThat(response(expired).headersSent().get("x-served-by")).isEqualTo("west");
        assertThat(response(otherLink).headersSent().get("x-served-by")).isEqualTo("west");
        assertThat(west.requests()).isEqualTo(2);
    }

    // --- fixtures

    private static LinkFault abort(String id, int status) {
        return new LinkFault(id, WEST, false, Optional.empty(), Optional.of(new Fault.Abort(status, 100)), NOW + 60_000);
    }

    private static RoutingSnapshot snapshot(LinkFault... faults) {
        return new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh", Map.of(), Map.of(), Map.of(), Map.of(),
                Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of(), CompiledTraffic.EMPTY,
                Map.of(EAST, CompiledAuthorization.EMPTY),
                Map.of(faults[0].peer(), List.of(faults)));
    }

    private static dev.strait.policy.traffic.SelectedRoute retryingOnGatewayErrors() {
        RetryRules rules = new RetryRules(3, Set.of(RetryOn.CONNECT_FAILURE, RetryOn.GATEWAY_ERROR), Set.of(), Backoff.NONE);
        TrafficPolicy policy = new TrafficPolicy(List.of(), RouteSettings.NONE.withRetries(rules), CircuitBreaker.DEFAULT, List.of());
        return CompiledTraffic.compile(Map.of(SERVICE, policy)).service(SERVICE).defaultRoute();
    }

    private Exchange exchange(String method, RoutingSnapshot snapshot, Content.Source body) {
        return exchange(method, snapshot, body, remote(WEST, west), new Candidate.RemoteRegion(NORTH,
                List.of(new HostPort("127.0.0.1", north.port())), 1, false));
    }

    private static Exchange exchange(String method, RoutingSnapshot snapshot, Content.Source body, Candidate... candidates) {
        HttpFields headers = method.equals("POST") ? HttpFields.build().put("content-length", "2") : HttpFields.EMPTY;
        Exchange exchange = new Exchange(Listener.LOCAL, new RequestHead(method, "svc.mesh", "/items", true, headers), body,
                new RecordingClientResponse(), snapshot, Optional.empty());
        exchange.caller(new Caller.Anonymous(EAST));
        exchange.route(new Resolution.Routed(SERVICE, false, List.of(candidates)));
        return exchange;
    }

    private static Candidate remote(RegionName region, TestUpstream gateway) {
        return new Candidate.RemoteRegion(region, List.of(gateway.address()), 1, false);
    }

    private static RecordingClientResponse response(Exchange exchange) {
        return (RecordingClientResponse) exchange.gatewayToClientResponse();
    }

    private static Content.Source body(String text) {
        return new ByteBufferContentSource(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Content.Source empty() {
        return new ByteBufferContentSource(ByteBuffer.allocate(0));
    }

    private GatewayException failureOf(Exchange exchange) {
        CompletableFuture<Void> call = run(exchange);
        Throwable failure = catchThrowableOfType(ExecutionException.class, () -> call.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertThat(failure).as("the call failed").isNotNull();
        return (GatewayException) failure.getCause();
    }

    /** Runs the call on a virtual thread, as the server does, with the wall clock at {@link #NOW} and delays recorded. */
    private CompletableFuture<Void> run(Exchange exchange) {
        LinkFaultInjection linkFaults = new LinkFaultInjection(() -> NOW, SplittableRandom::new, pauses::add);
        return VirtualThreadCall.forward(new Forwarding(transports, SETTINGS, System::nanoTime, linkFaults), exchange);
    }
}

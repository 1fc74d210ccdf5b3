package dev.strait.gateway.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.ClientResponse;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
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
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.CompiledTraffic;
import dev.strait.policy.traffic.Destination;
import dev.strait.policy.traffic.RouteMatch;
import dev.strait.policy.traffic.RouteSettings;
import dev.strait.policy.traffic.Subset;
import dev.strait.policy.traffic.TrafficPolicy;
import dev.strait.policy.traffic.TrafficRoute;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The traffic stage: which route a call takes and how its split changes the candidates, on the
 * local and the peer listener, and that a region leaves the rules of services it does not serve
 * to the region that does.
 */
class TrafficRoutingTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final ServiceName CATALOG = ServiceName.of("catalog");
    private static final EndpointConfig V1 = endpoint("catalog-1", 9001, "v1");
    private static final EndpointConfig V2 = endpoint("catalog-2", 9002, "v2");
    private static final Candidate.LocalEndpoints LOCAL = new Candidate.LocalEndpoints(EAST, CATALOG, Protocol.HTTP1,
            UpstreamTls.PLAINTEXT, List.of(V1, V2));
    private static final Candidate.RemoteRegion REMOTE = new Candidate.RemoteRegion(WEST, List.of(new HostPort("10.0.0.9", 443)), 2, false);
    private static final List<Subset> SUBSETS = List.of(new Subset("v1", Map.of("version", "v1")),
            new Subset("v2", Map.of("version", "v2")), new Subset("v3", Map.of("version", "v3")));

    @Test
    void aSplitToASubsetNarrowsThisRegionsEndpointsAndKeepsTheOtherRegionsBehind() throws Exception {
        Exchange exchange = run(Listener.LOCAL, split(new Destination.ToSubset("v2", 100)), true);

        assertThat(exchange.route().candidates()).containsExactly(
                new Candidate.LocalEndpoints(EAST, CATALOG, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(V2)), REMOTE);
        assertThat(exchange.trafficRoute().name()).isEqualTo("split");
    }

    @Test
    void aSubsetWithNoRoutableEndpointLeavesTheCallToTheNextRegion() throws Exception {
        Exchange exchange = run(Listener.LOCAL, split(new Destination.ToSubset("v3", 100)), true);

        assertThat(exchange.route().candidates()).containsExactly(REMOTE);
    }

    @Test
    void aSplitToARegionPutsItFirstAndKeepsThisRegionAsFallback() throws Exception {
        Exchange exchange = run(Listener.LOCAL, split(new Destination.ToRegion(WEST, 100)), true);

        assertThat(exchange.route().candidates()).containsExactly(REMOTE, LOCAL);
    }

    @Test
    void aCallFromAPeerGatewayNeverLeavesTheRegionAndTakesOnlyTheSplitsSubsets() throws Exception {
        Exchange exchange = run(Listener.PEER, split(new Destination.ToRegion(WEST, 50), new Destination.ToSubset("v1", 50)), true);

        assertThat(exchange.route().candidates()).containsExactly(
                new Candidate.LocalEndpoints(EAST, CATALOG, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(V1)), REMOTE);
    }

    @Test
    void aCallForAServiceServedElsewhereTakesTheDefaultsUnchanged() throws Exception {
        Exchange exchange = run(Listener.LOCAL, split(new Destination.ToSubset("v2", 100)), false);

        assertThat(exchange.route().candidates()).containsExactly(LOCAL, REMOTE);
        assertThat(exchange.trafficRoute().index()).as("the implicit default route").isEqualTo(-1);
    }

    @Test
    void aCallNoRouteMatchesTakesTheDefaultRouteWithTheServicesSettings() throws Exception {
        TrafficRoute onlyPosts = TrafficRoute.of(new RouteMatch(List.of(), Set.of("POST"), List.of()))
                .withSplit(List.of(new Destination.ToSubset("v2", 100)));

        Exchange exchange = run(Listener.LOCAL, onlyPosts, true);

        assertThat(exchange.route().candidates()).containsExactly(LOCAL, REMOTE);
        assertThat(exchange.trafficRoute().index()).isEqualTo(-1);
    }

    private static TrafficRoute split(Destination... destinations) {
        return TrafficRoute.of(RouteMatch.ANY).withName("split").withSplit(List.of(destinations));
    }

    /** Runs a GET through the stage; {@code servedHere} says whether the snapshot's region serves the service. */
    private static Exchange run(Listener listener, TrafficRoute route, boolean servedHere) throws GatewayException {
        TrafficPolicy policy = new TrafficPolicy(SUBSETS, RouteSettings.NONE, CircuitBreaker.DEFAULT, List.of(route));
        Map<ServiceName, RoutingSnapshot.LocalService> local = servedHere
                ? Map.of(CATALOG, new RoutingSnapshot.LocalService(LOCAL, Set.of(WEST)))
                : Map.of();
        RoutingSnapshot snapshot = new RoutingSnapshot(1, EAST, new TrustDomain("strait.test"), "mesh", Map.of(), Map.of(), local,
                Map.of(), Set.of(), List.of(), Map.of(), CompiledAuthorization.EMPTY, List.of(), Map.of(),
                CompiledTraffic.compile(Map.of(CATALOG, policy)));
        Exchange exchange = new Exchange(listener, new RequestHead("GET", "catalog.mesh", "/items", false, HttpFields.EMPTY),
                Content.Source.from(ByteBuffer.allocate(0)), new NoResponse(), snapshot, Optional.empty());
        exchange.caller(new Caller.Anonymous(listener == Listener.PEER ? WEST : EAST));
        exchange.route(new Resolution.Routed(CATALOG, false, List.of(LOCAL, REMOTE)));
        AtomicReference<Exchange> reached = new AtomicReference<>();
        new Pipeline(List.of(new TrafficRouting(() -> new SplittableRandom(7)), (passed, chain) -> reached.set(passed))).handle(exchange);
        assertThat(reached.get()).as("the stage passes the call on").isSameAs(exchange);
        return exchange;
    }

    private static EndpointConfig endpoint(String id, int port, String version) {
        return new EndpointConfig(EndpointId.of(id), new HostPort("127.0.0.1", port), Map.of("version", version));
    }

    /** The stage never answers the client. */
    private static final class NoResponse implements ClientResponse {
        @Override
        public void status(int status) {
            throw new AssertionError("the traffic stage answered the client");
        }

        @Override
        public HttpFields.Mutable headers() {
            throw new AssertionError("the traffic stage answered the client");
        }

        @Override
        public void trailers(Supplier<HttpFields> trailers) {
            throw new AssertionError("the traffic stage answered the client");
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            throw new AssertionError("the traffic stage answered the client");
        }

        @Override
        public boolean isCommitted() {
            return false;
        }
    }
}

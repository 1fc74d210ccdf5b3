package dev.strait.gateway.authorization;

import static dev.strait.gateway.authorization.Snapshots.EAST;
import static dev.strait.gateway.authorization.Snapshots.TRUST_DOMAIN;
import static dev.strait.gateway.authorization.Snapshots.WEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.snapshot.Candidate;
import dev.strait.federation.snapshot.Resolution;
import dev.strait.federation.snapshot.RoutingSnapshot;
import dev.strait.gateway.identity.Caller;
import dev.strait.gateway.pipeline.Exchange;
import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.GatewayException;
import dev.strait.gateway.pipeline.Listener;
import dev.strait.gateway.pipeline.Pipeline;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.HeaderMatch;
import dev.strait.policy.authz.PathMatch;
import dev.strait.policy.authz.ServiceAuthorization;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationTest {
    private static final ServiceName PAYMENTS = new ServiceName("payments");
    private static final ServiceName LEDGER = new ServiceName("ledger");
    private static final ServiceName AUDIT = new ServiceName("audit");
    private static final Caller ANONYMOUS_EAST = new Caller.Anonymous(EAST);
    private static final Caller ANONYMOUS_WEST = new Caller.Anonymous(WEST);
    private static final Caller CHECKOUT_EAST = workload(EAST, "checkout");
    private static final Caller CHECKOUT_WEST = workload(WEST, "checkout");
    private static final Caller LEGACY_WEST = workload(WEST, "legacy");
    private static final Caller LEGACY_EAST = workload(EAST, "legacy");

    /** payments: checkout anywhere may GET /api with x-env: prod; legacy is denied; anonymous may GET /public. */
    private static final RoutingSnapshot SNAPSHOT = Snapshots.east(Set.of(PAYMENTS), List.of(new ServiceAuthorization(PAYMENTS, List.of(
            AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("service:legacy"))),
            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:checkout")))
                    .withMethods(Set.of("GET"))
                    .withPaths(List.of(PathMatch.prefix("/api")))
                    .withHeaders(List.of(new HeaderMatch("x-env", new HeaderMatch.Exact("prod")))),
            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("anonymous"), CallerPattern.parse("region:*")))
                    .withPaths(List.of(PathMatch.exact("/public")))))), List.of());

    /**
     * SNAPSHOT, knowing also eu-west's and eu-north's rules, as this region's config has them:
     * <pre>
     * eu-west  ledger: deny service:legacy; allow service:checkout GET
     *          audit:  allow anonymous when x-strait-source, keep-alive, x-debug are absent and te is not trailers
     * eu-north ledger: allow service:checkout POST, DELETE (not GET)
     * </pre>
     */
    private static final RoutingSnapshot EARLY = Snapshots.knowing(SNAPSHOT, Map.of(
            WEST, List.of(
                    new ServiceAuthorization(LEDGER, List.of(
                            AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("service:legacy"))),
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:checkout")))
                                    .withMethods(Set.of("GET")))),
                    new ServiceAuthorization(AUDIT, List.of(
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("anonymous"))).withHeaders(List.of(
                                    new HeaderMatch("x-strait-source", new HeaderMatch.Absent()),
                                    new HeaderMatch("keep-alive", new HeaderMatch.Absent()),
                                    new HeaderMatch("x-debug", new HeaderMatch.Absent()))),
                            AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("anonymous"))).withHeaders(List.of(
                                    new HeaderMatch("te", new HeaderMatch.Exact("trailers"))))))),
            Snapshots.NORTH, List.of(
                    new ServiceAuthorization(LEDGER, List.of(
                            AuthorizationRule.of(Action.ALLOW, List.of(CallerPattern.parse("service:checkout")))
                                    .withMethods(Set.of("POST", "DELETE")))))));

    /** SNAPSHOT, knowing that eu-west denies anonymous 'ledger' callers and that eu-north serves 'audit' only. */
    private static final RoutingSnapshot NORTH_WITHOUT_LEDGER = Snapshots.knowing(SNAPSHOT, Map.of(
            WEST, List.of(new ServiceAuthorization(LEDGER, List.of(
                    AuthorizationRule.of(Action.DENY, List.of(CallerPattern.parse("anonymous")))))),
            Snapshots.NORTH, List.of(new ServiceAuthorization(AUDIT, List.of()))));

    static Stream<Arguments> peerCalls() {
        return Stream.of(
                Arguments.of("allowed caller", CHECKOUT_WEST, "GET", "/api/x", prod(), true),
                Arguments.of("query is not part of the path", CHECKOUT_WEST, "GET", "/api?debug=1", prod(), true),
                Arguments.of("method narrows", CHECKOUT_WEST, "POST", "/api/x", prod(), false),
                Arguments.of("path narrows", CHECKOUT_WEST, "GET", "/apix", prod(), false),
                Arguments.of("header narrows", CHECKOUT_WEST, "GET", "/api/x", HttpFields.build().add("x-env", "dev"), false),
                Arguments.of("a repeated header is its joined values", CHECKOUT_WEST, "GET", "/api/x",
                        HttpFields.build().add("x-env", "prod").add("X-Env", "dev"), false),
                Arguments.of("deny rule", LEGACY_WEST, "GET", "/public", prod(), false),
                Arguments.of("anonymous without a rule", ANONYMOUS_WEST, "GET", "/api/x", prod(), false),
                Arguments.of("anonymous granted by name", ANONYMOUS_WEST, "GET", "/public", HttpFields.build(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("peerCalls")
    void decidesEveryCallFromAPeerGateway(String name, Caller caller, String method, String path, HttpFields.Mutable headers,
            boolean allowed) throws Exception {
        Exchange exchange = exchange(Listener.PEER, caller, method, path, headers, PAYMENTS, false,
                Snapshots.localEndpoints(PAYMENTS));

        assertThat(passes(exchange)).isEqualTo(allowed);
    }

    @Test
    void aDenialIsA403NamingTheDecidingRegionAndTheReason() {
        Exchange exchange = exchange(Listener.PEER, LEGACY_WEST, "GET", "/api", prod(), PAYMENTS, false,
                Snapshots.localEndpoints(PAYMENTS));

        assertThatThrownBy(() -> new Pipeline(List.of(new Authorization())).handle(exchange))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.error()).isEqualTo(GatewayError.DENIED))
                .hasMessageContaining("region 'us-east'")
                .hasMessageContaining("authorization rule [0] of service 'payments'");
    }

    @Test
    void aLocalCallToAServiceServedHereIsDecidedHere() throws Exception {
        assertThat(passes(exchange(Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), PAYMENTS, false,
                Snapshots.localEndpoints(PAYMENTS), Snapshots.west()))).isFalse();
        assertThat(passes(exchange(Listener.LOCAL, CHECKOUT_EAST, "GET", "/api", prod(), PAYMENTS, false,
                Snapshots.localEndpoints(PAYMENTS), Snapshots.west()))).isTrue();
    }

    @Test
    void aLocalCallToAServiceWhoseRulesThisRegionDoesNotKnowIsLeftToTheDestination() throws Exception {
        assertThat(passes(exchange(Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), LEDGER, false,
                Snapshots.west()))).isTrue();
        // Where this region's config has eu-north serve no 'ledger' (a newer config may), eu-north decides itself.
        assertThat(passes(exchange(EARLY, Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), LEDGER, false,
                Snapshots.west(), Snapshots.north()))).isFalse();
        assertThat(passes(exchange(NORTH_WITHOUT_LEDGER, Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), LEDGER, false,
                Snapshots.west(), Snapshots.north()))).isTrue();
    }

    static Stream<Arguments> localCallsServedElsewhere() {
        Candidate west = Snapshots.west();
        Candidate north = Snapshots.north();
        return Stream.of(
                Arguments.of("allowed where it would go", CHECKOUT_EAST, "GET", "/api", List.of(west), false, true),
                Arguments.of("denied by the only candidate", CHECKOUT_EAST, "POST", "/api", List.of(west), false, false),
                Arguments.of("denied by one candidate, allowed by the next", CHECKOUT_EAST, "POST", "/api", List.of(west, north),
                        false, true),
                Arguments.of("allowed by the first candidate, denied by the next", CHECKOUT_EAST, "GET", "/api",
                        List.of(west, north), false, true),
                Arguments.of("denied by every candidate", LEGACY_EAST, "GET", "/api", List.of(west, north), false, false),
                Arguments.of("anonymous, denied by every candidate", ANONYMOUS_EAST, "GET", "/api", List.of(west, north), false,
                        false),
                Arguments.of("pinned to a region that denies", CHECKOUT_EAST, "POST", "/api", List.of(west), true, false),
                Arguments.of("pinned to a region that allows", CHECKOUT_EAST, "POST", "/api", List.of(north), true, true),
                Arguments.of("nowhere to go: no region denied it", LEGACY_EAST, "GET", "/api", List.of(), false, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("localCallsServedElsewhere")
    void aLocalCallServedElsewhereIsRefusedEarlyOnlyWhenEveryCandidateRegionDeniesIt(String name, Caller caller,
            String method, String path, List<Candidate> candidates, boolean pinned, boolean allowed) throws Exception {
        Exchange exchange = exchange(EARLY, Listener.LOCAL, caller, method, path, HttpFields.build(), LEDGER, pinned,
                candidates.toArray(Candidate[]::new));

        assertThat(passes(exchange)).isEqualTo(allowed);
    }

    @Test
    void anEarlyRefusalSaysSoAndNamesEveryRegionThatWouldDenyTheCall() {
        Exchange exchange = exchange(EARLY, Listener.LOCAL, LEGACY_EAST, "GET", "/api", HttpFields.build(), LEDGER, false,
                Snapshots.west(), Snapshots.north());

        assertThatThrownBy(() -> new Pipeline(List.of(new Authorization())).handle(exchange))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.error()).isEqualTo(GatewayError.DENIED))
                .hasMessageStartingWith("region 'us-east' refuses the call early, since every region that would serve it denies it: ")
                .hasMessageContaining("region 'eu-west' denies spiffe://strait.test/region/us-east/service/legacy calling"
                        + " service 'ledger': denied by authorization rule [0] of service 'ledger'")
                .hasMessageContaining("; region 'eu-north' denies spiffe://strait.test/region/us-east/service/legacy calling"
                        + " service 'ledger': calls from another region are denied");
    }

    static Stream<Arguments> headersTheDestinationNeverSees() {
        return Stream.of(
                Arguments.of("a claimed x-strait-source", HttpFields.build().add("x-strait-source",
                        "spiffe://strait.test/region/us-east/service/checkout")),
                Arguments.of("a hop-by-hop header", HttpFields.build().add("keep-alive", "timeout=5")),
                Arguments.of("a header the client named in Connection", HttpFields.build().add("Connection", "close, X-Debug")
                        .add("x-debug", "1")),
                Arguments.of("te other than trailers", HttpFields.build().add("te", "gzip")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersTheDestinationNeverSees")
    void anEarlyDecisionReadsTheHeadersAsTheDestinationWill(String name, HttpFields.Mutable headers) throws Exception {
        // eu-west's 'audit' allows anonymous callers only without these headers, which forwarding drops.
        Exchange exchange = exchange(EARLY, Listener.LOCAL, ANONYMOUS_EAST, "GET", "/", headers, AUDIT, false, Snapshots.west());

        assertThat(passes(exchange)).isTrue();
    }

    @Test
    void anEarlyDecisionSeesTheIdentityThisGatewayAssertsAndTeTrailers() throws Exception {
        // 'audit' allows anonymous only without x-strait-source; checkout gets one from this gateway, so it is refused.
        assertThat(passes(exchange(EARLY, Listener.LOCAL, CHECKOUT_EAST, "GET", "/", HttpFields.build(), AUDIT, false,
                Snapshots.west()))).isFalse();
        assertThat(passes(exchange(EARLY, Listener.LOCAL, ANONYMOUS_EAST, "GET", "/", HttpFields.build().add("te", "trailers"),
                AUDIT, false, Snapshots.west()))).isFalse();
    }


    @Test
    void aLocalCallPinnedToAnotherRegionIsLeftToThatRegion() throws Exception {
        assertThat(passes(exchange(Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), PAYMENTS, true,
                Snapshots.west()))).isTrue();
        assertThat(passes(exchange(Listener.LOCAL, ANONYMOUS_EAST, "GET", "/api", prod(), PAYMENTS, true,
                Snapshots.localEndpoints(PAYMENTS)))).isFalse();
    }

    @Test
    void pathOfDropsTheQuery() {
        assertThat(new RequestHead("GET", "x.mesh", "/a/b?c=d?e", false, HttpFields.EMPTY).path()).isEqualTo("/a/b");
        assertThat(new RequestHead("GET", "x.mesh", "/a/b", false, HttpFields.EMPTY).path()).isEqualTo("/a/b");
    }

    private static boolean passes(Exchange exchange) throws GatewayException {
        AtomicInteger reached = new AtomicInteger();
        try {
            new Pipeline(List.of(new Authorization(), (e, chain) -> reached.incrementAndGet())).handle(exchange);
        } catch (GatewayException e) {
            assertThat(e.error()).isEqualTo(GatewayError.DENIED);
            assertThat(reached).hasValue(0);
            return false;
        }
        assertThat(reached).hasValue(1);
        return true;
    }

    private static Exchange exchange(Listener listener, Caller caller, String method, String pathQuery,
            HttpFields.Mutable headers, ServiceName service, boolean pinned, Candidate... candidates) {
        return exchange(SNAPSHOT, listener, caller, method, pathQuery, headers, service, pinned, candidates);
    }

    private static Exchange exchange(RoutingSnapshot snapshot, Listener listener, Caller caller, String method,
            String pathQuery, HttpFields.Mutable headers, ServiceName service, boolean pinned, Candidate... candidates) {
        Exchange exchange = new Exchange(listener, new RequestHead(method, service + ".mesh", pathQuery, true,
                headers.asImmutable()), null, null, snapshot, Optional.empty());
        exchange.caller(caller);
        exchange.route(new Resolution.Routed(service, pinned, List.of(candidates)));
        return exchange;
    }

    private static HttpFields.Mutable prod() {
        return HttpFields.build().add("x-env", "prod");
    }

    private static Caller workload(dev.strait.policy.model.RegionName region, String service) {
        return new Caller.Authenticated(SpiffeId.service(TRUST_DOMAIN, region, new ServiceName(service)));
    }
}

package dev.strait.it.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.RawHttp;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Each kind of traffic rule, declared in the federation YAML, shapes the calls an east caller
 * makes through its local gateway: the rules of a service served in west apply at west's gateway
 * when the call arrives there; a split to another region applies where the caller's region
 * serves the service itself.
 */
class TrafficRulesShapeCallsWhereTheServiceIsServedIT {
    private static final String ALLOW_ALL = """
                    authorization:
                      - { action: allow, from: [anonymous, "*"] }
            """;

    @TempDir
    static Path directory;

    static final List<AutoCloseable> endpoints = new ArrayList<>();
    static ScriptedEndpoint stalled;
    static ScriptedEndpoint unavailable;
    static ScriptedEndpoint alwaysUnavailable;
    static ScriptedEndpoint narrow;
    static TrafficRegions regions;
    static Http http;
    static HttpClient async;

    @BeforeAll
    static void start() throws Exception {
        stalled = scripted(ScriptedEndpoint.holding("hedged-stalled"));
        unavailable = scripted(ScriptedEndpoint.answering("flaky-503", 503));
        alwaysUnavailable = scripted(ScriptedEndpoint.answering("broken-503", 503));
        narrow = scripted(ScriptedEndpoint.holding("narrow-1"));
        String until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String west = """
                      catalog:
                        exportTo: [east]
                %s
                        endpoints:
                          - { id: catalog-v1, address: "127.0.0.1:%d", metadata: { version: v1 } }
                          - { id: catalog-v2, address: "127.0.0.1:%d", metadata: { version: v2 } }
                        traffic:
                          subsets: { v1: { version: v1 }, v2: { version: v2 } }
                          requestHeaders: { set: { x-env: prod }, remove: [x-debug] }
                          responseHeaders: { set: { x-served-by: strait-west } }
                          routes:
                            - name: beta
                              match: { headers: [ { name: x-beta, exact: "1" } ] }
                              split: [ { subset: v2, weight: 100 } ]
                            - name: canary
                              split: [ { subset: v1, weight: 80 }, { subset: v2, weight: 20 } ]
                        faults:
                          - { id: broken-path, path: /broken, abort: { status: 503, percent: 100 }, until: "%s" }
                      slowpoke:
                        exportTo: [east]
                %s
                        endpoints: [ { id: slowpoke-1, address: "127.0.0.1:%d" } ]
                        traffic:
                          routes:
                            - name: bounded
                              match: { paths: [ { prefix: /slow } ] }
                              timeout: 300ms
                      hedged:
                        exportTo: [east]
                %s
                        endpoints:
                          - { id: hedged-stalled, address: "%s" }
                          - { id: hedged-fast, address: "127.0.0.1:%d" }
                        traffic:
                          perTryTimeout: 200ms
                          retries: { attempts: 2, on: [reset] }
                      flaky:
                        exportTo: [east]
                %s
                        endpoints:
                          - { id: flaky-503, address: "%s" }
                          - { id: flaky-ok, address: "127.0.0.1:%d" }
                        traffic:
                          routes:
                            - name: retried
                              match: { paths: [ { prefix: /retry } ] }
                              retries: { attempts: 3, on: [gateway-error] }
                      broken:
                        exportTo: [east]
                %s
                        endpoints: [ { id: broken-503, address: "%s" } ]
                        traffic:
                          retries: { attempts: 3, on: [gateway-error] }
                      narrow:
                        exportTo: [east]
                %s
                        endpoints: [ { id: narrow-1, address: "%s" } ]
                        traffic:
                          circuitBreaker: { maxConnections: 1, maxPendingRequests: 1, maxRequests: 1 }
                      metered:
                        exportTo: [east]
                %s
                        endpoints: [ { id: metered-1, address: "127.0.0.1:%d" } ]
                        traffic:
                          routes:
                            - name: limited
                              match: { paths: [ { prefix: /limited } ] }
                              rateLimit: { requestsPerSecond: 0.2, burst: 3 }
                      shared:
                        exportTo: [east]
                %s
                        endpoints: [ { id: shared-west, address: "127.0.0.1:%d" } ]
                """.formatted(
                ALLOW_ALL, echo("catalog", "catalog-v1"), echo("catalog", "catalog-v2"), until,
                ALLOW_ALL, echo("slowpoke", "slowpoke-1"),
                ALLOW_ALL, stalled.address(), echo("hedged", "hedged-fast"),
                ALLOW_ALL, unavailable.address(), echo("flaky", "flaky-ok"),
                ALLOW_ALL, alwaysUnavailable.address(),
                ALLOW_ALL, narrow.address(),
                ALLOW_ALL, echo("metered", "metered-1"),
                ALLOW_ALL, echo("shared", "shared-west"));
        String east = """
                      shared:
                        exportTo: [west]
                %s
                        endpoints: [ { id: shared-east, address: "127.0.0.1:%d", metadata: { site: east } } ]
                        traffic:
                          subsets: { here: { site: east } }
                          routes:
                            - name: spread
                              split: [ { subset: here, weight: 50 }, { region: west, weight: 50 } ]
                """.formatted(ALLOW_ALL, echo("shared", "shared-east", TrafficRegions.EAST));
        regions = TrafficRegions.start(directory, east, west);
        http = new Http();
        async = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (async != null) {
            async.close();
        }
        if (http != null) {
            http.close();
        }
        if (regions != null) {
            regions.close();
        }
        for (AutoCloseable endpoint : endpoints.reversed()) {
            endpoint.close();
        }
    }

    @Test
    void aWeightedSplitBetweenSubsetsLandsWithinStatisticalBounds() throws Exception {
        Map<String, Integer> byEndpoint = new TreeMap<>();
        int calls = 400;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = get("catalog.mesh", "/items/" + i);
            assertThat(response.statusCode()).as("call %d: %s", i, response.body()).isEqualTo(200);
            byEndpoint.merge(response.headers().firstValue("x-echo-endpoint").orElseThrow(), 1, Integer::sum);
        }
        assertThat(byEndpoint).containsOnlyKeys("catalog-v1", "catalog-v2");
        // Binomial(400, 0.2): mean 80, sd 8; the 99.9% interval is mean ± 3.29 sd.
        assertThat(byEndpoint.get("catalog-v2")).as("calls served by subset v2 of %d", calls).isBetween(54, 106);
    }

    @Test
    void aRouteMatchedByAHeaderSendsEveryCallToItsSubset() throws Exception {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get("catalog.mesh", "/items/" + i, "x-beta", "1");
            assertThat(response.headers().firstValue("x-echo-endpoint")).hasValue("catalog-v2");
        }
    }

    @Test
    void requestAndResponseHeaderEditsApplyAtTheServingGateway() throws Exception {
        HttpResponse<String> response = get("catalog.mesh", "/items/1", "x-debug", "yes");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode received = Http.json(response).get("headers");
        assertThat(received.path("x-env").path(0).asString()).isEqualTo("prod");
        assertThat(received.has("x-debug")).as("a removed header never reaches the endpoint").isFalse();
        assertThat(response.headers().firstValue("x-served-by")).hasValue("strait-west");
    }

    @Test
    void aFaultDeclaredInConfigAbortsTheCallsItMatches() throws Exception {
        HttpResponse<String> aborted = get("catalog.mesh", "/broken/1");

        assertThat(aborted.statusCode()).isEqualTo(503);
        assertThat(aborted.headers().firstValue("x-strait-fault")).hasValue("broken-path");
        assertThat(aborted.headers().firstValue("x-echo-endpoint")).isEmpty();
        assertThat(get("catalog.mesh", "/fine/1").statusCode()).isEqualTo(200);
    }

    @Test
    void aRouteTimeoutEndsASlowCallWithUpstreamTimeout() throws Exception {
        HttpResponse<String> slow = get("slowpoke.mesh", "/slow?ms=5000");

        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
        assertThat(slow.headers().firstValue("x-strait-error")).hasValue("upstream_timeout");
        assertThat(get("slowpoke.mesh", "/slow?ms=10").statusCode()).isEqualTo(200);
    }

    @Test
    void aPerTryTimeoutMovesAStalledCallToAnotherEndpoint() throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = get("hedged.mesh", "/work/" + i);
            assertThat(response.statusCode()).as("call %d: %s", i, response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-echo-endpoint")).hasValue("hedged-fast");
        }
        assertThat(stalled.requests("GET /work/")).as("attempts the per-try timeout cut short").isGreaterThanOrEqualTo(1);
    }

    @Test
    void retriesOnGatewayErrorsServeEveryIdempotentCallAndNeverRepeatAPost() throws Exception {
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = get("flaky.mesh", "/retry/" + i);
            assertThat(response.statusCode()).as("GET %d: %s", i, response.body()).isEqualTo(200);
        }
        assertThat(unavailable.requests("GET /retry/")).as("503s that were retried").isPositive();

        int postsAnswered503 = 0;
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> response = async.send(HttpRequest.newBuilder(URI.create(regions.eastUrl() + "/retry/post-" + i))
                    .header("Host", "flaky.mesh").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isIn(200, 503);
            postsAnswered503 += response.statusCode() == 503 ? 1 : 0;
        }
        assertThat(unavailable.requests("POST /retry/")).as("every POST the 503 endpoint saw was answered with its 503")
                .isEqualTo(postsAnswered503);

        int plain503 = 0;
        for (int i = 0; i < 30; i++) {
            plain503 += get("flaky.mesh", "/plain/" + i).statusCode() == 503 ? 1 : 0;
        }
        assertThat(plain503).as("a route without status retries passes 503s on").isPositive();
    }

    @Test
    void whenEveryAttemptIsAnsweredWithARetriedStatusTheLastAnswerReachesTheClient() throws Exception {
        HttpResponse<String> response = get("broken.mesh", "/once");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-echo-endpoint")).hasValue("broken-503");
        assertThat(response.headers().firstValue("x-strait-error")).as("the endpoint's own answer").isEmpty();
        assertThat(alwaysUnavailable.requests("GET /once")).as("attempts: 3").isEqualTo(3);
    }

    @Test
    void aFullCircuitBreakerRefusesAtOnceWhileAWaitingCallIsServedOnceThereIsRoom() throws Exception {
        CompletableFuture<HttpResponse<String>> first = getAsync("narrow.mesh", "/first");
        Await.until("the first call holds the endpoint's only slot", Duration.ofSeconds(10),
                () -> narrow.requests("GET /first") == 1);
        List<CompletableFuture<HttpResponse<String>>> more = List.of(getAsync("narrow.mesh", "/second"),
                getAsync("narrow.mesh", "/third"));

        Await.until("one of the two calls is refused", Duration.ofSeconds(10), () -> more.stream().anyMatch(CompletableFuture::isDone));
        HttpResponse<String> refused = more.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().join();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("x-strait-error")).hasValue("upstream_overloaded");
        narrow.release();

        assertThat(first.join().statusCode()).isEqualTo(200);
        HttpResponse<String> waited = more.stream().filter(call -> call.join() != refused).findFirst().orElseThrow().join();
        assertThat(waited.statusCode()).as("the call that waited for room").isEqualTo(200);
        assertThat(narrow.requestLines()).as("the refused call never reached the endpoint").hasSize(2);
    }

    @Test
    void aRateLimitAnswersPerCallerAndRoute() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> limited = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = get("metered.mesh", "/limited/" + i);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                limited = response;
            }
        }
        // A burst of 3, refilled at one call every 5 s: the 4th and 5th rapid calls are over the limit.
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
        assertThat(limited.headers().firstValue("x-strait-error")).hasValue("rate_limited");
        assertThat(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 5L);

        for (int i = 0; i < 5; i++) {
            assertThat(get("metered.mesh", "/free/" + i).statusCode()).as("another route has no limit").isEqualTo(200);
        }
        String checkout = RawHttp.exchangeFrom(TrafficRegions.CHECKOUT, regions.node(TrafficRegions.EAST).localPort(),
                "GET /limited/checkout HTTP/1.1\r\nHost: metered.mesh\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.statusCode(checkout.lines().findFirst().orElseThrow())).as("another caller has its own bucket")
                .isEqualTo(200);
    }

    @Test
    void aSplitToAnotherRegionSendsItsShareThere() throws Exception {
        int calls = 300;
        int west = 0;
        for (int i = 0; i < calls; i++) {
            HttpResponse<String> response = get("shared.mesh", "/spread/" + i);
            assertThat(response.statusCode()).isEqualTo(200);
            west += response.headers().firstValue("x-strait-region").orElseThrow().equals("west") ? 1 : 0;
        }
        // Binomial(300, 0.5): mean 150, sd 8.66; the 99.9% interval is mean ± 3.29 sd.
        assertThat(west).as("calls served by west of %d", calls).isBetween(121, 179);
    }

    private static HttpResponse<String> get(String host, String path, String... headers) throws Exception {
        return http.get(regions.eastUrl(), host, path, headers);
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(String host, String path) {
        return async.sendAsync(HttpRequest.newBuilder(URI.create(regions.eastUrl() + path)).header("Host", host)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ScriptedEndpoint scripted(ScriptedEndpoint endpoint) {
        endpoints.add(endpoint);
        return endpoint;
    }

    private static int echo(String service, String endpoint) {
        return echo(service, endpoint, TrafficRegions.WEST);
    }

    private static int echo(String service, String endpoint, RegionName region) {
        EchoServer server = EchoServer.start(EchoOptions.loopback(ServiceName.of(service), region, EndpointId.of(endpoint)));
        endpoints.add(server);
        return server.port();
    }
}

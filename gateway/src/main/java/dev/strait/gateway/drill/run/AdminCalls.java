package dev.strait.gateway.drill.run;

import dev.strait.gateway.admin.AdminToken;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API calls a drill makes. A region's calls go to the first of its nodes that answers
 * (writes go through Raft from any node). A write that cannot commit yet (no node answering, no
 * leader, 409 or 503) is tried again until {@link #PATIENCE} has passed: a drill writes while it
 * breaks things. Every call carries the admin token, when there is one.
 */
final class AdminCalls implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The admin URLs of a region's nodes that may answer now, such as {@code http://127.0.0.1:15900}. */
    @FunctionalInterface
    interface RegionNodes {
        List<URI> of(RegionName region);
    }

    private final RegionNodes nodes;
    private final Optional<AdminToken> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

    AdminCalls(RegionNodes nodes, Optional<AdminToken> token) {
        this.nodes = nodes;
        this.token = token;
    }

    /** {@code PUT /v1/faults/{id}} with {@code body} (which carries the fault's ttl). */
    void putFault(RegionName region, String id, ObjectNode body) throws DrillRunException, InterruptedException {
        send(region, "PUT", "/v1/faults/" + id, body.toString(), 200);
    }

    /** {@code DELETE /v1/faults/{id}}; a fault that expired and was dropped already (404) is fine. */
    void deleteFault(RegionName region, String id) throws DrillRunException, InterruptedException {
        send(region, "DELETE", "/v1/faults/" + id, null, 200, 404);
    }

    /** {@code PUT /v1/catalog/{service}/endpoints/{id}}. */
    void registerEndpoint(RegionName region, String service, String id, String address) throws DrillRunException, InterruptedException {
        send(region, "PUT", "/v1/catalog/" + service + "/endpoints/" + id,
                JSON.createObjectNode().put("address", address).toString(), 200);
    }

    /** Whether a linearizable read of the region's catalog ({@code ?consistent=true}) lists endpoint {@code id} of {@code service}. */
    boolean catalogHolds(RegionName region, String service, String id) throws DrillRunException, InterruptedException {
        for (JsonNode endpoint : catalog(region, true).path("services").path(service).path("endpoints")) {
            if (id.equals(endpoint.path("id").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** The region's catalog as one of its nodes holds it ({@code GET /v1/catalog}). */
    JsonNode catalog(RegionName region, boolean consistent) throws DrillRunException, InterruptedException {
        return JSON.readTree(send(region, "GET", consistent ? "/v1/catalog?consistent=true" : "/v1/catalog", null, 200));
    }

    /** One node's {@code GET /v1/status}, tried once. */
    JsonNode status(URI node) throws DrillRunException, InterruptedException {
        URI uri = node.resolve("/v1/status");
        try {
            HttpResponse<String> response = http.send(request(uri, "GET", null).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DrillRunException("GET " + uri + " answered " + response.statusCode() + ": " + response.body().strip());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new DrillRunException("GET " + uri + " failed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code GET path} on one node answers 200 now ({@code /healthz}, {@code /readyz}), tried once. */
    boolean answersOk(URI node, String path) throws InterruptedException {
        try {
            return http.send(request(node.resolve(path), "GET", null).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** A host to connect to for a listener bound to {@code bindHost}: a wildcard address is reached on loopback. */
    static String reachable(String bindHost) {
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")) {
            return "127.0.0.1";
        }
        return bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
    }

    private HttpRequest.Builder request(URI uri, String method, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        token.ifPresent(t -> request.header("Authorization", t.bearer()));
        return request;
    }

    private String send(RegionName region, String method, String path, String body, int... accepted)
            throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        String last = "no node of region " + region + " is running";
        while (true) {
            for (URI node : nodes.of(region)) {
                URI uri = node.resolve(path);
                try {
                    HttpResponse<String> response = http.send(request(uri, method, body).build(), HttpResponse.BodyHandlers.ofString());
                    for (int status : accepted) {
                        if (response.statusCode() == status) {
                            return response.body();
                        }
                    }
                    last = method + " " + uri + " answered " + response.statusCode() + ": " + response.body().strip();
                    if (response.statusCode() != 409 && response.statusCode() != 503) {
                        throw new DrillRunException(last);
                    }
                } catch (IOException e) {
                    last = method + " " + uri + " failed: " + e.getMessage();
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new DrillRunException(last + " (expected: an answer within " + PATIENCE.toSeconds() + " s)");
            }
            Thread.sleep(RETRY_PAUSE);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

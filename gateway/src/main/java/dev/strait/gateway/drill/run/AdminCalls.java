package dev.strait.gateway.drill.run;

import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API calls a local drill makes, each to any running node of a region (writes go through
 * Raft from any node). A write that cannot commit yet (no node running, no leader, 409 or 503) is
 * tried again until {@link #PATIENCE} has passed: a drill writes while it breaks things.
 */
final class AdminCalls {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(100);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalFederation federation;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

    AdminCalls(LocalFederation federation) {
        this.federation = federation;
    }

    /** {@code PUT /v1/faults/{id}} with {@code body} (which carries the fault's ttl). */
    void putFault(RegionName region, String id, String body) throws DrillRunException, InterruptedException {
        send(region, "PUT", "/v1/faults/" + id, body, 200);
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
        JsonNode catalog = JSON.readTree(send(region, "GET", "/v1/catalog?consistent=true", null, 200));
        for (JsonNode endpoint : catalog.path("services").path(service).path("endpoints")) {
            if (id.equals(endpoint.path("id").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** A host to connect to for a listener bound to {@code bindHost}: a wildcard address is reached on loopback. */
    static String reachable(String bindHost) {
        if (bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")) {
            return "127.0.0.1";
        }
        return bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
    }

    private String send(RegionName region, String method, String path, String body, int... accepted)
            throws DrillRunException, InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        String last = "no node of region " + region + " is running";
        while (true) {
            Optional<GatewayNode> node = federation.nodes().stream().filter(n -> n.region().name().equals(region)).findFirst();
            if (node.isPresent()) {
                URI uri = URI.create("http://" + reachable(node.get().config().adminHost()) + ":" + node.get().adminPort() + path);
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                try {
                    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    for (int status : accepted) {
                        if (response.statusCode() == status) {
                            return response.body();
                        }
                    }
                    last = method + " " + uri + " answered " + response.statusCode() + ": " + response.body();
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
}

package dev.strait.it.failover;

import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Reads and changes what a node routes a service to, through its admin API. */
final class Routes {
    private Routes() {}

    /** {@code PUT /v1/catalog/{service}/endpoints/{id}} at {@code 127.0.0.1:port}, failing unless it commits. */
    static void register(int adminPort, String service, String endpointId, int port) throws IOException {
        HttpResponse<String> put = Admin.send(adminPort, "PUT", "/v1/catalog/" + service + "/endpoints/" + endpointId,
                "{\"address\":\"127.0.0.1:" + port + "\"}");
        if (put.statusCode() != 200) {
            throw new AssertionError("registering " + service + "/" + endpointId + " answered " + put.statusCode() + ": " + put.body());
        }
    }

    /** Waits until the node's routing snapshot sends {@code service} to exactly {@code endpointIds} in its own region. */
    static void awaitLocalEndpoints(int adminPort, String service, Set<String> endpointIds, Duration deadline) {
        Await.until("the node routes " + service + " to local endpoints " + endpointIds, deadline,
                () -> endpointIds.equals(localEndpointIds(adminPort, service)));
    }

    /** The ids of the local endpoints in {@code GET /v1/routes/{service}}; empty when the node does not answer. */
    static Set<String> localEndpointIds(int adminPort, String service) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode candidate : candidates(adminPort, service)) {
            if (candidate.path("kind").asString("").equals("local")) {
                candidate.path("endpoints").forEach(endpoint -> ids.add(endpoint.path("id").asString()));
            }
        }
        return ids;
    }

    /** The candidates of {@code GET /v1/routes/{service}} as {@code kind:region}, in failover order. */
    static List<String> candidateOrder(int adminPort, String service) {
        List<String> order = new ArrayList<>();
        for (JsonNode candidate : candidates(adminPort, service)) {
            order.add(candidate.path("kind").asString() + ":" + candidate.path("region").asString());
        }
        return order;
    }

    private static List<JsonNode> candidates(int adminPort, String service) {
        List<JsonNode> candidates = new ArrayList<>();
        try {
            Admin.json(adminPort, "/v1/routes/" + service).path("candidates").forEach(candidates::add);
        } catch (IOException | RuntimeException e) {
            // not answering yet: no routes
        }
        return candidates;
    }
}

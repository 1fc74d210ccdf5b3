package dev.strait.it.federation;

import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * Reads what a node knows of federation (its status, its region's imports, its routes) and
 * changes its region's catalog, all through the node's admin API.
 */
final class RegionAdmin {
    /** Long enough for a region to elect a leader before a write commits. */
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);

    private RegionAdmin() {}

    /**
     * {@code PUT /v1/catalog/{service}/endpoints/{id}} for {@code 127.0.0.1:port}, retried while
     * the region answers that it cannot commit (it is electing a leader); fails on any other answer.
     */
    static void register(int adminPort, String service, String endpointId, int port) {
        write(adminPort, "PUT", "/v1/catalog/" + service + "/endpoints/" + endpointId, "{\"address\":\"127.0.0.1:" + port + "\"}");
    }

    /** {@code DELETE /v1/catalog/{service}/endpoints/{id}}, retried like {@link #register}. */
    static void deregister(int adminPort, String service, String endpointId) {
        write(adminPort, "DELETE", "/v1/catalog/" + service + "/endpoints/" + endpointId, null);
    }

    private static void write(int adminPort, String method, String path, String body) {
        String[] last = {"no answer"};
        try {
            Await.until(method + " " + path + " commits", WRITE_DEADLINE, () -> committed(adminPort, method, path, body, last));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (last answer: " + last[0] + ")", e);
        }
    }

    /** One attempt: true once committed, false while the region cannot commit, an error for any other answer. */
    private static boolean committed(int adminPort, String method, String path, String body, String[] last) {
        HttpResponse<String> answer;
        try {
            answer = Admin.send(adminPort, method, path, body);
        } catch (IOException e) {
            last[0] = e.toString();
            return false;
        }
        last[0] = answer.statusCode() + " " + answer.body();
        if (answer.statusCode() != 200 && answer.statusCode() != 503) {
            throw new AssertionError(method + " " + path + " answered " + last[0]);
        }
        return answer.statusCode() == 200;
    }

    /** The entry for {@code region} in the node's {@code GET /v1/status} {@code federation.peers}, if it answers. */
    static Optional<JsonNode> peer(int adminPort, String region) {
        return entry(adminPort, "/v1/status", status -> status.path("federation").path("peers"), region);
    }

    /** Whether the node holds its region's federation streams. */
    static boolean holdsStreams(int adminPort) {
        try {
            return Admin.json(adminPort, "/v1/status").path("federation").path("holdsStreams").asBoolean(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The entry for {@code region} in the node's {@code GET /v1/catalog} {@code imports}, if any. */
    static Optional<JsonNode> imported(int adminPort, String region) {
        return entry(adminPort, "/v1/catalog", catalog -> catalog.path("imports"), region);
    }

    /** The regions the node's region holds imports from. */
    static List<String> importedRegions(int adminPort) throws IOException {
        List<String> regions = new ArrayList<>();
        Admin.json(adminPort, "/v1/catalog").path("imports").forEach(entry -> regions.add(entry.path("region").asString()));
        return regions;
    }

    /** The services of an import entry, with the healthy endpoints the peer reports for each. */
    static Map<String, Integer> services(JsonNode imported) {
        Map<String, Integer> services = new TreeMap<>();
        imported.path("services").properties()
                .forEach(service -> services.put(service.getKey(), service.getValue().path("healthyEndpoints").asInt()));
        return services;
    }

    /** The candidates of {@code GET /v1/routes/{service}} in failover order; empty when there are none or the node does not answer. */
    static List<JsonNode> candidates(int adminPort, String service) {
        List<JsonNode> candidates = new ArrayList<>();
        try {
            Admin.json(adminPort, "/v1/routes/" + service).path("candidates").forEach(candidates::add);
        } catch (IOException | RuntimeException e) {
            // Not answering, or no route at all: no candidates.
        }
        return candidates;
    }

    /** The candidate of {@code region} for {@code service}, if the node routes there. */
    static Optional<JsonNode> candidate(int adminPort, String service, String region) {
        return candidates(adminPort, service).stream().filter(c -> c.path("region").asString("").equals(region)).findFirst();
    }

    /** The candidates as {@code kind:region}, with {@code (stale)} after a stale one, in failover order. */
    static List<String> order(int adminPort, String service) {
        return candidates(adminPort, service).stream()
                .map(c -> c.path("kind").asString() + ":" + c.path("region").asString()
                        + (c.path("stale").asBoolean(false) ? " (stale)" : ""))
                .toList();
    }

    private interface Section {
        JsonNode of(JsonNode body);
    }

    private static Optional<JsonNode> entry(int adminPort, String path, Section section, String region) {
        try {
            for (JsonNode entry : section.of(Admin.json(adminPort, path))) {
                if (entry.path("region").asString("").equals(region)) {
                    return Optional.of(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not answering: nothing known.
        }
        return Optional.empty();
    }
}

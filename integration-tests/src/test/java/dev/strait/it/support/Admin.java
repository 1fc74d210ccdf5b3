package dev.strait.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls a node's admin API on loopback. */
public final class Admin {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Admin() {}

    /** The status of a GET, or -1 when the node does not answer. */
    public static int status(int adminPort, String path) {
        try {
            return send(adminPort, "GET", path, null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    public static HttpResponse<String> send(int adminPort, String method, String path, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public static JsonNode json(int adminPort, String path) throws IOException {
        return JSON.readTree(send(adminPort, "GET", path, null).body());
    }

    /**
     * Whether the node reaches every other region's gateways and its region holds a fresh import
     * from every other region (what a region exports may be empty, but the sync happened).
     */
    public static boolean federated(int adminPort) {
        try {
            JsonNode status = json(adminPort, "/v1/status");
            if (!status.path("unreachableGateways").isEmpty()) {
                return false;
            }
            for (JsonNode peer : status.path("federation").path("peers")) {
                if (peer.path("importedVersion").asLong() == 0 || peer.path("stale").asBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

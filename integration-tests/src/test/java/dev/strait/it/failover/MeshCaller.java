package dev.strait.it.failover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a mesh name on a gateway's local listener with any method, with or without a body, over
 * HTTP/1.1 (the support {@code Http} caller sends GETs only).
 */
final class MeshCaller implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> get(String baseUrl, String host, String path) throws IOException, InterruptedException {
        return send(baseUrl, host, "GET", path, null);
    }

    HttpResponse<String> post(String baseUrl, String host, String path, String body) throws IOException, InterruptedException {
        return send(baseUrl, host, "POST", path, body);
    }

    /** Sends {@code method} with {@code body} as its content (no body when null). */
    HttpResponse<String> send(String baseUrl, String host, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Host", host)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        client.close();
    }
}

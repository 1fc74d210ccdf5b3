package dev.strait.gateway.cli;

import dev.strait.gateway.admin.AdminToken;
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
 * The admin HTTP API of one node as the {@code strait} commands call it: every request carries
 * the admin token, when there is one, as {@code Authorization: Bearer <token>}.
 */
final class AdminClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI admin;
    private final Optional<AdminToken> token;
    private final HttpClient http;

    /** @param admin the node's admin URL, such as {@code http://127.0.0.1:15900} */
    AdminClient(URI admin, Optional<AdminToken> token) {
        this.admin = admin;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The absolute URI of {@code pathAndQuery} on this node. */
    URI uri(String pathAndQuery) {
        return admin.resolve(pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send(request(pathAndQuery).GET());
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return send(request(pathAndQuery).header("content-type", contentType).POST(body));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
        token.ifPresent(t -> request.header("authorization", t.bearer()));
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of an admin answer as JSON; a body that is not JSON becomes {@code {"message": body}}. */
    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException e) {
            return JSON.createObjectNode().put("message", body.strip());
        }
    }

    /**
     * What went wrong, from an admin answer that is not a success: its status and message, and for
     * 401 how to give the token.
     */
    static String failure(HttpResponse<String> response) {
        String message = response.statusCode() + " " + json(response.body()).path("message").asString(response.body().strip());
        if (response.statusCode() == 401) {
            message += " (pass --token-file FILE or set " + AdminTokenSource.ENVIRONMENT_VARIABLE + ")";
        }
        return message;
    }

    @Override
    public void close() {
        http.close();
    }
}

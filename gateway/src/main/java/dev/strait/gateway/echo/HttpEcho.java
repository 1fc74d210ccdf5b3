package dev.strait.gateway.echo;

import dev.strait.policy.model.SpiffeId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers plain HTTP requests with a JSON description of what arrived, and serves the test
 * helpers {@code /bytes/{n}}, {@code /slow?ms=N} and {@code ?status=NNN}.
 */
final class HttpEcho {
    static final long MAX_GENERATED_BYTES = 1L << 30;
    static final long MAX_SLOW_MILLIS = 30_000;

    private final EchoOptions options;

    HttpEcho(EchoOptions options) {
        this.options = options;
    }

    void handle(Request request, Response response) throws IOException, InterruptedException {
        // Read first, so that even a refused request leaves the connection reusable.
        BodyDigest body = BodyDigest.read(request);
        Fields query = Request.extractQueryParameters(request);
        String path = request.getHttpURI().getPath();
        try {
            int status = status(query);
            if (path.startsWith("/bytes/")) {
                long length = bounded("/bytes/{n}", path.substring("/bytes/".length()), MAX_GENERATED_BYTES);
                sendGeneratedBytes(request, response, status, length);
                return;
            }
            if (path.equals("/slow")) {
                // Without ms it waits a second: long enough to notice, short enough for a test.
                String ms = query.getValue("ms");
                Thread.sleep(Duration.ofMillis(ms == null ? 1000 : bounded("ms", ms, MAX_SLOW_MILLIS)));
            }
            sendJson(request, response, status, describe(request, body));
        } catch (IllegalArgumentException e) {
            sendJson(request, response, 400, Map.of("error", "bad_request", "message", e.getMessage()));
        }
    }

    private Map<String, Object> describe(Request request, BodyDigest body) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("service", options.service().value());
        json.put("region", options.region().value());
        json.put("endpoint", options.endpoint().value());
        json.put("method", request.getMethod());
        json.put("path", request.getHttpURI().getPath());
        json.put("query", request.getHttpURI().getQuery());
        json.put("protocol", request.getConnectionMetaData().getHttpVersion().asString());
        json.put("headers", ReceivedHeaders.of(request).values());
        json.put("bodyBytes", body.bytes());
        json.put("bodySha256", body.sha256());
        if (request.isSecure()) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("peer", PeerIdentity.of(request).map(SpiffeId::uri).orElse(null));
            json.put("tls", tls);
        } else {
            json.put("tls", null);
        }
        return json;
    }

    private static void sendJson(Request request, Response response, int status, Map<String, ?> json) throws IOException {
        byte[] bytes = JsonMapper.shared().writeValueAsBytes(json);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (!mayHaveBody(request, status)) {
            BlockingWrites.write(response, true, ByteBuffer.allocate(0));
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        BlockingWrites.write(response, true, ByteBuffer.wrap(bytes));
    }

    private static void sendGeneratedBytes(Request request, Response response, int status, long length) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        if (!mayHaveBody(request, status)) {
            BlockingWrites.write(response, true, ByteBuffer.allocate(0));
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        long sent = 0;
        while (sent < length) {
            int chunk = (int) Math.min(GeneratedBytes.CHUNK_SIZE, length - sent);
            sent += chunk;
            BlockingWrites.write(response, sent == length, GeneratedBytes.chunk(chunk));
        }
        if (length == 0) {
            BlockingWrites.write(response, true, ByteBuffer.allocate(0));
        }
    }

    private static boolean mayHaveBody(Request request, int status) {
        return status != 204 && status != 304 && !HttpMethod.HEAD.is(request.getMethod());
    }

    private static int status(Fields query) {
        String value = query.getValue("status");
        return value == null ? 200 : (int) between("status", value, 200, 599);
    }

    private static long bounded(String name, String value, long max) {
        return between(name, value, 0, max);
    }

    private static long between(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            parsed = Long.MIN_VALUE;
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + " '" + value + "' is not valid (expected: a whole number from "
                    + min + " to " + max + ")");
        }
        return parsed;
    }
}

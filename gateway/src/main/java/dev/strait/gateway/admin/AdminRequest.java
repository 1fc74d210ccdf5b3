package dev.strait.gateway.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One admin API call.
 *
 * @param method        the HTTP method
 * @param path          the decoded path
 * @param query         the raw query string, empty when there is none
 * @param body          the request body (bounded by the server)
 * @param authorization the value of the {@code Authorization} header, empty when there is none
 */
public record AdminRequest(String method, String path, String query, byte[] body, String authorization) {
    /** A call without an {@code Authorization} header. */
    public AdminRequest(String method, String path, String query, byte[] body) {
        this(method, path, query, body, "");
    }

    @Override
    public String toString() {
        // The header may hold the admin token: never printed.
        return "AdminRequest[" + method + " " + path + (query.isEmpty() ? "" : "?" + query) + ", " + body.length + " bytes"
                + (authorization.isEmpty() ? "" : ", with Authorization") + "]";
    }

    /** The first value of query parameter {@code name}. */
    public Optional<String> parameter(String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

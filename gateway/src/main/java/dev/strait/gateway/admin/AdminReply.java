package dev.strait.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of the admin API.
 *
 * @param headers response headers besides {@code content-type} and {@code content-length}
 */
public record AdminReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    public AdminReply {
        headers = Map.copyOf(headers);
    }

    /** An answer with no headers of its own. */
    public AdminReply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    /** This answer with header {@code name} set to {@code value}. */
    public AdminReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AdminReply(status, contentType, body, more);
    }

    public static AdminReply text(int status, String text) {
        return new AdminReply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminReply json(int status, byte[] json) {
        return new AdminReply(status, "application/json", json);
    }
}

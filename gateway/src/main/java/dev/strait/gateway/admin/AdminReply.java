package dev.strait.gateway.admin;

import java.nio.charset.StandardCharsets;

/** One answer of the admin API. */
public record AdminReply(int status, String contentType, byte[] body) {
    public static AdminReply text(int status, String text) {
        return new AdminReply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static AdminReply json(int status, byte[] json) {
        return new AdminReply(status, "application/json", json);
    }
}

package dev.strait.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** {@code GET /metrics}: the node's series in the Prometheus text format; a read, so no token is needed. */
final class MetricsResource {
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsResource(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    AdminReply get() {
        return new AdminReply(200, CONTENT_TYPE, scrape.get().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.strait.federation.peering;

import java.time.Duration;

/**
 * How federation streams behave.
 *
 * @param heartbeatInterval how often an exporter with nothing to send says it is alive
 * @param staleAfter        an exporter silent this long is marked stale by the importer
 * @param reconnectMin      the first wait before reconnecting a broken stream (doubling up to {@code reconnectMax})
 * @param reconnectMax      the longest wait between reconnects
 */
public record PeeringSettings(Duration heartbeatInterval, Duration staleAfter, Duration reconnectMin, Duration reconnectMax) {
    /** Limits an importer puts on what a peer may send it: a peer is untrusted input. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;
    static final int MAX_METADATA_BYTES = 8 << 10;
    static final int MAX_SERVICES = 10_000;
    static final int MAX_GATEWAYS = 64;
    /** grpc-java's HTTP/2 reset-flood limit (CVE-2023-44487): resets per window per connection. */
    static final int MAX_RESETS_PER_WINDOW = 100;
    static final Duration RESET_WINDOW = Duration.ofSeconds(10);

    public static PeeringSettings of(Duration heartbeatInterval, Duration staleAfter) {
        return new PeeringSettings(heartbeatInterval, staleAfter, Duration.ofMillis(100), Duration.ofSeconds(2));
    }
}

package dev.strait.gateway.pipeline;

import java.time.Duration;
import java.util.Optional;

/** Thrown by a request stage to end the call with a gateway-made error. */
public final class GatewayException extends Exception {
    private final GatewayError error;
    private final Optional<Duration> retryAfter;

    public GatewayException(GatewayError error, String message) {
        super(message);
        this.error = error;
        this.retryAfter = Optional.empty();
    }

    public GatewayException(GatewayError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
        this.retryAfter = Optional.empty();
    }

    /** An error the client may retry after {@code retryAfter} (sent as {@code retry-after}, in whole seconds). */
    public GatewayException(GatewayError error, String message, Duration retryAfter) {
        super(message);
        this.error = error;
        this.retryAfter = Optional.of(retryAfter);
    }

    /** How long the client should wait before trying again, when the error says. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public GatewayError error() {
        return error;
    }
}

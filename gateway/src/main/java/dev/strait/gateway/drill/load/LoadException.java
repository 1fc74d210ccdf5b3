package dev.strait.gateway.drill.load;

/** The load generator cannot start: its HTTP client or a gRPC channel did not come up. */
public final class LoadException extends RuntimeException {
    LoadException(String message, Throwable cause) {
        super(message, cause);
    }

    LoadException(String message) {
        super(message);
    }
}

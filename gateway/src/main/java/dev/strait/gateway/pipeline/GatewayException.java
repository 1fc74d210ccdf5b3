package dev.strait.gateway.pipeline;

/** Thrown by a request stage to end the call with a gateway-made error. */
public final class GatewayException extends Exception {
    private final GatewayError error;

    public GatewayException(GatewayError error, String message) {
        super(message);
        this.error = error;
    }

    public GatewayException(GatewayError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}

package dev.strait.gateway.pipeline;

/** The errors a gateway makes itself, with their status and the code of the public contract. */
public enum GatewayError {
    BAD_REQUEST(400, "bad_request"),
    DENIED(403, "denied"),
    UNKNOWN_SERVICE(404, "unknown_service"),
    RATE_LIMITED(429, "rate_limited"),
    UPSTREAM_UNAVAILABLE(502, "upstream_unavailable"),
    NO_HEALTHY_UPSTREAM(503, "no_healthy_upstream"),
    UPSTREAM_TIMEOUT(504, "upstream_timeout");

    private final int status;
    private final String code;

    GatewayError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The value of {@code x-strait-error} and of the JSON body's {@code error}. */
    public String code() {
        return code;
    }

    /** The error for an HTTP status Jetty's own parser chose (a 4xx for malformed requests). */
    public static GatewayError forStatus(int status) {
        for (GatewayError error : values()) {
            if (error.status == status) {
                return error;
            }
        }
        return status >= 400 && status < 500 ? BAD_REQUEST : UPSTREAM_UNAVAILABLE;
    }
}

package dev.strait.gateway.pipeline;

/**
 * The errors a gateway makes itself, with their HTTP status, the code of the public contract, and
 * the gRPC status a gRPC client gets instead (docs/data-plane.md has the table).
 */
public enum GatewayError {
    BAD_REQUEST(400, "bad_request", GrpcCodes.INTERNAL),
    DENIED(403, "denied", GrpcCodes.PERMISSION_DENIED),
    UNKNOWN_SERVICE(404, "unknown_service", GrpcCodes.UNIMPLEMENTED),
    RATE_LIMITED(429, "rate_limited", GrpcCodes.RESOURCE_EXHAUSTED),
    UPSTREAM_UNAVAILABLE(502, "upstream_unavailable", GrpcCodes.UNAVAILABLE),
    NO_HEALTHY_UPSTREAM(503, "no_healthy_upstream", GrpcCodes.UNAVAILABLE),
    UPSTREAM_OVERLOADED(503, "upstream_overloaded", GrpcCodes.UNAVAILABLE),
    UPSTREAM_TIMEOUT(504, "upstream_timeout", GrpcCodes.DEADLINE_EXCEEDED);

    private final int status;
    private final String code;
    private final int grpcStatus;

    GatewayError(int status, String code, int grpcStatus) {
        this.status = status;
        this.code = code;
        this.grpcStatus = grpcStatus;
    }

    public int status() {
        return status;
    }

    /** The value of {@code x-strait-error} and of the JSON body's {@code error}. */
    public String code() {
        return code;
    }

    /** The {@code grpc-status} a gRPC call gets for this error. */
    public int grpcStatus() {
        return grpcStatus;
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

    /** The gRPC status codes the gateway answers with (grpc/doc/statuscodes.md). */
    private static final class GrpcCodes {
        static final int DEADLINE_EXCEEDED = 4;
        static final int PERMISSION_DENIED = 7;
        static final int RESOURCE_EXHAUSTED = 8;
        static final int UNIMPLEMENTED = 12;
        static final int INTERNAL = 13;
        static final int UNAVAILABLE = 14;

        private GrpcCodes() {}
    }
}

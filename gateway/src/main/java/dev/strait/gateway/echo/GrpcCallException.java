package dev.strait.gateway.echo;

/** Ends a gRPC call early with {@link #status()}, e.g. for a malformed or oversized message. */
final class GrpcCallException extends Exception {
    private final GrpcStatus status;

    GrpcCallException(GrpcStatus status) {
        super(status.message(), null, false, false);
        this.status = status;
    }

    GrpcStatus status() {
        return status;
    }
}

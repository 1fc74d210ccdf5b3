package dev.strait.gateway.echo;

/** The headers the echo server adds, so callers can see which endpoint answered and that metadata passes through. */
public final class EchoHeaders {
    /** On every response: the endpoint id that answered. */
    public static final String ENDPOINT = "x-echo-endpoint";
    /** gRPC initial metadata: the service name. */
    public static final String HEADER = "x-echo-header";
    /** gRPC trailing metadata, beside grpc-status: the endpoint id. */
    public static final String TRAILER = "x-echo-trailer";

    private EchoHeaders() {}
}

package dev.strait.gateway.pipeline;

import org.eclipse.jetty.http.HttpFields;

/**
 * What a client sent before the body: the request line, the authority and the headers.
 *
 * @param method    the method
 * @param authority the authority (HTTP/2 {@code :authority} or HTTP/1.1 {@code Host}), port included if sent
 * @param pathQuery the path with its query, as sent
 * @param http2     whether the client spoke HTTP/2
 * @param headers   the headers (immutable)
 */
public record RequestHead(String method, String authority, String pathQuery, boolean http2, HttpFields headers) {
    /** The (normalized) path without its query: what policy rules match on. */
    public String path() {
        int query = pathQuery.indexOf('?');
        return query < 0 ? pathQuery : pathQuery.substring(0, query);
    }

    /** Whether the client said it accepts trailers, as gRPC clients do. */
    public boolean acceptsTrailers() {
        return headers.contains("te", "trailers") || isGrpc();
    }

    /** Whether this is a gRPC call: its content type is {@code application/grpc} or a variant of it. */
    public boolean isGrpc() {
        return isGrpc(headers.get("content-type"));
    }

    /** Whether {@code contentType} (null when absent) names gRPC: {@code application/grpc}, {@code application/grpc+proto}... */
    public static boolean isGrpc(String contentType) {
        return contentType != null && contentType.startsWith("application/grpc");
    }
}

package dev.strait.gateway.echo;

import java.nio.charset.StandardCharsets;

/**
 * How a gRPC call ends: the {@code grpc-status} code and {@code grpc-message} text.
 *
 * @param code    0 (OK) to 16 (UNAUTHENTICATED)
 * @param message a human-readable description, empty for none
 */
record GrpcStatus(int code, String message) {
    static final int OK = 0;
    static final int UNKNOWN = 2;
    static final int RESOURCE_EXHAUSTED = 8;
    static final int UNIMPLEMENTED = 12;
    static final int INTERNAL = 13;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static GrpcStatus ok() {
        return new GrpcStatus(OK, "");
    }

    /** The status a request's {@code fail_with_code} asks for; a code gRPC does not define becomes UNKNOWN. */
    static GrpcStatus requested(int code, String message) {
        return code >= 1 && code <= 16
                ? new GrpcStatus(code, message)
                : new GrpcStatus(UNKNOWN, "fail_with_code " + code + " is not a gRPC status code: " + message);
    }

    /**
     * The message as the gRPC HTTP/2 spec wants it on the wire: UTF-8, with every byte outside
     * printable ASCII, and '%' itself, written as {@code %XX}.
     */
    String percentEncodedMessage() {
        var out = new StringBuilder(message.length());
        for (byte b : message.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}

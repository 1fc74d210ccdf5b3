package dev.strait.gateway.server;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.RequestHead;
import dev.strait.gateway.pipeline.StraitHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes gateway-made errors: {@code x-strait-error} and the JSON body of the public contract,
 * or, to a gRPC call, a trailers-only gRPC response ({@code 200}, {@code grpc-status} and
 * {@code grpc-message} in the headers, which end the stream) that gRPC clients understand.
 */
final class ErrorResponses {
    static final String GRPC_STATUS = "grpc-status";
    static final String GRPC_MESSAGE = "grpc-message";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ErrorResponses() {}

    /** Writes the error; answers the number of body bytes written. */
    static long write(Response response, Callback callback, GatewayError error, String message) {
        return write(response, callback, error.status(), error, message);
    }

    /** As above with an explicit status, for Jetty's precise 4xx answers such as 431 (a gRPC call gets 200 still). */
    static long write(Response response, Callback callback, int status, GatewayError error, String message) {
        if (isGrpc(response.getRequest())) {
            writeGrpc(response, callback, error, message);
            return 0;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error.code());
        body.put("message", message);
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.getHeaders().put(StraitHeaders.ERROR, error.code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return bytes.length;
    }

    /** A {@code retry-after} value: whole seconds, rounded up, at least 1 (RFC 9110 section 10.2.3). */
    static long retryAfterSeconds(java.time.Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static boolean isGrpc(Request request) {
        return request != null && RequestHead.isGrpc(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    }

    /** A trailers-only response: one HEADERS frame that ends the stream (gRPC over HTTP/2, "Responses"). */
    private static void writeGrpc(Response response, Callback callback, GatewayError error, String message) {
        response.setStatus(200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/grpc");
        headers.put(GRPC_STATUS, Integer.toString(error.grpcStatus()));
        headers.put(GRPC_MESSAGE, percentEncoded(message));
        headers.put(StraitHeaders.ERROR, error.code());
        response.write(true, BufferUtil.EMPTY_BUFFER, callback);
    }

    /**
     * {@code message} as {@code grpc-message} carries it: UTF-8, with every byte outside printable
     * ASCII, and '%' itself, written as {@code %XX}.
     */
    static String percentEncoded(String message) {
        StringBuilder out = new StringBuilder(message.length());
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

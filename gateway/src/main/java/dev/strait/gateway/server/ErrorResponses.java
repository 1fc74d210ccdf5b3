package dev.strait.gateway.server;

import dev.strait.gateway.pipeline.GatewayError;
import dev.strait.gateway.pipeline.StraitHeaders;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes gateway-made errors: {@code x-strait-error} and the JSON body of the public contract. */
final class ErrorResponses {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorResponses() {}

    static void write(Response response, Callback callback, GatewayError error, String message) {
        write(response, callback, error.status(), error, message);
    }

    /** As above with an explicit status, for Jetty's precise 4xx answers such as 431. */
    static void write(Response response, Callback callback, int status, GatewayError error, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", error.code());
        body.put("message", message);
        byte[] bytes = JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.getHeaders().put(StraitHeaders.ERROR, error.code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}

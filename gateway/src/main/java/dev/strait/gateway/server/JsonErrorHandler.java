package dev.strait.gateway.server;

import dev.strait.gateway.pipeline.GatewayError;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty decides before a request reaches the gateway (malformed requests,
 * oversized headers) in the gateway's own error format, so clients see one format.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        GatewayError error = GatewayError.forStatus(status);
        String text = message == null ? "the gateway could not accept this request" : message.toString();
        // Jetty's precise status stays (431 for oversized headers); the code names its class.
        ErrorResponses.write(response, callback, status, error, text);
        return true;
    }
}

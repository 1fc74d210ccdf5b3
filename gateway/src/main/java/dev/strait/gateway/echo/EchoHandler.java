package dev.strait.gateway.echo;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The echo server's single handler: gRPC by content type, plain HTTP otherwise. It is a blocking
 * handler, so Jetty runs it on a virtual thread and it reads and writes in straight-line code.
 */
final class EchoHandler extends Handler.Abstract {
    private final EchoOptions options;
    private final HttpEcho http;
    private final GrpcEcho grpc;

    EchoHandler(EchoOptions options) {
        this.options = options;
        this.http = new HttpEcho(options);
        this.grpc = new GrpcEcho(options);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            response.getHeaders().put(EchoHeaders.ENDPOINT, options.endpoint().value());
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            if (contentType != null && contentType.startsWith("application/grpc")) {
                grpc.handle(request, response);
            } else {
                http.handle(request, response);
            }
            callback.succeeded();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        } catch (Throwable e) {
            // Usually the client went away mid-response; Jetty resets the stream or closes the connection.
            callback.failed(e);
        }
        return true;
    }
}

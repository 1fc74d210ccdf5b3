package dev.strait.gateway.server;

import dev.strait.gateway.admin.AdminApi;
import dev.strait.gateway.admin.AdminReply;
import dev.strait.gateway.admin.AdminRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Carries the admin API on the admin connector; runs on a virtual thread since writes wait for Raft. */
final class AdminHandler extends Handler.Abstract {
    private final AdminApi api;

    AdminHandler(AdminApi api) {
        super(InvocationType.BLOCKING);
        this.api = api;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        byte[] body;
        try {
            body = Content.Source.asByteArrayAsync(request, AdminApi.MAX_BODY_BYTES).get();
        } catch (ExecutionException e) {
            reply(response, callback, AdminReply.text(413, "request body larger than " + AdminApi.MAX_BODY_BYTES + " bytes or unreadable\n"));
            return true;
        }
        String query = request.getHttpURI().getQuery();
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        AdminReply reply = api.handle(new AdminRequest(request.getMethod(), Request.getPathInContext(request),
                query == null ? "" : query, body, authorization == null ? "" : authorization));
        reply(response, callback, reply);
        return true;
    }

    private static void reply(Response response, Callback callback, AdminReply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        reply.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}

package dev.strait.gateway.server;

import dev.strait.gateway.pipeline.CallRecord;
import dev.strait.gateway.pipeline.ClientResponse;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The pipeline's view of Jetty's response; it counts the body bytes written into the call's record. */
record JettyClientResponse(Response response, CallRecord record) implements ClientResponse {
    @Override
    public void status(int status) {
        response.setStatus(status);
    }

    @Override
    public HttpFields.Mutable headers() {
        return response.getHeaders();
    }

    @Override
    public void trailers(Supplier<HttpFields> trailers) {
        response.setTrailersSupplier(trailers);
    }

    @Override
    public boolean isCommitted() {
        return response.isCommitted();
    }

    @Override
    public void write(boolean last, ByteBuffer byteBuffer, Callback callback) {
        record.responseBytes(byteBuffer.remaining());
        response.write(last, byteBuffer, callback);
    }
}

package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.ClientResponse;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;

/** The gateway-to-client response of a test exchange: keeps what the gateway wrote. */
final class RecordingClientResponse implements ClientResponse {
    private final HttpFields.Mutable headers = HttpFields.build();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private volatile int status;
    private volatile boolean committed;
    private volatile boolean complete;
    private volatile Supplier<HttpFields> trailers = () -> null;
    // When set, writes complete only when the test releases them, as with a slow client.
    private volatile java.util.List<Callback> held;

    @Override
    public void status(int status) {
        this.status = status;
    }

    @Override
    public HttpFields.Mutable headers() {
        return headers;
    }

    @Override
    public void trailers(Supplier<HttpFields> trailers) {
        this.trailers = trailers;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void write(boolean last, ByteBuffer byteBuffer, Callback callback) {
        committed = true;
        synchronized (body) {
            byte[] bytes = new byte[byteBuffer.remaining()];
            byteBuffer.get(bytes);
            body.writeBytes(bytes);
        }
        if (last) {
            complete = true;
        }
        java.util.List<Callback> waiting = held;
        if (waiting != null) {
            waiting.add(callback);
        } else {
            callback.succeeded();
        }
    }

    /** From now on writes wait for {@link #releaseWrites()}. */
    void holdWrites() {
        held = new java.util.concurrent.CopyOnWriteArrayList<>();
    }

    /** Completes the writes held so far, and the later ones at once. */
    void releaseWrites() {
        java.util.List<Callback> waiting = held;
        held = null;
        waiting.forEach(Callback::succeeded);
    }

    int status() {
        return status;
    }

    HttpFields headersSent() {
        return headers.asImmutable();
    }

    HttpFields trailersSent() {
        return trailers.get();
    }

    String body() {
        synchronized (body) {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    boolean complete() {
        return complete;
    }
}

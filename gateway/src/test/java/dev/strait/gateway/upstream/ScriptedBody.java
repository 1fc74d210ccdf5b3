package dev.strait.gateway.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;

/**
 * A client's request body whose chunks the test sends one by one. Like Jetty's request, it
 * refuses a second demand while one is pending, and counts the bytes handed out.
 */
final class ScriptedBody implements Content.Source {
    private final Queue<Content.Chunk> chunks = new ArrayDeque<>();
    private Runnable demand;
    private int demands;
    private long bytesRead;

    /** Sends {@code text} (UTF-8), ending the body when {@code last}; runs a pending demand. */
    void send(String text, boolean last) {
        send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), last);
    }

    void send(ByteBuffer bytes, boolean last) {
        offer(Content.Chunk.from(bytes, last));
    }

    /** Ends the body with trailers. */
    void sendTrailers(HttpFields trailers) {
        offer(new Trailers(trailers));
    }

    private void offer(Content.Chunk chunk) {
        Runnable pending;
        synchronized (this) {
            chunks.add(chunk);
            pending = demand;
            demand = null;
        }
        if (pending != null) {
            pending.run();
        }
    }

    @Override
    public synchronized Content.Chunk read() {
        Content.Chunk chunk = chunks.poll();
        if (chunk != null) {
            bytesRead += chunk.remaining();
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        synchronized (this) {
            if (demand != null) {
                throw new IllegalStateException("demand pending");
            }
            demands++;
            if (chunks.isEmpty()) {
                demand = demandCallback;
                return;
            }
        }
        demandCallback.run();
    }

    @Override
    public void fail(Throwable failure) {
        throw new AssertionError("an attempt failed the client's body", failure);
    }

    synchronized int demands() {
        return demands;
    }

    synchronized long bytesRead() {
        return bytesRead;
    }
}

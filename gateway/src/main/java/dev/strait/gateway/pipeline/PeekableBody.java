package dev.strait.gateway.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import org.eclipse.jetty.io.Content;

/**
 * The client's request body, with one look ahead: {@link #peek()} waits for the first chunk
 * without taking it, and {@link #untouched()} tells whether any of the body has been handed on.
 * It holds nothing else; the upstream stage keeps the body's first bytes, in a bounded retry
 * buffer, so a call can be sent again elsewhere.
 */
public final class PeekableBody implements Content.Source {
    private final Content.Source source;
    private final LongConsumer bytesRead;
    // Touched by the call's own thread only: the pipeline reads the body on one thread at a time.
    private Content.Chunk peeked;
    private volatile boolean touched;

    public PeekableBody(Content.Source source) {
        this(source, bytes -> {});
    }

    /** @param bytesRead told the size of every chunk handed on */
    public PeekableBody(Content.Source source, LongConsumer bytesRead) {
        this.source = source;
        this.bytesRead = bytesRead;
    }

    /** The first chunk not yet read (possibly the end), waiting on the call's virtual thread until it comes. */
    public Content.Chunk peek() {
        while (peeked == null) {
            Content.Chunk chunk = source.read();
            if (chunk != null) {
                peeked = chunk;
                break;
            }
            CompletableFuture<Void> readable = new CompletableFuture<>();
            source.demand(() -> readable.complete(null));
            readable.join();
        }
        return peeked;
    }

    /** Whether the body is known to be empty, without consuming it. */
    public boolean isEmpty() {
        Content.Chunk first = peek();
        return first.isLast() && !first.hasRemaining() && !Content.Chunk.isFailure(first);
    }

    /** Whether no byte of the body has been read past {@link #peek()}, so it can still be sent in full. */
    public boolean untouched() {
        return !touched;
    }

    @Override
    public Content.Chunk read() {
        touched = true;
        Content.Chunk chunk = peeked;
        if (chunk != null) {
            peeked = null;
        } else {
            chunk = source.read();
        }
        if (chunk != null && chunk.hasRemaining()) {
            bytesRead.accept(chunk.remaining());
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        if (peeked != null) {
            demandCallback.run();
        } else {
            source.demand(demandCallback);
        }
    }

    @Override
    public void fail(Throwable failure) {
        source.fail(failure);
    }

    @Override
    public long getLength() {
        return source.getLength();
    }
}

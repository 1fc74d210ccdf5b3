package dev.strait.gateway.upstream;

import dev.strait.gateway.pipeline.PeekableBody;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;

/**
 * The client's request body as the attempts of one call read it, with a bounded retry buffer: as
 * an attempt relays the body, a copy of its first bytes (at most {@code limit}) is kept, so a
 * later attempt can be sent those bytes again and then the rest of the body as the client sends
 * it. Once more than {@code limit} bytes have been read the copy is dropped and the body can no
 * longer be replayed; memory per call never exceeds {@code limit}.
 *
 * <p>Each attempt reads through its own {@link Content.Source} from {@link #nextAttempt()}; an
 * attempt that was superseded reads only a failure and never touches the client's body again.
 * Attempts may read from the call's thread (HTTP/2) or from the HTTP client's threads
 * (HTTP/1.1), so state is guarded by a lock held only for non-blocking work. The client's body
 * has at most one outstanding demand, whichever attempt asked for it.
 */
final class ReplayableBody {
    private static final int MIN_CAPACITY = 1024;
    private static final byte[] NONE = new byte[0];

    private final PeekableBody client;
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private byte[] buffer = NONE;
    private int buffered;
    private boolean read;
    private boolean overflowed;
    private boolean ended;
    private HttpFields endTrailers;
    private Attempt current;
    private Runnable waiter;
    private boolean demanding;

    /**
     * @param client the client's body
     * @param limit  how many bytes may be kept for a replay; 0 when no other attempt can follow
     */
    ReplayableBody(PeekableBody client, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("retry buffer limit " + limit + " is negative (expected: 0 or more bytes)");
        }
        this.client = client;
        this.limit = limit;
    }

    /**
     * The body for a new attempt: what earlier attempts read (kept in the buffer), then the rest
     * of the client's body. Supersedes every earlier attempt's source.
     *
     * @throws IllegalStateException when the body cannot be replayed any more (see {@link #replayable()})
     */
    Content.Source nextAttempt() {
        lock.lock();
        try {
            if (overflowed) {
                throw new IllegalStateException("the request body outgrew the " + limit + "-byte retry buffer; it cannot be sent again");
            }
            current = new Attempt();
            waiter = null;
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a new attempt could be sent everything read so far: nothing was read, or all of it is buffered. */
    boolean replayable() {
        lock.lock();
        try {
            return !overflowed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the body is known to be empty, waiting on the caller's thread for the client's
     * first chunk if no attempt has read any of it yet.
     */
    boolean isEmpty() {
        lock.lock();
        try {
            if (read) {
                return ended && buffered == 0 && !overflowed && endTrailers == null;
            }
        } finally {
            lock.unlock();
        }
        return client.isEmpty();
    }

    /** Whether no attempt has read from the client's body yet. */
    boolean untouched() {
        lock.lock();
        try {
            return !read;
        } finally {
            lock.unlock();
        }
    }

    /** How many bytes the retry buffer holds now. */
    int bufferedBytes() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** The retry buffer's capacity now, at most the limit: it grows with what it holds. */
    int bufferCapacity() {
        lock.lock();
        try {
            return buffer.length;
        } finally {
            lock.unlock();
        }
    }

    private Content.Chunk read(Attempt attempt) {
        lock.lock();
        try {
            if (attempt != current) {
                return Content.Chunk.from(new SupersededException(), true);
            }
            if (!overflowed && attempt.position < buffered) {
                ByteBuffer replay = ByteBuffer.wrap(buffer, attempt.position, buffered - attempt.position).slice();
                attempt.position = buffered;
                // The array is only ever appended to (or replaced), so a frame still writing it is safe.
                return Content.Chunk.from(replay, false, () -> {});
            }
            if (ended) {
                return endTrailers != null ? new Trailers(endTrailers) : Content.Chunk.EOF;
            }
            read = true;
            Content.Chunk chunk = client.read();
            if (chunk == null || Content.Chunk.isFailure(chunk)) {
                return chunk;
            }
            keep(chunk);
            attempt.position = buffered;
            return chunk;
        } finally {
            lock.unlock();
        }
    }

    // Called with the lock held.
    private void keep(Content.Chunk chunk) {
        int length = chunk.remaining();
        if (!overflowed && length > 0) {
            if ((long) buffered + length > limit) {
                overflowed = true;
                buffer = NONE;
                buffered = 0;
            } else {
                ensureCapacity(buffered + length);
                ByteBuffer bytes = chunk.getByteBuffer();
                bytes.get(bytes.position(), buffer, buffered, length);
                buffered += length;
            }
        }
        if (chunk.isLast()) {
            ended = true;
            if (chunk instanceof Trailers trailers) {
                endTrailers = trailers.getTrailers().asImmutable();
            }
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        int capacity = (int) Math.min(limit, Math.max(needed, Math.max(MIN_CAPACITY, 2L * buffer.length)));
        byte[] larger = new byte[capacity];
        System.arraycopy(buffer, 0, larger, 0, buffered);
        buffer = larger;
    }

    private void demand(Attempt attempt, Runnable callback) {
        boolean runNow;
        boolean register = false;
        lock.lock();
        try {
            runNow = attempt != current || (!overflowed && attempt.position < buffered) || ended;
            if (!runNow) {
                waiter = callback;
                register = !demanding;
                demanding = true;
            }
        } finally {
            lock.unlock();
        }
        if (runNow) {
            callback.run();
        } else if (register) {
            client.demand(this::clientReadable);
        }
    }

    private void clientReadable() {
        Runnable ready;
        lock.lock();
        try {
            demanding = false;
            ready = waiter;
            waiter = null;
        } finally {
            lock.unlock();
        }
        if (ready != null) {
            ready.run();
        }
    }

    /** One attempt's view of the body. */
    private final class Attempt implements Content.Source {
        // Guarded by the body's lock: how much of the buffer this attempt has been given.
        private int position;

        @Override
        public Content.Chunk read() {
            return ReplayableBody.this.read(this);
        }

        @Override
        public void demand(Runnable demandCallback) {
            ReplayableBody.this.demand(this, demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            // An attempt giving up must not fail the client's body: another attempt may still send it.
        }

        @Override
        public long getLength() {
            return client.getLength();
        }
    }

    /** An attempt read the body after a later attempt took over. */
    static final class SupersededException extends Exception {
        SupersededException() {
            super("a later attempt of the call reads the request body now", null, false, false);
        }
    }
}

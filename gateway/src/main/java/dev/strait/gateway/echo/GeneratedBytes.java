package dev.strait.gateway.echo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The content of {@code GET /bytes/{n}}: the lower-case alphabet repeated, so byte {@code i} is
 * {@code 'a' + i % 26}. Clients can check any range without keeping the whole body.
 */
public final class GeneratedBytes {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz";

    /** A multiple of the pattern's period, so every chunk starts with 'a'. */
    static final int CHUNK_SIZE = ALPHABET.length() * 2048;

    private static final ByteBuffer CHUNK = chunk();

    private GeneratedBytes() {}

    /** The byte at {@code offset} of every generated body. */
    public static byte byteAt(long offset) {
        return (byte) ALPHABET.charAt((int) (offset % ALPHABET.length()));
    }

    /** The first {@code length} (at most {@link #CHUNK_SIZE}) bytes of the pattern, in a buffer of its own. */
    static ByteBuffer chunk(int length) {
        return CHUNK.slice(0, length);
    }

    private static ByteBuffer chunk() {
        byte[] period = ALPHABET.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_SIZE);
        while (buffer.hasRemaining()) {
            buffer.put(period);
        }
        return buffer.flip().asReadOnlyBuffer();
    }
}

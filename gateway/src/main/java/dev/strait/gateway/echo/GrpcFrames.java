package dev.strait.gateway.echo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * gRPC's length-prefixed messages: one byte compressed flag, a 4-byte big-endian length, then the
 * message. Reads take exactly one message from the stream, so a reply can go out before the
 * client sends its next message.
 */
final class GrpcFrames {
    /** The largest message accepted, as grpc-java's default. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private static final int HEADER_BYTES = 5;

    private GrpcFrames() {}

    /** The next message, or empty at the end of the request stream. */
    static Optional<byte[]> read(InputStream in) throws IOException, GrpcCallException {
        byte[] header = new byte[HEADER_BYTES];
        int headerRead = readUpTo(in, header);
        if (headerRead == 0) {
            return Optional.empty();
        }
        if (headerRead < HEADER_BYTES) {
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.INTERNAL, "request ended inside a message header"));
        }
        if (header[0] != 0) {
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.UNIMPLEMENTED,
                    "compressed messages are not supported (send them with grpc-encoding identity)"));
        }
        long length = ByteBuffer.wrap(header, 1, 4).getInt() & 0xFFFF_FFFFL;
        if (length > MAX_MESSAGE_BYTES) {
            // Refused before reading, so an oversized message never reaches memory.
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.RESOURCE_EXHAUSTED,
                    "message of " + length + " bytes is larger than the maximum of " + MAX_MESSAGE_BYTES));
        }
        byte[] message = new byte[(int) length];
        int messageRead = readUpTo(in, message);
        if (messageRead < length) {
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.INTERNAL,
                    "request ended inside a message (" + messageRead + " of " + length + " bytes)"));
        }
        return Optional.of(message);
    }

    /**
     * Fills {@code buffer} unless the stream ends first; returns how many bytes were read. Not
     * {@code InputStream.readNBytes}: once it has all the bytes it still calls {@code read} with a
     * length of 0, which Jetty's request stream answers by waiting for more content, so a streaming
     * call would stall until the client sent its next message.
     */
    private static int readUpTo(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    /** One uncompressed message, framed. */
    static ByteBuffer frame(byte[] message) {
        return ByteBuffer.allocate(HEADER_BYTES + message.length)
                .put((byte) 0)
                .putInt(message.length)
                .put(message)
                .flip();
    }
}

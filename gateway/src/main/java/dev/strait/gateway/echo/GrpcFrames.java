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
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length == 0) {
            return Optional.empty();
        }
        if (header.length < HEADER_BYTES) {
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
        byte[] message = in.readNBytes((int) length);
        if (message.length < length) {
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.INTERNAL,
                    "request ended inside a message (" + message.length + " of " + length + " bytes)"));
        }
        return Optional.of(message);
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

package dev.strait.gateway.echo;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * Writes to a Jetty response and waits until the bytes are handed to the connection. Handlers run
 * on virtual threads, so waiting is cheap, and every write reaches the client at once, which gRPC
 * streaming needs.
 */
final class BlockingWrites {
    private BlockingWrites() {}

    static void write(Response response, boolean last, ByteBuffer content) throws IOException {
        try (Blocker.Callback callback = Blocker.callback()) {
            response.write(last, content, callback);
            callback.block();
        }
    }
}

package dev.strait.it.operations;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An endpoint that holds every call until the test lets it go, so a test knows a call is in
 * flight through a gateway, and for how long, without timing anything.
 */
final class HeldEndpoint implements AutoCloseable {
    // Held calls are answered at the latest after this, so a failing test does not hang.
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    private final HttpServer server;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private HeldEndpoint(HttpServer server) {
        this.server = server;
    }

    static HeldEndpoint start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            HeldEndpoint endpoint = new HeldEndpoint(server);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                endpoint.arrived.countDown();
                try {
                    endpoint.released.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "released\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a call has arrived, at most {@code within}; true when one has. */
    boolean awaitArrival(Duration within) throws InterruptedException {
        return arrived.await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held call, and every later one, be answered. */
    void release() {
        released.countDown();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}

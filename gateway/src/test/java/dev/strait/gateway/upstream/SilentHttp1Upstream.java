package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 endpoint on loopback that reads requests and never answers; it counts the
 * connections that carried a request and those the caller then closed.
 */
final class SilentHttp1Upstream implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedByCaller = new AtomicInteger();

    SilentHttp1Upstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("silent-accept").start(this::acceptLoop);
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    int requests() {
        return requests.get();
    }

    int closedByCaller() {
        return closedByCaller.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().name("silent-connection").start(() -> holdOpen(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void holdOpen(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            boolean counted = false;
            // Reads whatever comes until the caller closes; the first bytes are the request.
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!counted) {
                    requests.incrementAndGet();
                    counted = true;
                }
            }
            closedByCaller.incrementAndGet();
        } catch (IOException e) {
            closedByCaller.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

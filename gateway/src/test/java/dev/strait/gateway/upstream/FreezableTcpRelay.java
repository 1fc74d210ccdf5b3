package dev.strait.gateway.upstream;

import dev.strait.policy.model.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A TCP relay on loopback in front of one server, which the test can freeze: while frozen it keeps
 * every socket open but carries no byte either way, as a network that silently drops a link's
 * packets does (no reset, no close, writes still succeed until the socket buffers fill). Connections
 * opened while frozen are accepted and carry nothing either. Bytes read before a freeze are held,
 * not lost, as TCP would retransmit them once the link heals.
 */
final class FreezableTcpRelay implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    private final HostPort server;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    // Released (count zero) while the link carries bytes; a freeze swaps in one that a thaw releases.
    private volatile CountDownLatch flowing = open();
    private volatile boolean closed;

    private FreezableTcpRelay(HostPort server) throws IOException {
        this.server = server;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("relay-accept-" + listener.getLocalPort()).start(this::acceptLoop);
    }

    /** A relay to {@code server}, relaying from the start. */
    static FreezableTcpRelay to(HostPort server) throws IOException {
        return new FreezableTcpRelay(server);
    }

    /** Where clients connect to reach the server through the relay. */
    HostPort address() {
        return new HostPort("127.0.0.1", listener.getLocalPort());
    }

    /** Stops carrying bytes, either way, on every connection (open or later); nothing is closed. */
    void freeze() {
        if (flowing.getCount() == 0) {
            flowing = new CountDownLatch(1);
        }
    }

    /** Carries bytes again, starting with those held since the freeze. */
    void thaw() {
        flowing.countDown();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                Socket upstream = new Socket(server.host(), server.port());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, "to-server");
                pump(upstream, client, "to-client");
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /**
     * Copies {@code from} to {@code to} chunk by chunk, each only while the link flows; the end of
     * {@code from} (a close or a reset) travels on too only while the link flows.
     */
    private void pump(Socket from, Socket to, String direction) {
        Thread.ofVirtual().name("relay-" + direction + "-" + from.getPort()).start(() -> {
            byte[] buffer = new byte[CHUNK];
            boolean clean = false;
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    flowing.await();
                    out.write(buffer, 0, read);
                    out.flush();
                }
                clean = true;
            } catch (IOException e) {
                // A side was reset or closed.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                flowing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (clean) {
                // A close travels on as a half close, as its FIN would.
                shutdownOutputQuietly(to);
            } else {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        sockets.forEach(FreezableTcpRelay::closeQuietly);
        // Lets pumps held by a freeze see the relay is closed and end.
        flowing.countDown();
    }

    private static CountDownLatch open() {
        CountDownLatch latch = new CountDownLatch(1);
        latch.countDown();
        return latch;
    }

    private static void shutdownOutputQuietly(Socket socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // Already closed.
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}

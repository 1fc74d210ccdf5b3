package dev.strait.it.failover;

import dev.strait.it.support.RawHttp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 endpoint on loopback that reads each request in full, records its request line and
 * closes the connection without answering: an upstream that was reached and then failed.
 */
final class Closer implements AutoCloseable {
    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();

    Closer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("closer-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many requests with {@code method} it has read so far. */
    long requests(String method) {
        return requestLines.stream().filter(line -> line.startsWith(method + " ")).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().name("closer-connection").start(() -> readOneAndClose(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void readOneAndClose(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            String head = RawHttp.readRequestHead(in);
            if (head == null) {
                return;
            }
            // The body is read too, so the close is a clean FIN and not a reset over unread bytes.
            in.skipNBytes(RawHttp.contentLength(head));
            requestLines.add(head.substring(0, head.indexOf("\r\n")));
        } catch (IOException e) {
            // The caller went away first; nothing to record.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

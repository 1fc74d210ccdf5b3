package dev.strait.it.malformed;

import dev.strait.it.support.RawHttp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal HTTP/1.1 endpoint on loopback that counts the connections it accepts and answers every
 * request with an empty 200, so a test can tell whether anything reached it.
 */
final class Recorder implements AutoCloseable {
    private static final byte[] OK = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();

    Recorder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("recorder-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections have been accepted so far. */
    int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                accepted.incrementAndGet();
                Thread.ofVirtual().name("recorder-connection").start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            String head;
            while ((head = RawHttp.readRequestHead(in)) != null) {
                in.skipNBytes(RawHttp.contentLength(head));
                out.write(OK);
                out.flush();
            }
        } catch (IOException e) {
            // The caller went away; nothing to record.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package dev.strait.it.failover;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
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
            String head = readHead(in);
            if (head == null) {
                return;
            }
            // The body is read too, so the close is a clean FIN and not a reset over unread bytes.
            in.skipNBytes(contentLength(head));
            requestLines.add(head.substring(0, head.indexOf("\r\n")));
        } catch (IOException e) {
            // The caller went away first; nothing to record.
        }
    }

    /** The request line and headers up to the blank line, or null at end of stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

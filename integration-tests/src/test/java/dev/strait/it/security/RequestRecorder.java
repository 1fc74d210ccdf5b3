package dev.strait.it.security;

import dev.strait.it.support.RawHttp;
import dev.strait.policy.model.HostPort;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 endpoint on loopback that keeps the head of every request it gets and answers
 * each with an empty 200, so a test can tell what reached it, and what did not.
 */
final class RequestRecorder implements AutoCloseable {
    private static final byte[] OK = "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    RequestRecorder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("request-recorder-accept").start(this::acceptLoop);
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** How many requests arrived so far. */
    int requests() {
        return heads.size();
    }

    /** The value of {@code header} in the last request that arrived, if it had one. */
    Optional<String> lastHeader(String header) {
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        for (String line : heads.getLast().split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(header)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().name("request-recorder-connection").start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            String head;
            while ((head = RawHttp.readRequestHead(in)) != null) {
                in.skipNBytes(RawHttp.contentLength(head));
                heads.add(head);
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

package dev.strait.it.traffic;

import dev.strait.it.support.RawHttp;
import dev.strait.policy.model.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/1.1 endpoint on loopback that answers every request the same scripted way (a status,
 * or holding the request until the test releases it) and keeps the request line of each, so a
 * test can tell how many attempts reached it. Each answer carries {@code x-echo-endpoint}, as the
 * echo backend's do, and closes the connection.
 */
final class ScriptedEndpoint implements AutoCloseable {
    private final String id;
    private final int status;
    private final boolean holds;
    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private ScriptedEndpoint(String id, int status, boolean holds) throws IOException {
        this.id = id;
        this.status = status;
        this.holds = holds;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("scripted-endpoint-" + id).start(this::acceptLoop);
    }

    /** Answers every request with {@code status}. */
    static ScriptedEndpoint answering(String id, int status) throws IOException {
        return new ScriptedEndpoint(id, status, false);
    }

    /** Holds every request until {@link #release()}, then answers 200. */
    static ScriptedEndpoint holding(String id) throws IOException {
        return new ScriptedEndpoint(id, 200, true);
    }

    HostPort address() {
        return new HostPort("127.0.0.1", server.getLocalPort());
    }

    /** Request lines ("GET /path HTTP/1.1") of every request that arrived, in order. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** How many requests arrived whose request line starts with {@code prefix}, such as "POST /retry". */
    long requests(String prefix) {
        return requestLines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    /** Lets every held request, and every later one, be answered. */
    void release() {
        released.countDown();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().name("scripted-endpoint-" + id + "-connection").start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String head = RawHttp.readRequestHead(in);
            if (head == null) {
                return;
            }
            in.readNBytes((int) RawHttp.contentLength(head));
            requestLines.add(head.substring(0, head.indexOf("\r\n")));
            if (holds && !released.await(30, TimeUnit.SECONDS)) {
                return;
            }
            byte[] body = ("{\"endpoint\":\"" + id + "\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 " + status + " Scripted\r\ncontent-type: application/json\r\nx-echo-endpoint: " + id
                    + "\r\ncontent-length: " + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            // The gateway went away (a cancelled attempt): nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        released.countDown();
        server.close();
    }
}

package dev.strait.it.malformed;

import dev.strait.it.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that HTTP/1.1 framing rules make ambiguous or invalid are answered by east's gateway
 * with a 4xx and never reach west's {@code recorder} endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedRequestsNeverReachAnUpstreamIT {
    private static final String HOST = "Host: recorder.mesh\r\n";

    @TempDir
    static Path directory;

    static Recorder recorder;
    static TwoRegions federation;
    static int eastLocalPort;

    @BeforeAll
    static void start() throws Exception {
        recorder = new Recorder();
        federation = new TwoRegions(directory)
                .withWestService("recorder", Protocol.HTTP1, new HostPort("127.0.0.1", recorder.port()))
                .start();
        eastLocalPort = federation.node(TwoRegions.EAST).localPort();
    }

    @AfterAll
    static void stop() throws Exception {
        federation.close();
        recorder.close();
    }

    @Test
    @Order(1)
    void aWellFormedRequestReachesTheRecorder() throws Exception {
        int before = recorder.acceptedConnections();

        String status = RawHttp.statusLine(eastLocalPort, "GET / HTTP/1.1\r\n" + HOST + "Connection: close\r\n\r\n");

        assertThat(RawHttp.statusCode(status)).as(status).isEqualTo(200);
        assertThat(recorder.acceptedConnections() - before).isEqualTo(1);
    }

    @Test
    void twoConflictingContentLengthsAreRefused() throws Exception {
        assertRefusedBeforeTheUpstream("POST / HTTP/1.1\r\n" + HOST
                + "Content-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nhello!");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws Exception {
        assertRefusedBeforeTheUpstream("POST / HTTP/1.1\r\n" + HOST
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    }

    @Test
    void aControlByteInAHeaderValueIsRefused() throws Exception {
        assertRefusedBeforeTheUpstream("GET / HTTP/1.1\r\n" + HOST + "X-Evil: a\u0000b\r\nConnection: close\r\n\r\n");
    }

    @Test
    void whitespaceBetweenAHeaderNameAndTheColonIsRefused() throws Exception {
        assertRefusedBeforeTheUpstream("GET / HTTP/1.1\r\n" + HOST + "X-Evil : yes\r\nConnection: close\r\n\r\n");
    }

    @Test
    void headersLargerThan16KiBAreRefused() throws Exception {
        assertRefusedBeforeTheUpstream("GET / HTTP/1.1\r\n" + HOST
                + "X-Big: " + "a".repeat(20 * 1024) + "\r\nConnection: close\r\n\r\n");
    }

    private static void assertRefusedBeforeTheUpstream(String request) throws Exception {
        int before = recorder.acceptedConnections();

        String status = RawHttp.statusLine(eastLocalPort, request);

        assertThat(RawHttp.statusCode(status)).as("status line '%s'", status).isBetween(400, 499);
        assertThat(recorder.acceptedConnections() - before).as("connections the recorder accepted").isZero();
    }
}

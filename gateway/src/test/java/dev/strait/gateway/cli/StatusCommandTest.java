package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code strait status} against a stand-in admin API: its exit codes, and the token it sends. */
class StatusCommandTest {
    private static final String STATUS = """
            {"node":"gw-1","region":"east","ready":true,"raft":{"role":"leader","leader":"gw-1","term":1,"commitIndex":3,
             "appliedIndex":3,"members":["gw-1"]},"config":{"version":2,"digest":"00aa"},"federation":{"holdsStreams":true,"peers":[]}}
            """;

    @TempDir
    Path directory;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aNodeThatAnswersIsSummarizedWithExitZero() throws Exception {
        String admin = serve(Map.of("/v1/status", new Answer(200, STATUS), "/v1/catalog", new Answer(200, "{\"services\":{},\"imports\":[]}")));

        CommandRun run = CommandRun.of("status", "--admin", admin);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("node      east/gw-1   ready   config v2 (digest 00aa)\n")
                .contains("services  none served in this region");
        assertThat(authorizations).containsOnly("");
    }

    @Test
    void aNodeWhoseCatalogFailsIsStillSummarized() throws Exception {
        String admin = serve(Map.of("/v1/status", new Answer(200, STATUS),
                "/v1/catalog", new Answer(503, "{\"error\":\"unavailable\",\"message\":\"no quorum\"}")));

        CommandRun run = CommandRun.of("status", "--admin", admin);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("services  UNKNOWN: the catalog could not be read (503 no quorum)");
    }

    @Test
    void aNodeThatAnswersAnErrorExitsOne() throws Exception {
        String admin = serve(Map.of("/v1/status", new Answer(500, "{\"error\":\"internal\",\"message\":\"boom\"}")));

        CommandRun run = CommandRun.of("status", "--admin", admin);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("strait status: GET " + admin + "/v1/status answered 500 boom\n");
    }

    @Test
    void aNodeThatCannotBeReachedExitsOne() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        CommandRun run = CommandRun.of("status", "--admin", "http://127.0.0.1:" + closed);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("strait status: cannot reach http://127.0.0.1:" + closed);
    }

    @Test
    void theTokenFromTheFileTravelsAsABearerToken() throws Exception {
        String admin = serve(Map.of("/v1/status", new Answer(200, STATUS), "/v1/catalog", new Answer(200, "{\"services\":{}}")));
        Path token = ownerOnly("t0ken-value\n");

        CommandRun run = CommandRun.of("status", "--admin", admin, "--token-file", token.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(authorizations).containsOnly("Bearer t0ken-value");
    }

    @Test
    void anEmptyTokenFileIsRefusedBeforeAnyCall() throws Exception {
        String admin = serve(Map.of("/v1/status", new Answer(200, STATUS)));
        Path token = ownerOnly("");

        CommandRun run = CommandRun.of("status", "--admin", admin, "--token-file", token.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("strait status: admin token file " + token + " is empty");
        assertThat(authorizations).isEmpty();
    }

    private Path ownerOnly(String content) throws IOException {
        Path token = Files.writeString(directory.resolve("token"), content);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        }
        return token;
    }

    private record Answer(int status, String body) {}

    private String serve(Map<String, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("authorization");
            authorizations.add(authorization == null ? "" : authorization);
            Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "{\"error\":\"not_found\"}"));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}

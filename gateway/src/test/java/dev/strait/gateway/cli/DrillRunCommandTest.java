package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strait drill run}: where it runs is said exactly once, and an {@code --admin} drill checks
 * the nodes it is given before it puts any load on them.
 */
class DrillRunCommandTest {
    @TempDir
    Path out;

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void withoutLocalOrAdminItIsAUsageError() {
        CommandRun run = CommandRun.of("drill", "run", scenario("region-outage"), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("either --local or --admin URL...");
    }

    @Test
    void withBothLocalAndAdminItIsAUsageError() {
        CommandRun run = CommandRun.of("drill", "run", scenario("region-outage"), "--local", "--admin", "http://127.0.0.1:1",
                "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("either --local or --admin URL...");
    }

    @Test
    void aDirectoryWithoutScenariosIsAUsageError() throws IOException {
        Path configs = Files.createDirectories(out.resolve("configs"));
        Files.writeString(configs.resolve("federation.yaml"), "federation: f\nregions: {}\n");

        CommandRun run = CommandRun.of("drill", "run", configs.toString(), "--local", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("no scenario file in " + configs + " (expected: .yaml files with a top-level 'drill' key)");
    }

    @Test
    void anAdminUrlNobodyAnswersFailsTheDrillBeforeAnyLoad() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort();

        CommandRun run = CommandRun.of("drill", "run", scenario("region-outage"), "--admin", closed, "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("GET " + closed + "/v1/status failed")
                .contains("expected: the admin URL of a running gateway node");
        assertThat(out.resolve("report.json")).doesNotExist();
    }

    @Test
    void aNodeTheScenariosFederationDoesNotHaveIsRefused() throws IOException {
        String stranger = serveStatus("us-east", "gw-9");

        CommandRun run = CommandRun.of("drill", "run", scenario("region-outage"), "--admin", stranger, "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(stranger + " is node 'gw-9' of region 'us-east', which federation")
                .contains("the scenario's federation file describes the running federation");
    }

    @Test
    void aStopLeaderStepNeedsEveryNodeOfItsRegionAndEveryLoadARegionToCallFrom() throws IOException {
        String first = serveStatus("us-east", "gw-1");

        CommandRun run = CommandRun.of("drill", "run", scenario("leader-loss"), "--admin", first, "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("the scenario needs the admin URL of a node of eu-west (load 'web-from-eu-west' calls from there)")
                .contains("a node of ap-south (load 'web-from-ap-south' calls from there)")
                .contains("node gw-2 of us-east (a stop-leader step may stop any)")
                .contains("node gw-3 of us-east (a stop-leader step may stop any)")
                .doesNotContain("node gw-1 of us-east (a stop-leader");
        assertThat(out.resolve("report.json")).doesNotExist();
    }

    private static String scenario(String name) {
        return CommandRun.repositoryRoot().resolve("configs/drills/" + name + ".yaml").toString();
    }

    /** A stand-in admin API whose {@code /v1/status} names node {@code node} of {@code region}. */
    private String serveStatus(String region, String node) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] status = ("{\"node\":\"" + node + "\",\"region\":\"" + region + "\",\"ready\":true}").getBytes(StandardCharsets.UTF_8);
        server.createContext("/v1/status", exchange -> {
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, status.length);
            exchange.getResponseBody().write(status);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package dev.strait.gateway.drill.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.strait.gateway.drill.scenario.DrillFault;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's part of an {@code --admin} drill: each fault is announced, and the drill goes on
 * only once the admin API shows it happened; an operator who does nothing fails the step.
 */
class OperatorFaultsTest {
    private static final RegionName WEST = RegionName.of("eu-west");
    private static final NodeId GW_1 = NodeId.of("gw-1");
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** What the stand-in node shows; the test's operator changes it when told. */
    private volatile boolean up = true;
    private volatile boolean endpointRoutable = true;
    private volatile String notAfter = "2027-01-01T00:00:00Z";

    private final List<String> announcements = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private AdminCalls admin;
    private RunningNodes nodes;

    @BeforeEach
    void startNode() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = switch (path) {
                case "/healthz", "/readyz" -> up ? "ok" : null;
                case "/v1/status" -> up ? "{\"node\":\"gw-1\",\"region\":\"eu-west\",\"raft\":{\"leader\":\"gw-1\"},"
                        + "\"certificate\":{\"notAfter\":\"" + notAfter + "\"}}" : null;
                case "/v1/catalog" -> up ? "{\"services\":{\"payments\":{\"endpoints\":[{\"id\":\"payments-1\",\"routable\":"
                        + endpointRoutable + "}]}}}" : null;
                default -> null;
            };
            byte[] bytes = (body == null ? "down" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        FederationConfig federation = new FederationConfigLoader().load(repositoryRoot().resolve("configs/drills/federation.yaml"),
                LoadOptions.withoutFileChecks());
        admin = new AdminCalls(region -> region.equals(WEST) ? List.of(url) : List.of(), Optional.empty());
        nodes = RunningNodes.discover(List.of(url), federation, admin);
    }

    @AfterEach
    void stop() {
        admin.close();
        server.stop(0);
    }

    @Test
    void aStoppedNodeIsWaitedForUntilItsHealthCheckGoesAndThenUntilItIsReadyAgain() throws Exception {
        OperatorFaults operator = operatorWho(line -> up = !line.contains("ACTION: stop "));

        Undo undo = operator.apply(new DrillFault.StopNode(WEST, GW_1));
        assertThat(up).isFalse();
        undo.undo();

        assertThat(up).isTrue();
        assertThat(announcements).hasSize(2);
        assertThat(announcements.get(0)).startsWith("strait drill: ACTION: stop node gw-1 of eu-west (admin http://127.0.0.1:");
        assertThat(announcements.get(1)).startsWith("strait drill: ACTION: start node gw-1 of eu-west").endsWith(" again");
    }

    @Test
    void theLeaderIsTheNodeTheRegionsStatusNames() throws Exception {
        OperatorFaults operator = operatorWho(line -> up = !line.contains("ACTION: stop "));

        operator.apply(new DrillFault.StopLeader(WEST));

        assertThat(announcements.getFirst()).startsWith("strait drill: ACTION: stop node gw-1 of eu-west").endsWith("(the Raft leader)");
    }

    @Test
    void failedEndpointsAreWaitedForUntilNoneIsRoutableAndBackUntilOneIs() throws Exception {
        OperatorFaults operator = operatorWho(line -> endpointRoutable = line.contains("ACTION: start "));

        Undo undo = operator.apply(new DrillFault.FailEndpoints(ServiceName.of("payments"), WEST));
        assertThat(endpointRoutable).isFalse();
        undo.undo();

        assertThat(endpointRoutable).isTrue();
        assertThat(announcements).containsExactly(
                "strait drill: ACTION: stop every endpoint of payments in eu-west (or make its health checks fail)",
                "strait drill: ACTION: start every endpoint of payments in eu-west again");
    }

    @Test
    void aRotatedCertificateIsSeenInTheNodesStatus() throws Exception {
        OperatorFaults operator = operatorWho(line -> notAfter = "2027-06-01T00:00:00Z");

        operator.apply(new DrillFault.RotateCertificate(WEST, GW_1));

        assertThat(announcements).singleElement().asString().contains("replace the certificate of node gw-1 of eu-west");
    }

    @Test
    void anExpiredCertificateIsSeenExpiredAndThenReplaced() throws Exception {
        OperatorFaults operator = operatorWho(line -> notAfter = line.contains("valid certificate again")
                ? "2027-06-01T00:00:00Z" : "2020-01-01T00:00:00Z");

        Undo undo = operator.apply(new DrillFault.ExpireCertificate(WEST, GW_1));
        assertThat(notAfter).isEqualTo("2020-01-01T00:00:00Z");
        undo.undo();

        assertThat(notAfter).isEqualTo("2027-06-01T00:00:00Z");
    }

    @Test
    void anActionNobodyTakesFailsTheStepWhenThePatienceRunsOut() {
        OperatorFaults operator = new OperatorFaults(nodes, admin, new PrintWriter(Writer.nullWriter()), Duration.ofMillis(300));

        assertThatThrownBy(() -> operator.apply(new DrillFault.StopNode(WEST, GW_1)))
                .isInstanceOf(DrillRunException.class)
                .hasMessage("did not see node gw-1 of eu-west (admin " + nodes.nodes().getFirst().admin()
                        + ") stopped (its /healthz no longer answers) within 0.3 s");
    }

    /** Operator faults whose operator reacts to each announcement with {@code act}, on another thread, as a person would. */
    private OperatorFaults operatorWho(Consumer<String> act) {
        Writer lines = new Writer() {
            private final StringBuilder pending = new StringBuilder();

            @Override
            public synchronized void write(char[] buffer, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    if (buffer[i] != '\n') {
                        pending.append(buffer[i]);
                        continue;
                    }
                    String line = pending.toString();
                    pending.setLength(0);
                    if (line.startsWith(OperatorFaults.ANNOUNCEMENT)) {
                        announcements.add(line);
                        Thread.ofVirtual().start(() -> act.accept(line));
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        return new OperatorFaults(nodes, admin, new PrintWriter(lines, true), PATIENCE);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("configs/drills"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no configs/drills above " + Path.of("").toAbsolutePath());
    }
}

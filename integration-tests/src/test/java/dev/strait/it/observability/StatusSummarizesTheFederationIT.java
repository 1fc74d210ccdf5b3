package dev.strait.it.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.cli.Main;
import dev.strait.it.support.Await;
import dev.strait.it.support.TwoRegions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strait status} against east's node of a healthy two-region federation summarizes the
 * node, its Raft group, west as connected and the services of both; once west's node stops,
 * east's summary reports west stale and unreachable (still exit 0: east answers), and the
 * summary of west's own admin URL fails with exit 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusSummarizesTheFederationIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static String eastAdmin;
    static String westAdmin;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        eastAdmin = "http://127.0.0.1:" + federation.node(TwoRegions.EAST).adminPort();
        westAdmin = "http://127.0.0.1:" + federation.node(TwoRegions.WEST).adminPort();
    }

    @AfterAll
    static void stop() {
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    @Order(1)
    void aHealthyFederationIsSummarizedLineByLine() {
        Run run = status(eastAdmin);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).satisfiesExactly(
                node -> assertThat(node).matches("node      east/gw-1   ready   config v\\d+ \\(digest [0-9a-f]{12}\\)"),
                raft -> assertThat(raft).matches("raft      leader gw-1, term \\d+, applied \\d+, 1 member   \\(this node: leader\\)"),
                cert -> assertThat(cert).matches("cert      node certificate expires in \\d+ d \\(.+Z\\)"),
                west -> assertThat(west).matches("regions   west  connected, lag \\d+\\.\\d s"),
                web -> assertThat(web).isEqualTo("services  web: 1/1 endpoint healthy"),
                imported -> assertThat(imported).isEqualTo("imported  west: healthy endpoints: ledger 1, payments 1, streams 1"));
    }

    @Test
    @Order(2)
    void aRegionWhoseNodeStoppedIsReportedStaleAndUnreachable() throws Exception {
        federation.stopNode(TwoRegions.WEST);

        AtomicReference<Run> last = new AtomicReference<>();
        Await.until("east's summary reports west stale and unreachable", DEADLINE, () -> {
            Run run = status(eastAdmin);
            last.set(run);
            return run.exitCode() == 0 && run.out().contains("regions   west  STALE") && run.out().contains("UNREACHABLE");
        });

        Run run = last.get();
        assertThat(run.out()).contains("node      east/gw-1   ready")
                .containsPattern("regions   west  STALE, no message from its leader for \\d+\\.\\d s, "
                        + "(this region's latest export not yet acknowledged, )?"
                        + "UNREACHABLE: 1 of 1 gateways do not answer probes, its services are a last resort")
                .contains("imported  west: healthy endpoints: ledger 1, payments 1, streams 1 (STALE)");

        Run westStatus = status(westAdmin);
        assertThat(westStatus.exitCode()).isEqualTo(1);
        assertThat(westStatus.out()).isEmpty();
        assertThat(westStatus.err()).startsWith("strait status: cannot reach " + westAdmin);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run status(String admin) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("status", "--admin", admin);
        return new Run(code, out.toString(), err.toString());
    }
}

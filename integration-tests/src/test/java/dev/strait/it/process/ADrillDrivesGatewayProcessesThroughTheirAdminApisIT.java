package dev.strait.it.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.cli.Main;
import dev.strait.gateway.drill.report.DrillReport;
import dev.strait.gateway.drill.report.PhaseStats;
import dev.strait.gateway.drill.report.ReportJson;
import dev.strait.gateway.drill.report.Verdict;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.CapturedProcess;
import dev.strait.it.support.FreePorts;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strait drill run SCENARIO --admin URL...} against three regions of one {@code strait run}
 * process each. The drill slows payments in eu-west and partitions us-east from eu-west through the
 * admin APIs, and announces that eu-west's node must stop and later start again; the test plays the
 * operator and stops and starts that process when told. The drill passes: calls from us-east move
 * to ap-south and come back each time, nothing fails, and the marker registered in eu-west
 * survives the restart.
 */
class ADrillDrivesGatewayProcessesThroughTheirAdminApisIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(45);
    private static final Pattern ACTION = Pattern.compile("ACTION: (stop|start) node (\\S+) of (\\S+) ");

    @TempDir
    Path dir;

    private final Map<String, CapturedProcess> running = new ConcurrentHashMap<>();
    private final List<CapturedProcess> stopped = new CopyOnWriteArrayList<>();
    private final List<EchoServer> echoes = new ArrayList<>();
    private final List<String> operatorProblems = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        try {
            for (CapturedProcess process : running.values()) {
                process.close();
            }
        } finally {
            echoes.forEach(EchoServer::close);
        }
    }

    @Test
    void theDrillPassesWithTheOperatorStoppingAndStartingANodeWhenAnnounced() throws Exception {
        EchoServer paymentsWest = echo("payments", "eu-west");
        EchoServer paymentsSouth = echo("payments", "ap-south");
        Iterator<Integer> ports = FreePorts.take(15).iterator();
        ProcessNode east = ProcessNode.take("us-east", "gw-1", ports);
        ProcessNode west = ProcessNode.take("eu-west", "gw-1", ports);
        ProcessNode south = ProcessNode.take("ap-south", "gw-1", ports);
        Path config = dir.resolve("federation.yaml");
        Files.writeString(config, """
                federation: drill-processes
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  us-east:
                    failover: [eu-west, ap-south]
                    nodes:
                      gw-1: %s
                  eu-west:
                    failover: [ap-south, us-east]
                    nodes:
                      gw-1: %s
                    services:
                      payments: { protocol: http1, upstreamTls: plaintext, exportTo: [us-east, ap-south], authorization: [ { action: allow, from: [anonymous, "*"] } ], endpoints: [ { id: payments-1, address: "127.0.0.1:%d" } ] }
                  ap-south:
                    failover: [eu-west, us-east]
                    nodes:
                      gw-1: %s
                    services:
                      payments: { protocol: http1, upstreamTls: plaintext, exportTo: [us-east, eu-west], authorization: [ { action: allow, from: [anonymous, "*"] } ], endpoints: [ { id: payments-1, address: "127.0.0.1:%d" } ] }
                """.formatted(east.yaml(), west.yaml(), paymentsWest.port(), south.yaml(), paymentsSouth.port()));
        Path scenario = dir.resolve("drill.yaml");
        Files.writeString(scenario, """
                drill: processes
                description: payments from us-east while eu-west is slowed, cut off, and restarted.
                federation: federation.yaml
                duration: 28s
                load:
                  - { name: payments, service: payments, from: us-east, rate: 50, concurrency: 32 }
                timeline:
                  - { id: slow, at: 2s, for: 2s, fault: { kind: latency, service: payments, region: eu-west, delay: 150ms, percent: 100 } }
                  - { id: cut, at: 4s, for: 3s, fault: { kind: partition, regions: [us-east, eu-west] } }
                  - { id: west-down, at: 10s, for: 5s, fault: { kind: stop-node, region: eu-west, node: gw-1 } }
                expectations:
                  - { kind: max-error-rate, max: 0.01 }
                  - { kind: traffic-moves-away, step: cut, from: eu-west, within: 1s }
                  - { kind: traffic-returns, step: cut, to: eu-west, within: 3s }
                  - { kind: traffic-moves-away, step: west-down, from: eu-west, within: 1s }
                  - { kind: traffic-returns, step: west-down, to: eu-west, within: 12s }
                  - { kind: no-committed-state-lost }
                """);
        CapturedProcess certs = StraitJar.run("certs-init", dir, COMMAND_TIMEOUT, "certs", "init", "--config", config.toString());
        assertThat(certs.exitCode()).as("strait certs init%s", certs.describeOutput()).isZero();
        for (ProcessNode node : List.of(east, west, south)) {
            launch(node, config);
        }
        for (ProcessNode node : List.of(east, west, south)) {
            running.get(node.named()).awaitOk(node.readyz(), READY_DEADLINE);
        }
        for (ProcessNode node : List.of(east, west, south)) {
            Await.until(node.named() + " imported every other region", READY_DEADLINE, () -> Admin.federated(node.admin()));
        }
        Map<String, ProcessNode> byName = Map.of(east.named(), east, west.named(), west, south.named(), south);

        Path out = dir.resolve("report");
        var progress = new StringBuilder();
        int exit = drill(line -> {
            progress.append(line).append('\n');
            Matcher action = ACTION.matcher(line);
            if (action.find()) {
                ProcessNode node = byName.get("node " + action.group(2) + " of " + action.group(3));
                Thread.ofVirtual().name("operator").start(() -> operate(action.group(1), node, config));
            }
        }, "drill", "run", scenario.toString(), "--admin", east.adminUrl(), west.adminUrl(), south.adminUrl(), "--out", out.toString());

        assertThat(operatorProblems).isEmpty();
        assertThat(progress).contains("ACTION: stop node gw-1 of eu-west", "ACTION: start node gw-1 of eu-west");
        DrillReport report = ReportJson.fromJson(Files.readString(out.resolve("report.json")));
        String summary = progress + "\n" + Files.readString(out.resolve("report.md"));
        assertThat(exit).as("exit code; drill output:%n%s", summary).isZero();
        assertThat(report.verdicts()).as("%s", summary).hasSize(6).allMatch(Verdict::passed);
        PhaseStats slow = report.phases().stream().filter(p -> p.name().equals("slow")).findFirst().orElseThrow();
        PhaseStats baseline = report.phases().stream().filter(p -> p.name().equals("baseline")).findFirst().orElseThrow();
        assertThat(slow.stats().p50Millis().orElseThrow()).as("median latency while eu-west's payments were slowed by 150 ms; %s", summary)
                .isGreaterThanOrEqualTo(150);
        assertThat(baseline.stats().p50Millis().orElseThrow()).as("median latency before").isLessThan(150);
        assertThat(out.resolve("report.html")).isNotEmptyFile();
    }

    /** Stops or starts the node's process, as the drill asked. */
    private void operate(String verb, ProcessNode node, Path config) {
        try {
            if (verb.equals("stop")) {
                CapturedProcess process = running.remove(node.named());
                process.close();
                stopped.add(process);
            } else {
                launch(node, config);
            }
        } catch (Exception | AssertionError e) {
            operatorProblems.add(verb + " " + node.named() + ": " + e);
        }
    }

    private void launch(ProcessNode node, Path config) {
        String name = node.region() + "-" + node.node() + "-" + System.nanoTime();
        running.put(node.named(), StraitJar.start(name, dir, node.runArgs(config, dir)));
    }

    /** Runs {@code strait ARGS} in this JVM, handing each line it writes to standard error to {@code lines}. */
    private static int drill(Consumer<String> lines, String... args) {
        CommandLine line = new CommandLine(new Main());
        line.setOut(new PrintWriter(Writer.nullWriter(), true));
        line.setErr(new PrintWriter(new LineWriter(lines), true));
        return line.execute(args);
    }

    private EchoServer echo(String service, String region) {
        EchoServer echo = EchoServer.start(EchoOptions.loopback(ServiceName.of(service), RegionName.of(region),
                EndpointId.of(service + "-1")));
        echoes.add(echo);
        return echo;
    }

    /** A writer that hands on each complete line. */
    private static final class LineWriter extends Writer {
        private final Consumer<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineWriter(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    lines.accept(pending.toString());
                    pending.setLength(0);
                } else {
                    pending.append(buffer[i]);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}

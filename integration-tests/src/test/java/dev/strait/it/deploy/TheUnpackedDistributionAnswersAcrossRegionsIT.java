package dev.strait.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.Admin;
import dev.strait.it.support.CapturedProcess;
import dev.strait.it.support.FederationYaml;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.policy.authz.Action;
import dev.strait.policy.authz.AuthorizationRule;
import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The tarball as an operator uses it on a machine with only a JDK: unpacked, then, from another
 * directory, {@code bin/strait certs init}, an echo backend, and one {@code bin/strait run} node in
 * each of two regions. A call to us-east's local listener for a service only eu-west serves is
 * answered by eu-west.
 */
class TheUnpackedDistributionAnswersAcrossRegionsIT {
    private static final RegionName EAST = RegionName.of("us-east");
    private static final RegionName WEST = RegionName.of("eu-west");
    private static final NodeId NODE = NodeId.of("gw-1");
    /** The test calls plaintext and anonymously. */
    private static final List<AuthorizationRule> ANYONE = List.of(AuthorizationRule.of(Action.ALLOW,
            List.of(CallerPattern.parse("anonymous"), CallerPattern.parse("*"))));
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(45);

    @TempDir
    static Path dir;

    private static final List<CapturedProcess> running = new ArrayList<>();
    private static Map<String, String> environment;
    private static UnpackedDistribution distribution;
    private static Path work;
    private static NodeConfig eastNode;

    @BeforeAll
    static void startTwoRegionsFromTheUnpackedTarball() throws IOException, InterruptedException {
        distribution = UnpackedDistribution.unpack(dir.resolve("unpacked"));
        // The JDK running this test, found by the launcher the way it finds an operator's; small heaps.
        environment = Map.of("JAVA_HOME", System.getProperty("java.home"), "STRAIT_JAVA_OPTS", "-Xmx128m");
        work = Files.createDirectories(dir.resolve("work"));

        Iterator<Integer> ports = FreePorts.take(11).iterator();
        int echoPort = ports.next();
        Path certificates = work.resolve("certs");
        CertificateLayout layout = new CertificateLayout(certificates);
        eastNode = node(EAST, layout, ports);
        NodeConfig westNode = node(WEST, layout, ports);
        ServiceConfig payments = new ServiceConfig(ServiceName.of("payments"), Protocol.HTTP1, UpstreamTls.PLAINTEXT,
                List.of(EAST), List.of(), List.of(new EndpointConfig(EndpointId.of("payments-1"), new HostPort("127.0.0.1", echoPort))),
                HealthCheck.NONE, ANYONE);
        Path config = work.resolve("federation.yaml");
        Files.writeString(config, FederationYaml.render(new FederationConfig("unpacked", new TrustDomain("strait.test"), "mesh",
                certificates, List.of(
                        new RegionConfig(EAST, List.of(WEST), List.of(eastNode), List.of(), RaftTuning.DEFAULTS, FederationTuning.DEFAULTS),
                        new RegionConfig(WEST, List.of(EAST), List.of(westNode), List.of(payments), RaftTuning.DEFAULTS,
                                FederationTuning.DEFAULTS)),
                config)));

        CapturedProcess certs = distribution.run("certs-init", work, environment, COMMAND_TIMEOUT,
                "certs", "init", "--config", config.toString());
        assertThat(certs.exitCode()).as("bin/strait certs init%s", certs.describeOutput()).isZero();

        CapturedProcess echo = launch("echo-payments", "echo", "--port", String.valueOf(echoPort),
                "--service", "payments", "--region", WEST.value(), "--endpoint", "payments-1");
        CapturedProcess west = launch("eu-west-gw-1", runArgs(config, WEST));
        CapturedProcess east = launch("us-east-gw-1", runArgs(config, EAST));

        echo.awaitUntil("the echo backend answers", READY_DEADLINE, () -> Admin.status(echoPort, "/") == 200);
        west.awaitUntil("eu-west/gw-1 is ready", READY_DEADLINE, () -> Admin.status(westNode.ports().admin(), "/readyz") == 200);
        east.awaitUntil("us-east/gw-1 is ready", READY_DEADLINE, () -> Admin.status(eastNode.ports().admin(), "/readyz") == 200);
        // A node counts the other region unreachable until its probes reach it, and routes to it
        // only once federation imported what it exports.
        east.awaitUntil("us-east/gw-1 reaches and imported eu-west", READY_DEADLINE, () -> Admin.federated(eastNode.ports().admin()));
    }

    @AfterAll
    static void stopEverything() {
        for (CapturedProcess process : running.reversed()) {
            process.close();
        }
    }

    @Test
    void usEastAnswersForAServiceOnlyEuWestServes() throws IOException, InterruptedException {
        try (Http http = new Http()) {
            HttpResponse<String> response = http.get("http://127.0.0.1:" + eastNode.ports().local(), "payments.mesh", "/pay?amount=3");

            assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-strait-region")).hasValue(WEST.value());
            JsonNode body = Http.json(response);
            assertThat(body.path("service").asString()).isEqualTo("payments");
            assertThat(body.path("region").asString()).isEqualTo(WEST.value());
        }
    }

    @Test
    void theLauncherBecomesTheJvmSoSigtermReachesTheNode() {
        // The launcher execs java: the process a service manager signals is the JVM, which drains.
        for (CapturedProcess process : running) {
            assertThat(process.executable()).as("what %s runs", process).endsWith("/bin/java");
        }
    }

    @Test
    void validateChecksAShippedConfigFromAnotherDirectory() throws InterruptedException {
        Path demo = distribution.home().resolve("configs/demo.yaml");

        CapturedProcess validate = distribution.run("validate-demo", work, environment, COMMAND_TIMEOUT,
                "validate", "--no-file-checks", demo.toString());

        assertThat(validate.exitCode()).as("exit code%s", validate.describeOutput()).isZero();
        assertThat(validate.stdout()).contains(demo + ": valid");
    }

    private static NodeConfig node(RegionName region, CertificateLayout layout, Iterator<Integer> ports) {
        return new NodeConfig(NODE, "127.0.0.1", "127.0.0.1",
                new ListenerPorts(ports.next(), ports.next(), ports.next(), ports.next(), ports.next()), layout.node(region, NODE));
    }

    private static String[] runArgs(Path config, RegionName region) {
        return new String[] {"run", "--config", config.toString(), "--node", region.value() + "/" + NODE.value(),
                "--data", work.resolve("data/" + region.value()).toString()};
    }

    private static CapturedProcess launch(String name, String... args) {
        CapturedProcess process = distribution.start(name, work, environment, args);
        running.add(process);
        return process;
    }
}

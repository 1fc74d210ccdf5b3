package dev.strait.it.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.CapturedProcess;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The deployable as operators run it: {@code strait certs init}, an echo backend and one
 * {@code strait run} process per region, then a call from east's local listener that west serves.
 */
class GatewayProcessesCrossRegionsIT {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_DEADLINE = Duration.ofSeconds(45);

    @TempDir
    static Path dir;

    private static final List<CapturedProcess> running = new ArrayList<>();
    private static Path config;
    private static int eastLocalPort;

    @BeforeAll
    static void startTwoRegions() throws IOException, InterruptedException {
        Iterator<Integer> ports = FreePorts.take(11).iterator();
        int echoPort = ports.next();
        ProcessNode west = ProcessNode.take("west", "gw-1", ports);
        ProcessNode east = ProcessNode.take("east", "gw-1", ports);
        eastLocalPort = east.local();
        config = dir.resolve("federation.yaml");
        Files.writeString(config, """
                federation: processes
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  west:
                    failover: [east]
                    nodes:
                      gw-1: %s
                    services:
                      payments:
                        protocol: http1
                        upstreamTls: plaintext
                        exportTo: [east]
                        # The test calls plaintext and anonymously.
                        authorization: [ { action: allow, from: [anonymous, "*"] } ]
                        endpoints:
                          - { id: payments-1, address: "127.0.0.1:%d" }
                  east:
                    failover: [west]
                    nodes:
                      gw-1: %s
                """.formatted(west.yaml(), echoPort, east.yaml()));

        CapturedProcess certs = StraitJar.run("certs-init", dir, COMMAND_TIMEOUT, "certs", "init", "--config", config.toString());
        assertThat(certs.exitCode()).as("strait certs init%s", certs.describeOutput()).isZero();

        CapturedProcess echo = launch("echo-payments", "echo", "--port", String.valueOf(echoPort),
                "--service", "payments", "--region", "west", "--endpoint", "payments-1");
        CapturedProcess westNode = launch("west-gw-1", "run", "--config", config.toString(), "--node", "west/gw-1",
                "--data", dir.resolve("data/west-gw-1").toString());
        CapturedProcess eastNode = launch("east-gw-1", "run", "--config", config.toString(), "--node", "east/gw-1",
                "--data", dir.resolve("data/east-gw-1").toString());

        echo.awaitOk("http://127.0.0.1:" + echoPort + "/", READY_DEADLINE);
        westNode.awaitOk(west.readyz(), READY_DEADLINE);
        eastNode.awaitOk(east.readyz(), READY_DEADLINE);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (CapturedProcess process : running.reversed()) {
            process.close();
        }
    }

    @Test
    void eastReachesPaymentsServedInWest() throws IOException, InterruptedException {
        try (Http http = new Http()) {
            HttpResponse<String> response = http.get("http://127.0.0.1:" + eastLocalPort, "payments.mesh", "/pay?amount=3");

            assertThat(response.statusCode()).as("status; body: %s", response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
            JsonNode body = Http.json(response);
            assertThat(body.path("service").asString()).isEqualTo("payments");
            assertThat(body.path("region").asString()).isEqualTo("west");
        }
    }

    @Test
    void validateRefusesABrokenFileWithItsPosition() throws InterruptedException {
        Path broken = StraitJar.repositoryRoot().resolve("configs/invalid/unknown-key.yaml");

        CapturedProcess validate = StraitJar.run("validate-broken", dir, COMMAND_TIMEOUT,
                "validate", "--no-file-checks", broken.toString());

        assertThat(validate.exitCode()).as("exit code%s", validate.describeOutput()).isEqualTo(1);
        assertThat(validate.stderr()).contains(broken + ":11:9: regions.us-east.nodes.gw-1.adminhost: unknown key 'adminhost'");
        assertThat(validate.stdout()).doesNotContain(": valid");
    }

    @Test
    void validateAcceptsTheConfigWithItsIssuedCertificates() throws InterruptedException {
        CapturedProcess validate = StraitJar.run("validate-good", dir, COMMAND_TIMEOUT, "validate", config.toString());

        assertThat(validate.exitCode()).as("exit code%s", validate.describeOutput()).isZero();
        assertThat(validate.stdout()).contains(config + ": valid");
    }

    private static CapturedProcess launch(String name, String... args) {
        CapturedProcess process = StraitJar.start(name, dir, args);
        running.add(process);
        return process;
    }
}

package dev.strait.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.cli.Main;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.ServiceName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code strait apply} changes a running region's config through Raft: a broken config is
 * refused with FILE:LINE:COL and changes nothing; a valid one takes effect.
 */
class ApplyChangesTheRegionAtomicallyIT {
    @TempDir
    static Path directory;

    static TwoRegions federation;
    static EchoServer inventory;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        inventory = EchoServer.start(EchoOptions.loopback(ServiceName.of("inventory"), TwoRegions.WEST, EndpointId.of("inventory-1")));
        http = new Http();
    }

    @AfterAll
    static void stop() {
        http.close();
        inventory.close();
        federation.close();
    }

    @Test
    void aBrokenConfigIsRefusedWithItsLocationsAndTheRegionKeepsItsConfig() throws Exception {
        JsonNode before = westStatus();
        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, federationYaml().replace("failover: [east]", "failover: [eats]"));

        Run run = strait("apply", "--config", broken.toString(), "--admin", westAdmin());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern(Path.of(broken.toString()) + ":\\d+:\\d+: regions\\.west\\.failover\\[0\\]: unknown region 'eats'");
        assertThat(westStatus().get("config")).isEqualTo(before.get("config"));
    }

    @Test
    void aBrokenConfigPostedStraightToTheAdminApiIsRefusedTheSameWay() throws Exception {
        JsonNode before = westStatus();

        HttpResponse<String> response = Admin.send(federation.node(TwoRegions.WEST).adminPort(), "POST",
                "/v1/config?name=pushed.yaml", federationYaml().replace("trustDomain: strait.test", "trustDomain: Not Valid"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("pushed.yaml:2:14: trustDomain:");
        assertThat(westStatus().get("config")).isEqualTo(before.get("config"));
    }

    @Test
    void aValidConfigTakesEffectAndItsNewServiceIsRouted() throws Exception {
        long versionBefore = westStatus().get("config").get("version").asLong();
        Path next = directory.resolve("next.yaml");
        // West is the last region of the file, and its services the last block: the new service goes there.
        Files.writeString(next, federationYaml() + """
                      inventory:
                        protocol: http1
                        authorization: [ { action: allow, from: [anonymous, "*"] } ]
                        endpoints:
                          - { id: inventory-1, address: "127.0.0.1:%d" }
                """.formatted(inventory.port()));

        Run run = strait("apply", "--config", next.toString(), "--admin", westAdmin());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("config version " + (versionBefore + 1));
        Await.until("west routes inventory", Duration.ofSeconds(10), () -> {
            try {
                return http.get(federation.localUrl(TwoRegions.WEST), "inventory.mesh", "/").statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(westStatus().get("config").get("version").asLong()).isEqualTo(versionBefore + 1);
    }

    private static String federationYaml() throws Exception {
        return Files.readString(federation.config().source());
    }

    private static String westAdmin() {
        return "http://127.0.0.1:" + federation.node(TwoRegions.WEST).adminPort();
    }

    private static JsonNode westStatus() throws Exception {
        return Admin.json(federation.node(TwoRegions.WEST).adminPort(), "/v1/status");
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run strait(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}

package dev.strait.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.cli.Main;
import dev.strait.it.support.Admin;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.TwoRegions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * {@code strait plan} fetches a region's applied config and prints what a new one would change,
 * with the routes that change as a result, and applies nothing.
 */
class PlanShowsWhatAnApplyWouldChangeIT {
    private static final String PAYMENTS_EXPORT = """
                  payments:
                    protocol: http1
                    upstreamTls: plaintext
                    exportTo: [east]
            """;

    @TempDir
    static Path directory;

    static TwoRegions federation;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    @Test
    void adminServesTheAppliedConfigText() throws Exception {
        JsonNode applied = Admin.json(federation.node(TwoRegions.WEST).adminPort(), "/v1/config");

        assertThat(applied.get("region").asString()).isEqualTo("west");
        assertThat(applied.get("yaml").asString()).isEqualTo(federationYaml());
        assertThat(applied.get("version").asLong()).isEqualTo(westStatus().get("config").get("version").asLong());
        assertThat(applied.get("digest").asString()).isEqualTo(westStatus().get("config").get("digest").asString());
    }

    @Test
    void listsExactlyTheChangesAndTheirRoutesAndAppliesNothing() throws Exception {
        JsonNode before = westStatus().get("config");
        assertThat(federationYaml()).contains(PAYMENTS_EXPORT);
        Path next = directory.resolve("next.yaml");
        // West is the last region of the file, and its services the last block: the new service goes there.
        Files.writeString(next, federationYaml().replace(PAYMENTS_EXPORT, PAYMENTS_EXPORT.replace("[east]", "[]")) + """
                      inventory:
                        protocol: http1
                        endpoints:
                          - { id: inventory-1, address: "127.0.0.1:9" }
                """);

        Run run = strait("plan", "--config", next.toString(), "--admin", westAdmin());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).isEqualTo("""
                plan for %s against config version %d of region west (digest %.12s):
                ~ service payments (west): exportTo [east] → []
                + service inventory (west)
                ~ routes from west: inventory.mesh: (none) → local:west
                ~ routes from east: payments.mesh: remote:west → (none)
                2 changes in 1 region
                nothing was applied
                """.formatted(next, before.get("version").asLong(), before.get("digest").asString()));
        assertThat(westStatus().get("config")).isEqualTo(before);
    }

    @Test
    void theAppliedConfigItselfPlansNoChanges() throws Exception {
        Run run = strait("plan", "--config", federation.config().source().toString(), "--admin", westAdmin());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        assertThat(run.out()).contains("\nno changes\nnothing was applied\n");
    }

    @Test
    void aBrokenConfigIsRefusedWithItsLocation() throws Exception {
        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, federationYaml().replace("failover: [east]", "failover: [eats]"));

        Run run = strait("plan", "--config", broken.toString(), "--admin", westAdmin());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).containsPattern(Path.of(broken.toString()) + ":\\d+:\\d+: regions\\.west\\.failover\\[0\\]: unknown region 'eats'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnreachableAdminIsAnError() throws Exception {
        int nobody = FreePorts.take(1).getFirst();

        Run run = strait("plan", "--config", federation.config().source().toString(), "--admin", "http://127.0.0.1:" + nobody);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("strait plan: cannot reach http://127.0.0.1:" + nobody);
    }

    @Test
    void aMissingOptionIsAUsageError() {
        assertThat(strait("plan", "--admin", westAdmin()).exitCode()).isEqualTo(2);
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

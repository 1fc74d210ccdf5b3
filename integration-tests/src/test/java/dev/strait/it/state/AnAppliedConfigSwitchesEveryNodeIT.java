package dev.strait.it.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.cli.Main;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/** {@code strait apply} through one node switches all three nodes of the region to the new config; a broken one switches none. */
class AnAppliedConfigSwitchesEveryNodeIT {
    @TempDir
    Path directory;

    private ThreeNodeRegion region;

    @AfterEach
    void stop() throws Exception {
        if (region != null) {
            region.close();
        }
    }

    @Test
    void aValidConfigReachesEveryNodeAndABrokenOneNone() throws Exception {
        region = new ThreeNodeRegion(directory).start();
        JsonNode before = config("n1");

        Path broken = directory.resolve("broken.yaml");
        Files.writeString(broken, region.configYaml().replace("protocol: http1", "protocol: http3"));
        assertThat(apply(broken, "n2")).isEqualTo(1);
        for (String node : ThreeNodeRegion.NODES) {
            assertThat(config(node)).as("config of %s after a refused apply", node).isEqualTo(before);
        }

        Path next = directory.resolve("next.yaml");
        Files.writeString(next, region.configYaml().replace("writeTimeout: 2s", "writeTimeout: 3s"));
        assertThat(apply(next, "n2")).isEqualTo(0);
        long version = before.get("version").asLong() + 1;
        for (String node : ThreeNodeRegion.NODES) {
            Await.until("node " + node + " runs config version " + version, Duration.ofSeconds(5),
                    () -> config(node).get("version").asLong() == version);
        }
        assertThat(config("n1").get("digest")).isEqualTo(config("n2").get("digest")).isEqualTo(config("n3").get("digest"));
    }

    private int apply(Path file, String node) {
        return new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
                .execute("apply", "--config", file.toString(), "--admin", "http://127.0.0.1:" + region.running(node).adminPort());
    }

    private JsonNode config(String node) {
        try {
            return Admin.json(region.running(node).adminPort(), "/v1/status").get("config");
        } catch (Exception e) {
            throw new AssertionError("node " + node + " does not answer /v1/status", e);
        }
    }
}

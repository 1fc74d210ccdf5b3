package dev.strait.it.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The three-datacenter rehearsal ({@code deploy/rehearsal/three-dc.sh run}): three regions of
 * three {@code strait run} processes each, in network namespaces joined by WAN links 20, 40 and
 * 70 ms apart with 0.5 % loss, under load; eu-west is cut off the WAN and healed.
 *
 * <p>It needs root (network namespaces, iptables) and the packages the script names; without
 * them it is skipped, saying why. CI runs as root and installs them ({@code .ci/run}).
 */
class ThreeDatacenterRehearsalIT {
    private static final long RUN_MINUTES = 4;
    // Not the script's default, so that a rehearsal someone runs by hand and this test do not collide.
    private static final String PREFIX = "strait-it";

    // Kept when the test fails: the nodes' logs and the drills' reports say what went wrong.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    private Path script;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the three-datacenter rehearsal needs root: it creates network namespaces and iptables rules");
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("ip", "iptables", "cc", "curl", "jq")) {
            if (executable(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (!Files.exists(Path.of("/usr/include/libnetfilter_queue/libnetfilter_queue.h"))) {
            missing.add("libnetfilter-queue-dev");
        }
        assumeTrue(missing.isEmpty(), "the three-datacenter rehearsal needs " + missing
                + " (apt-get install iproute2 iptables gcc curl jq libnetfilter-queue-dev)");
        // Root in a container without CAP_NET_ADMIN cannot create namespaces either.
        String ip = executable("ip").orElseThrow().toString();
        assumeTrue(succeeds(ip, "netns", "add", PREFIX + "-probe") && succeeds(ip, "netns", "del", PREFIX + "-probe"),
                "the three-datacenter rehearsal needs to create network namespaces, and 'ip netns add' fails here");
        script = repositoryRoot().resolve("deploy/rehearsal/three-dc.sh");
    }

    @AfterEach
    void stopWhateverIsLeft() throws Exception {
        if (script != null) {
            // The script stops everything itself; this is for a run cut short by the timeout.
            rehearsal("down").waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void crossRegionCallsCostTheirRoundTripAndAPartitionedRegionIsRoutedAroundAndBack() throws Exception {
        Process run = rehearsal("run", work.toString());
        boolean finished = run.waitFor(RUN_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            run.destroy();
        }
        String output = Files.readString(work.resolve("rehearsal.out"));
        assertThat(finished).as("the rehearsal finished within %d minutes:%n%s", RUN_MINUTES, output).isTrue();
        Path summaryFile = work.resolve("summary.json");
        assertThat(summaryFile).as("the rehearsal wrote its summary:%n%s", output).exists();
        JsonNode summary = JsonMapper.builder().build().readTree(Files.readString(summaryFile));

        for (JsonNode pair : summary.path("pairs")) {
            long rtt = pair.path("rttMillis").asLong();
            assertThat(pair.path("p50Millis").asDouble())
                    .as("median latency of calls between %s, %d ms apart (load %s)", pair.path("pair").asString(), rtt,
                            pair.path("load").asString())
                    .isBetween((double) rtt, rtt + 30.0);
        }
        assertThat(summary.path("pairs").size()).as("region pairs measured").isEqualTo(3);

        JsonNode partition = summary.path("partition");
        assertThat(partition.path("reroutedMillis").asLong(Long.MAX_VALUE))
                .as("us-east's nodes stopped routing to the cut-off eu-west within the probe bound plus one round trip: %s", partition)
                .isLessThanOrEqualTo(partition.path("boundMillis").asLong());
        assertThat(partition.path("partitionPhaseP99Millis").asDouble(Double.MAX_VALUE))
                .as("p99 of calls during the partition: those caught by it moved when the probes gave up on eu-west, not "
                        + "after the 5 s per-try timeout: %s", partition)
                .isLessThan(2000.0);
        JsonNode healing = summary.path("healing");
        assertThat(healing.path("failbackMillis").isNumber())
                .as("us-east routed payments back to eu-west after the link healed: %s", healing).isTrue();

        assertThat(summary.path("failed").asLong()).as("failed calls of %d: %s", summary.path("calls").asLong(),
                summary.path("verdicts")).isZero();
        assertThat(summary.path("raftUndisturbed").asBoolean()).as("every region's Raft term and leader unchanged").isTrue();
        assertThat(summary.path("federationWhole").asBoolean()).as("every region sees the other two connected again").isTrue();
        assertThat(summary.path("drillPassed").asBoolean()).as("the drills' expectations: %s", summary.path("verdicts")).isTrue();
        assertThat(run.exitValue()).as("the rehearsal's exit code:%n%s", output).isZero();
    }

    private Process rehearsal(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("rehearsal.out").toFile()));
        // The deployable jar, on the JDK that runs this test.
        Path jar = repositoryRoot().resolve("gateway/target/strait.jar");
        assertThat(jar).as("the deployable jar (./mvnw package builds it)").exists();
        builder.environment().put("STRAIT_JAR", jar.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("REHEARSAL_PREFIX", PREFIX);
        return builder.start();
    }

    private static boolean succeeds(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** {@code tool} on the PATH, or in /usr/sbin or /sbin, where root's tools live even when the PATH leaves them out. */
    private static Optional<Path> executable(String tool) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, tool)).filter(Files::isExecutable).findFirst();
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/rehearsal/three-dc.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/rehearsal/three-dc.sh above " + Path.of("").toAbsolutePath());
    }
}

package dev.strait.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.support.CapturedProcess;
import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No container engine or base-image registry is reachable where the tests run, so the image is
 * checked without building it: deploy/docker/Dockerfile is read, and what it says is held against
 * the tarball the build produced, unpacked, and its launcher run the way the image runs it.
 */
class TheContainerImageRunsTheDistributionIT {
    /** Set by the failsafe configuration in integration-tests/pom.xml. */
    private static final String DOCKERFILE_PROPERTY = "strait.dockerfile";
    /** Where the image puts the unpacked distribution; its launcher is the entrypoint. */
    private static final String IMAGE_HOME = "/opt/strait";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static Dockerfile dockerfile;
    private static UnpackedDistribution distribution;

    @BeforeAll
    static void readTheDockerfileAndUnpackTheTarball() throws IOException, InterruptedException {
        dockerfile = Dockerfile.parse(Path.of(System.getProperty(DOCKERFILE_PROPERTY, "(" + DOCKERFILE_PROPERTY + " is not set)")));
        distribution = UnpackedDistribution.unpack(dir.resolve("unpacked"));
    }

    @Test
    void itsBaseIsAnOfficialJava25Runtime() {
        // The Eclipse Temurin official image: 25-jre, or a pinned 25.x release or OS variant of it.
        assertThat(dockerfile.only("FROM").arguments())
                .matches("eclipse-temurin:25([.0-9_+]*)?-jre(-[a-z0-9]+)?(@sha256:[0-9a-f]{64})?");
    }

    @Test
    void itAddsTheTarballTheBuildProducesAndUnpacksItWhereTheEntrypointLooks() {
        List<String> add = dockerfile.only("ADD").words();
        String unpackedTo = add.getLast().endsWith("/") ? add.getLast() : add.getLast() + "/";

        assertThat(add).hasSize(2);
        assertThat(add.getFirst()).as("what the image adds").isEqualTo(UnpackedDistribution.tarball().getFileName().toString());
        // ADD unpacks the tarball's strait-VERSION/ there; the image moves it to IMAGE_HOME.
        assertThat(dockerfile.all("RUN")).anySatisfy(run -> assertThat(run.arguments())
                .contains("mv " + unpackedTo + distribution.home().getFileName() + " " + IMAGE_HOME));
    }

    @Test
    void itsEntrypointIsTheDistributionsLauncherWhichStartsOnTheImagesJava() throws InterruptedException {
        List<String> entrypoint = dockerfile.only("ENTRYPOINT").execForm();
        assertThat(entrypoint).hasSize(1);
        assertThat(entrypoint.getFirst()).startsWith(IMAGE_HOME + "/");
        Path launcher = distribution.home().resolve(entrypoint.getFirst().substring(IMAGE_HOME.length() + 1));
        assertThat(launcher).isEqualTo(distribution.launcher()).isExecutable();
        // The image's JRE has no javac, so it names its java in STRAIT_JAVA; do the same with this JVM's.
        assertThat(dockerfile.all("ENV")).anySatisfy(env -> assertThat(env.arguments()).startsWith("STRAIT_JAVA="));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        CapturedProcess version = distribution.run("version", dir, Map.of("STRAIT_JAVA", java), COMMAND_TIMEOUT, "--version");

        assertThat(version.exitCode()).as("bin/strait --version%s", version.describeOutput()).isZero();
        assertThat(version.stdout()).startsWith("strait ");
    }

    @Test
    void itRunsAsAFixedUserWhoIsNotRoot() {
        String user = dockerfile.only("USER").arguments();
        String uid = user.split(":")[0];

        assertThat(uid).as("USER %s: a numeric uid, so that volume ownership can be prepared", user).matches("[0-9]+");
        assertThat(Integer.parseInt(uid)).as("uid").isPositive();
    }

    @Test
    void theConfigAndDataDirectoriesAreVolumesAndTheDefaultCommandUsesThem() {
        List<String> volumes = dockerfile.only("VOLUME").execForm();
        List<String> command = dockerfile.only("CMD").execForm();

        assertThat(volumes).containsExactly("/etc/strait", "/var/lib/strait");
        assertThat(command.getFirst()).isEqualTo("run");
        assertThat(valueOf(command, "--config")).startsWith("/etc/strait/");
        assertThat(valueOf(command, "--data")).startsWith("/var/lib/strait");
    }

    @Test
    void itExposesTheListenerPortsOfTheShippedExampleAndStopsWithSigterm() throws ConfigException {
        Path example = distribution.home().resolve("configs/examples/three-regions.yaml");
        FederationConfig config = new FederationConfigLoader().load(example, LoadOptions.withoutFileChecks());
        Set<Integer> listenerPorts = new TreeSet<>();
        for (RegionConfig region : config.regions()) {
            for (NodeConfig node : region.nodes()) {
                ListenerPorts ports = node.ports();
                listenerPorts.addAll(List.of(ports.local(), ports.peer(), ports.admin(), ports.raft(), ports.federation()));
            }
        }
        Set<Integer> exposed = new TreeSet<>();
        dockerfile.all("EXPOSE").forEach(expose -> expose.words().forEach(port -> exposed.add(Integer.parseInt(port.split("/")[0]))));

        assertThat(exposed).containsAll(listenerPorts);
        // The default command's node is one of that example's, so the image's defaults agree with it.
        String node = valueOf(dockerfile.only("CMD").execForm(), "--node");
        String[] regionAndNode = node.split("/");
        assertThat(config.region(RegionName.of(regionAndNode[0])).flatMap(region -> region.node(NodeId.of(regionAndNode[1]))))
                .as("node %s in %s", node, example).isPresent();
        assertThat(dockerfile.only("STOPSIGNAL").arguments()).isEqualTo("SIGTERM");
    }

    private static String valueOf(List<String> command, String option) {
        int at = command.indexOf(option);
        assertThat(at).as("%s in %s", option, command).isNotNegative().isLessThan(command.size() - 1);
        return command.get(at + 1);
    }
}

package dev.strait.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Checks deploy/systemd/strait.service against {@code strait run}'s options and the node layout of docs/deploy-systemd.md. */
class SystemdUnitTest {
    private static final Path ROOT = Repository.root();
    private static final Path UNIT = ROOT.resolve("deploy/systemd/strait.service");
    private static final Path GUIDE = ROOT.resolve("docs/deploy-systemd.md");
    private static final String LAUNCHER = "/opt/strait/bin/strait";
    private static final String CONFIG = "/etc/strait/federation.yaml";
    private static final String CERTIFICATES = "/etc/strait/certs";
    private static final String ADMIN_TOKEN = "/etc/strait/admin-token";
    private static final String NODE_ENV = "/etc/strait/node.env";
    private static final String DATA = "/var/lib/strait";

    private static Map<String, List<String>> service;
    private static List<String> execStart;

    @BeforeAll
    static void readUnit() throws IOException {
        service = section(Files.readAllLines(UNIT), "Service");
        assertThat(service.get("ExecStart")).hasSize(1);
        execStart = Arrays.asList(service.get("ExecStart").getFirst().split(" +"));
    }

    @Test
    void execStartRunsTheLauncherWithOptionsStraitRunHas() {
        CommandSpec run = Repository.runCommand();

        assertThat(execStart.subList(0, 2)).containsExactly(LAUNCHER, "run");
        List<String> options = execStart.stream().filter(word -> word.startsWith("-")).toList();
        assertThat(options).isNotEmpty().allSatisfy(option -> assertThat(run.findOption(option))
                .as("strait run has no option %s", option).isNotNull());
        List<String> required = run.requiredArgs().stream().filter(OptionSpec.class::isInstance)
                .map(arg -> ((OptionSpec) arg).longestName()).toList();
        assertThat(options).containsAll(required);
        for (String option : options) {
            OptionSpec spec = run.findOption(option);
            if (spec.arity().min() > 0) {
                String value = optionValue(option);
                assertThat(value).as("value of %s", option).doesNotStartWith("-");
            }
        }
    }

    @Test
    void pathsAreThoseOfTheDocumentedLayout() throws IOException {
        String guide = Files.readString(GUIDE);

        assertThat(optionValue("--config")).isEqualTo(CONFIG);
        assertThat(optionValue("--admin-token-file")).isEqualTo(ADMIN_TOKEN);
        assertThat(optionValue("--data")).isEqualTo(DATA);
        assertThat(optionValue("--node")).isEqualTo("${STRAIT_NODE}");
        assertThat(service.get("EnvironmentFile")).containsExactly(NODE_ENV);
        assertThat(service.get("ReadWritePaths")).containsExactly(DATA);
        assertThat(service.get("StateDirectory")).containsExactly(DATA.substring("/var/lib/".length()));
        assertThat(List.of(LAUNCHER, CONFIG, CERTIFICATES, ADMIN_TOKEN, NODE_ENV, DATA, "STRAIT_NODE="))
                .allSatisfy(path -> assertThat(guide).contains(path));
    }

    @Test
    void theExampleForMachinesKeepsItsCertificatesWhereTheLayoutSays() throws Exception {
        FederationConfig config = new FederationConfigLoader().load(ROOT.resolve("configs/examples/three-regions.yaml"),
                LoadOptions.withoutFileChecks());

        assertThat(config.certificateDirectory()).isEqualTo(Path.of(CERTIFICATES));
        assertThat(config.regions()).allSatisfy(region -> assertThat(region.nodes()).allSatisfy(node -> {
            if (node.tls().certificateChain().startsWith(CERTIFICATES)) {
                assertThat(node.tls().certificateChain()).isEqualTo(
                        Path.of(CERTIFICATES, region.name().value(), "nodes", node.id().value(), "chain.pem"));
            }
        }));
    }

    @Test
    void stoppingSendsSigtermAndWaitsLongerThanADrain() throws Exception {
        // The unit leaves --drain-timeout at strait run's default, unless it sets it.
        Duration drain = seconds(execStart.contains("--drain-timeout") ? optionValue("--drain-timeout")
                : Repository.runCommand().findOption("--drain-timeout").defaultValue());

        assertThat(service.get("KillSignal")).containsExactly("SIGTERM");
        assertThat(seconds(service.get("TimeoutStopSec").getFirst())).isGreaterThan(new ShutdownBudget(drain).longestStop());
        assertThat(service.get("SuccessExitStatus")).containsExactly("143");
        assertThat(service.get("Restart")).containsExactly("on-failure");
    }

    @Test
    void theCloseAllowanceIsStraitRuns() throws Exception {
        Field allowance = Class.forName("dev.strait.gateway.cli.RunCommand").getDeclaredField("CLOSE_ALLOWANCE");
        allowance.setAccessible(true);

        assertThat(ShutdownBudget.CLOSE_ALLOWANCE).isEqualTo(allowance.get(null));
    }

    @Test
    void theNodeRunsUnprivilegedAndHardened() {
        assertThat(service.get("User")).containsExactly("strait");
        assertThat(service.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(service.get("ProtectSystem")).containsExactly("strict");
        assertThat(service.get("LimitNOFILE")).hasSize(1);
        assertThat(Integer.parseInt(service.get("LimitNOFILE").getFirst())).isGreaterThanOrEqualTo(65536);
        // The JIT compiler writes executable memory: this setting would stop the JVM.
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");
    }

    /** The value after {@code option} in ExecStart. */
    private static String optionValue(String option) {
        int index = execStart.indexOf(option);
        assertThat(index).as("%s in ExecStart", option).isPositive();
        return execStart.get(index + 1);
    }

    private static Duration seconds(String value) {
        return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
    }

    /** The settings of one section of a unit file: each key with its values, in order. */
    private static Map<String, List<String>> section(List<String> lines, String name) {
        Map<String, List<String>> settings = new HashMap<>();
        boolean inside = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("[")) {
                inside = trimmed.equals("[" + name + "]");
            } else if (inside && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                int equals = trimmed.indexOf('=');
                settings.computeIfAbsent(trimmed.substring(0, equals), key -> new ArrayList<>()).add(trimmed.substring(equals + 1));
            }
        }
        return settings;
    }
}

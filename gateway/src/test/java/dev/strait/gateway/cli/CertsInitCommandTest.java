package dev.strait.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strait certs init}: issues the demo federation's certificates in the layout nodes read,
 * so that the config then passes {@code strait validate} with file checks, and keeps an existing root.
 */
class CertsInitCommandTest {
    /** Every file of the demo federation's layout, relative to its certificate directory. */
    private static final List<String> DEMO_LAYOUT = List.of(
            "ca/root.pem",
            "ca/root.key",
            "us-east/ca/intermediate.pem",
            "eu-west/ca/intermediate.pem",
            "us-east/nodes/gw-1/chain.pem",
            "us-east/nodes/gw-1/key.pem",
            "eu-west/nodes/gw-1/chain.pem",
            "eu-west/nodes/gw-1/key.pem",
            "us-east/services/web/chain.pem",
            "us-east/services/web/key.pem",
            "eu-west/services/payments/chain.pem",
            "eu-west/services/payments/key.pem",
            "eu-west/services/ledger/chain.pem",
            "eu-west/services/ledger/key.pem");

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void copyDemoConfig() throws IOException {
        config = dir.resolve("demo.yaml");
        Files.copy(CommandRun.repositoryRoot().resolve("configs/demo.yaml"), config);
    }

    @Test
    void issuesTheWholeLayoutNextToTheConfig() {
        CommandRun run = CommandRun.of("certs", "init", "--config", config.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(run.out()).contains("(new root CA)");
        assertThat(DEMO_LAYOUT).allSatisfy(file -> assertThat(dir.resolve("certs").resolve(file)).isNotEmptyFile());
    }

    @Test
    void issuedCertificatesPassValidationWithFileChecks() {
        assertThat(CommandRun.of("certs", "init", "--config", config.toString()).exitCode()).isZero();

        CommandRun validate = CommandRun.of("validate", config.toString());

        assertThat(validate.exitCode()).as("exit code; stderr:%n%s", validate.err()).isZero();
        assertThat(validate.out()).isEqualToIgnoringNewLines(config + ": valid");
    }

    @Test
    void writesUnderTheOutDirectoryWhenGiven() {
        Path other = dir.resolve("elsewhere");

        CommandRun run = CommandRun.of("certs", "init", "--config", config.toString(), "--out", other.toString());

        assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.err()).isZero();
        assertThat(DEMO_LAYOUT).allSatisfy(file -> assertThat(other.resolve(file)).isNotEmptyFile());
        assertThat(dir.resolve("certs")).doesNotExist();
    }

    @Test
    void aSecondRunKeepsTheRootCa() throws IOException {
        assertThat(CommandRun.of("certs", "init", "--config", config.toString()).exitCode()).isZero();
        Path root = dir.resolve("certs/ca/root.pem");
        byte[] firstRoot = Files.readAllBytes(root);

        CommandRun second = CommandRun.of("certs", "init", "--config", config.toString());

        assertThat(second.exitCode()).as("exit code; stderr:%n%s", second.err()).isZero();
        assertThat(second.out()).contains("(existing root CA kept)");
        assertThat(root).hasBinaryContent(firstRoot);
    }

    @Test
    void withoutConfigIsAUsageError() {
        CommandRun run = CommandRun.of("certs", "init");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--config");
    }
}

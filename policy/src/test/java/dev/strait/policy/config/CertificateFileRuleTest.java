package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate file check against real files: present-but-empty ones pass, missing ones do not. */
class CertificateFileRuleTest {
    private static final String CONFIG = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 127.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
            """;

    @TempDir
    Path dir;

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void acceptsEmptyButReadableFilesOfTheLayout() throws IOException, ConfigException {
        Path file = write(CONFIG);
        TlsFiles tls = issue(dir.resolve("certs"));

        FederationConfig config = loader.load(file);

        assertThat(config.regions().getFirst().nodes().getFirst().tls()).isEqualTo(tls);
    }

    @Test
    void reportsEachMissingFileAtTheNodeWithTheCommandThatIssuesIt() throws IOException {
        Path file = write(CONFIG);
        TlsFiles tls = issue(dir.resolve("certs"));
        Files.delete(tls.privateKey());

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(refused.problems()).containsExactly(new ConfigProblem(file, 6, 7, "regions.us-east.nodes.gw-1",
                "private key " + tls.privateKey() + " does not exist (to issue certificates: strait certs init --config "
                        + file + ")"));
    }

    @Test
    void checksOnlyTheFilesOfTheNodeItIsAskedFor() throws IOException, ConfigException {
        Path file = write(CONFIG + """
                      gw-2:
                        host: 127.0.0.1
                        ports: { local: 16001, peer: 16443, admin: 16900, raft: 16700, federation: 16800 }
                """);
        TlsFiles gw1 = issue(dir.resolve("certs"));
        LoadOptions.Node gw2 = new LoadOptions.Node(RegionName.of("us-east"), NodeId.of("gw-2"));

        FederationConfig config = loader.load(file, LoadOptions.defaults().withFileChecksOnlyFor(
                new LoadOptions.Node(RegionName.of("us-east"), NodeId.of("gw-1"))));
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(file, LoadOptions.defaults().withFileChecksOnlyFor(gw2)));

        assertThat(config.regions().getFirst().nodes().getFirst().tls()).isEqualTo(gw1);
        assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.element()).isEqualTo("regions.us-east.nodes.gw-2"));
    }

    @Test
    void reportsExplicitFilesAtTheTlsKey() throws IOException {
        Path file = write(CONFIG.replace("        ports:", String.join("\n",
                "        tls:",
                "          certificateChain: chain.pem",
                "          privateKey: key.pem",
                "          trustBundle: bundle",
                "        ports:")));
        Files.createFile(dir.resolve("chain.pem"));
        Files.createFile(dir.resolve("key.pem"));
        Files.createDirectory(dir.resolve("bundle"));

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactly(
                "8:9: regions.us-east.nodes.gw-1.tls: trust bundle " + dir.resolve("bundle")
                        + " is not a file (to issue certificates: strait certs init --config " + file + ")");
    }

    @Test
    void checksTheOverridingDirectoryInstead(@TempDir Path elsewhere) throws IOException, ConfigException {
        Path file = write(CONFIG);
        issue(elsewhere);

        FederationConfig config = loader.load(file, LoadOptions.defaults().withCertificateDirectory(elsewhere));

        assertThat(config.certificateDirectory()).isEqualTo(elsewhere);
    }

    @Test
    void checksNothingWithoutFileChecks() throws IOException, ConfigException {
        Path file = write(CONFIG);

        assertThat(loader.load(file, LoadOptions.withoutFileChecks()).name()).isEqualTo("test");
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("federation.yaml"), yaml);
    }

    /** Creates gw-1's files of the layout, empty: the loader checks that they can be read, not what they hold. */
    private static TlsFiles issue(Path certificates) throws IOException {
        TlsFiles tls = new CertificateLayout(certificates).node(RegionName.of("us-east"), NodeId.of("gw-1"));
        for (Path file : new Path[] {tls.certificateChain(), tls.privateKey(), tls.trustBundle()}) {
            Files.createDirectories(file.getParent());
            Files.createFile(file);
        }
        return tls;
    }
}

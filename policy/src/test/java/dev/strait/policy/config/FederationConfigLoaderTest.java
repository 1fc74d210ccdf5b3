package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TlsFiles;
import dev.strait.policy.model.UpstreamTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationConfigLoaderTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    private static final String MINIMAL = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web:
                    endpoints:
                      - { id: web-1, address: "10.0.1.1:8080" }
            """;

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void fillsInDefaults() throws ConfigException {
        FederationConfig config = loader.load(MINIMAL, SOURCE, LoadOptions.withoutFileChecks());

        assertThat(config.meshSuffix()).isEqualTo("mesh");
        assertThat(config.certificateDirectory()).isEqualTo(Path.of("conf/certs"));
        assertThat(config.source()).isEqualTo(SOURCE);
        RegionConfig region = config.regions().getFirst();
        assertThat(region.failover()).isEmpty();
        NodeConfig node = region.nodes().getFirst();
        assertThat(node.adminHost()).isEqualTo("127.0.0.1");
        assertThat(node.tls()).isEqualTo(new TlsFiles(Path.of("conf/certs/us-east/nodes/gw-1/chain.pem"),
                Path.of("conf/certs/us-east/nodes/gw-1/key.pem"), Path.of("conf/certs/ca/root.pem")));
        ServiceConfig web = region.services().getFirst();
        assertThat(web.protocol()).isEqualTo(Protocol.HTTP1);
        assertThat(web.upstreamTls()).isEqualTo(UpstreamTls.PLAINTEXT);
        assertThat(web.exportTo()).isEmpty();
        assertThat(web.failover()).isEmpty();
        assertThat(region.failoverFor(web)).isEmpty();
        assertThat(web.healthCheck()).isEqualTo(HealthCheck.NONE);
        assertThat(region.raft()).isEqualTo(RaftTuning.DEFAULTS);
        assertThat(region.federation()).isEqualTo(FederationTuning.DEFAULTS);
    }

    @Test
    void resolvesRelativePathsAgainstTheConfigDirectory() throws ConfigException {
        String yaml = MINIMAL.replace("regions:", "certificates: ../pki\nregions:").replace("        ports:",
                "        tls: { certificateChain: tls/chain.pem, privateKey: /abs/key.pem, trustBundle: ./root.pem }\n"
                        + "        ports:");

        FederationConfig config = loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks());

        assertThat(config.certificateDirectory()).isEqualTo(Path.of("pki"));
        assertThat(config.regions().getFirst().nodes().getFirst().tls()).isEqualTo(
                new TlsFiles(Path.of("conf/tls/chain.pem"), Path.of("/abs/key.pem"), Path.of("conf/root.pem")));
    }

    @Test
    void aCertificateDirectoryOverrideReplacesTheConfiguredOne() throws ConfigException {
        Path override = Path.of("/tmp/demo-certs");

        FederationConfig config = loader.load(MINIMAL, SOURCE, LoadOptions.withoutFileChecks().withCertificateDirectory(override));

        assertThat(config.certificateDirectory()).isEqualTo(override);
        assertThat(config.regions().getFirst().nodes().getFirst().tls().privateKey())
                .isEqualTo(override.resolve("us-east/nodes/gw-1/key.pem"));
    }

    @Test
    void emptyValuesCountAsAbsent() throws ConfigException {
        String yaml = MINIMAL.replace("regions:", "meshSuffix: ~\nregions:").replace("    services:", "    failover:\n    services:");

        FederationConfig config = loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks());

        assertThat(config.meshSuffix()).isEqualTo("mesh");
        assertThat(config.regions().getFirst().failover()).isEmpty();
    }

    @Test
    void readsIpv6EndpointsAndHostNames() throws ConfigException {
        String yaml = MINIMAL.replace("\"10.0.1.1:8080\" }", "\"[fd00::1]:8080\" }\n          - { id: web-2, address: \"web-2.internal:8080\" }");

        ServiceConfig web = loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().services().getFirst();

        assertThat(web.endpoints()).map(e -> e.address())
                .containsExactly(new HostPort("fd00::1", 8080), new HostPort("web-2.internal", 8080));
    }

    @Test
    void reportsEveryProblemOfAFileAtOnceInFileOrder() {
        String yaml = """
                federation: Test
                trustDomain: strait.test
                regions:
                  us-east:
                    failover: [eu-wset, us-east]
                    nodes:
                      gw-1:
                        host: 10.0.0.1
                        prots: { local: 15001 }
                    services:
                      web:
                        protocol: http3
                        endpoints:
                          - { id: web-1, address: "10.0.1.1:8080" }
                          - { id: web-1, address: "10.0.1.1:99999" }
                          - { id: web-1, address: "10.0.1.2:8080" }
                  eu-west:
                    nodes:
                      gw-1:
                        host: 10.0.0.2
                        ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                        host: 10.0.0.3
                """;

        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks()));

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactly(
                "1:13: federation: federation name 'Test' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-', not starting or ending with '-')",
                "5:16: regions.us-east.failover[0]: unknown region 'eu-wset' (did you mean 'eu-west'?)",
                "5:25: regions.us-east.failover[1]: region 'us-east' cannot fail over to itself",
                "8:9: regions.us-east.nodes.gw-1: missing required key 'ports'",
                "9:9: regions.us-east.nodes.gw-1.prots: unknown key 'prots' (did you mean 'ports'?)",
                "12:19: regions.us-east.services.web.protocol: unknown protocol 'http3' (expected one of: http1, http2, grpc)",
                "15:35: regions.us-east.services.web.endpoints[1].address: address '10.0.1.1:99999': port 99999 is out of range (expected: 1-65535)",
                "16:19: regions.us-east.services.web.endpoints[2].id: duplicate endpoint id 'web-1' (first defined at line 14)",
                "22:9: regions.eu-west.nodes.gw-1.host: duplicate key 'host' (first defined at line 20)");
        assertThat(refused.getMessage()).startsWith(
                "conf/federation.yaml:1:13: federation: federation name 'Test' is not a DNS label");
    }

    @Test
    void aProblemReadsFileLineColumnElementMessage() {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(MINIMAL.replace("15900", "0"), SOURCE, LoadOptions.withoutFileChecks()));

        assertThat(refused.problems()).map(ConfigProblem::toString).containsExactly(
                "conf/federation.yaml:8:52: regions.us-east.nodes.gw-1.ports.admin: port 0 is out of range (expected: 1-65535)");
    }

    @Test
    void aRequiredKeyWithoutValueIsMissing() {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(MINIMAL.replace("host: 10.0.0.1", "host: null"), SOURCE, LoadOptions.withoutFileChecks()));

        assertThat(refused.problems()).map(RepositoryFiles::withoutFile)
                .containsExactly("7:9: regions.us-east.nodes.gw-1.host: missing value for required key 'host'");
    }

    @Test
    void aMissingFileIsOneProblem(@TempDir Path dir) {
        Path file = dir.resolve("absent.yaml");

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(refused.problems()).containsExactly(new ConfigProblem(file, 1, 1, "", "no such file"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("latin1.yaml"), new byte[] {'f', ':', ' ', (byte) 0xE9, '\n'});

        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

        assertThat(refused.problems()).map(ConfigProblem::message).containsExactly("the file is not valid UTF-8");
    }

    @Test
    void aByteOrderMarkIsSkipped(@TempDir Path dir) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFF" + MINIMAL);

        assertThat(loader.load(file, LoadOptions.withoutFileChecks()).name()).isEqualTo("test");
    }

    @Test
    void readsTheRegionsOfALoadedConfigByName() throws ConfigException {
        FederationConfig config = loader.load(MINIMAL, SOURCE, LoadOptions.withoutFileChecks());

        assertThat(config.region(RegionName.of("us-east")).flatMap(r -> r.node(NodeId.of("gw-1")))).isPresent();
        assertThat(config.region(RegionName.of("us-east")).flatMap(r -> r.service(ServiceName.of("web")))).isPresent();
        assertThat(config.regionOfNode(NodeId.of("gw-1")).map(RegionConfig::name)).contains(RegionName.of("us-east"));
        assertThat(List.of(config.regions().getFirst().nodes().getFirst().localAddress()))
                .containsExactly(new HostPort("10.0.0.1", 15001));
    }
}

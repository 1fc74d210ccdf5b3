package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.TlsFiles;
import dev.strait.policy.model.TrustDomain;
import dev.strait.policy.model.UpstreamTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loads the demo and every example config, so that they never rot, and checks what they say. */
class ExampleConfigsTest {
    private static final RegionName US_EAST = RegionName.of("us-east");
    private static final RegionName EU_WEST = RegionName.of("eu-west");
    private static final RegionName AP_SOUTH = RegionName.of("ap-south");

    private final FederationConfigLoader loader = new FederationConfigLoader();

    static List<Path> examples() {
        return RepositoryFiles.yamlFilesIn("examples");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleLoads(Path file) throws ConfigException {
        FederationConfig config = loader.load(file, LoadOptions.withoutFileChecks());

        assertThat(config.source()).isEqualTo(file);
        assertThat(config.regions()).isNotEmpty().allSatisfy(region -> assertThat(region.nodes()).isNotEmpty());
    }

    @Test
    void demo() throws ConfigException {
        Path file = RepositoryFiles.configs().resolve("demo.yaml");

        FederationConfig config = loader.load(file, LoadOptions.withoutFileChecks());

        assertThat(config.name()).isEqualTo("demo");
        assertThat(config.trustDomain()).isEqualTo(new TrustDomain("strait.demo"));
        assertThat(config.meshSuffix()).isEqualTo("mesh");
        assertThat(config.certificateDirectory()).isEqualTo(RepositoryFiles.configs().resolve("certs"));
        assertThat(config.regions()).map(RegionConfig::name).containsExactly(US_EAST, EU_WEST);

        RegionConfig usEast = config.region(US_EAST).orElseThrow();
        assertThat(usEast.failover()).containsExactly(EU_WEST);
        NodeConfig gateway = usEast.node(NodeId.of("gw-1")).orElseThrow();
        assertThat(gateway.host()).isEqualTo("127.0.0.1");
        assertThat(gateway.adminHost()).isEqualTo("127.0.0.1");
        assertThat(gateway.ports()).isEqualTo(new ListenerPorts(15001, 15443, 15900, 15700, 15800));
        Path certs = RepositoryFiles.configs().resolve("certs");
        assertThat(gateway.tls()).isEqualTo(new TlsFiles(certs.resolve("us-east/nodes/gw-1/chain.pem"),
                certs.resolve("us-east/nodes/gw-1/key.pem"), certs.resolve("ca/root.pem")));
        ServiceConfig web = usEast.service(ServiceName.of("web")).orElseThrow();
        assertThat(web.protocol()).isEqualTo(Protocol.HTTP1);
        assertThat(web.upstreamTls()).isEqualTo(UpstreamTls.PLAINTEXT);
        assertThat(web.exportTo()).containsExactly(EU_WEST);
        assertThat(web.endpoints()).containsExactly(
                new EndpointConfig(EndpointId.of("web-1"), new HostPort("127.0.0.1", 17001)));

        RegionConfig euWest = config.region(EU_WEST).orElseThrow();
        assertThat(euWest.services()).map(ServiceConfig::name)
                .containsExactly(ServiceName.of("payments"), ServiceName.of("ledger"));
        ServiceConfig ledger = euWest.service(ServiceName.of("ledger")).orElseThrow();
        assertThat(ledger.protocol()).isEqualTo(Protocol.GRPC);
        assertThat(ledger.upstreamTls()).isEqualTo(UpstreamTls.MTLS);
        assertThat(euWest.failoverFor(ledger)).containsExactly(US_EAST);
    }

    @Test
    void threeRegions() throws ConfigException {
        Path file = RepositoryFiles.configs().resolve("examples/three-regions.yaml");

        FederationConfig config = loader.load(file, LoadOptions.withoutFileChecks());

        assertThat(config.meshSuffix()).isEqualTo("mesh.acme.internal");
        assertThat(config.certificateDirectory()).isEqualTo(Path.of("/etc/strait/certs"));
        assertThat(config.regions()).map(RegionConfig::name).containsExactly(US_EAST, EU_WEST, AP_SOUTH);

        RegionConfig usEast = config.region(US_EAST).orElseThrow();
        // gw-b takes gw-a's settings through a merge key and overrides the host.
        NodeConfig gwB = usEast.node(NodeId.of("gw-b")).orElseThrow();
        assertThat(gwB.host()).isEqualTo("10.10.0.12");
        assertThat(gwB.ports()).isEqualTo(usEast.node(NodeId.of("gw-a")).orElseThrow().ports());
        assertThat(gwB.tls().certificateChain()).isEqualTo(Path.of("/etc/strait/certs/us-east/nodes/gw-b/chain.pem"));
        ServiceConfig payments = usEast.service(ServiceName.of("payments")).orElseThrow();
        assertThat(usEast.failoverFor(payments)).containsExactly(EU_WEST);
        assertThat(usEast.failoverFor(usEast.service(ServiceName.of("checkout")).orElseThrow()))
                .containsExactly(EU_WEST, AP_SOUTH);

        NodeConfig gwC = config.region(EU_WEST).orElseThrow().node(NodeId.of("gw-c")).orElseThrow();
        assertThat(gwC.tls()).isEqualTo(new TlsFiles(Path.of("/run/secrets/strait/chain.pem"),
                Path.of("/run/secrets/strait/key.pem"), Path.of("/run/secrets/strait/root.pem")));

        assertThat(usEast.raft()).isEqualTo(new RaftTuning(Duration.ofMillis(1500), Duration.ofSeconds(3), 50_000,
                1L << 30, Duration.ofSeconds(10)));
        assertThat(config.region(EU_WEST).orElseThrow().raft())
                .isEqualTo(new RaftTuning(Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 256L << 20, Duration.ofSeconds(5)));
        assertThat(config.region(AP_SOUTH).orElseThrow().raft()).isEqualTo(RaftTuning.DEFAULTS);
        assertThat(usEast.service(ServiceName.of("checkout")).orElseThrow().healthCheck()).isEqualTo(HealthCheck.http("/healthz"));
        assertThat(payments.healthCheck()).isEqualTo(new HealthCheck.Tcp(Duration.ofSeconds(2), Duration.ofMillis(500), 2, 2));
        assertThat(config.region(EU_WEST).orElseThrow().service(ServiceName.of("ledger")).orElseThrow().healthCheck())
                .isEqualTo(new HealthCheck.Http("/ready?deep=false", Duration.ofSeconds(10), Duration.ofSeconds(2), 3, 3));

        ServiceConfig catalog = config.region(AP_SOUTH).orElseThrow().service(ServiceName.of("catalog")).orElseThrow();
        assertThat(catalog.endpoint(EndpointId.of("catalog-2")).orElseThrow().address())
                .isEqualTo(new HostPort("fd00:30::42", 8080));
        assertThat(catalog.healthCheck()).isEqualTo(HealthCheck.NONE);
    }
}

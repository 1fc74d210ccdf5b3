package dev.strait.gateway.node;

import static dev.strait.gateway.node.LoopbackCalls.await;
import static dev.strait.gateway.node.LoopbackCalls.freePorts;
import static dev.strait.gateway.node.LoopbackCalls.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.gateway.demo.LocalFederation;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.node.LoopbackCalls.Reply;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two running regions (one node each, real mTLS, real Raft): east's local listener on two ports,
 * held closed until east can route west's services ({@code localListener.warmUp}), and west's
 * services re-originated over mTLS to an endpoint that presents another workload's identity,
 * accepted only where {@code upstreamIdentity} names it.
 */
class LocalPortsAndUpstreamIdentityTest {
    private static final RegionName EAST = RegionName.of("east");
    private static final RegionName WEST = RegionName.of("west");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private LocalFederation federation;
    private EchoServer ledger;
    private int eastLocal;
    private int eastAdditional;

    @BeforeEach
    void start() throws Exception {
        List<Integer> ports = freePorts(12);
        Path file = directory.resolve("federation.yaml");
        Files.writeString(file, """
                federation: local-ports
                trustDomain: strait.test
                meshSuffix: mesh
                certificates: certs
                regions:
                  east:
                    localListener: { warmUp: 60s }
                    federation: { heartbeatInterval: 100ms, staleAfter: 1s, probeInterval: 50ms, probeTimeout: 40ms }
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, additionalLocal: [%d], peer: %d, admin: %d, raft: %d, federation: %d }
                  west:
                    federation: { heartbeatInterval: 100ms, staleAfter: 1s, probeInterval: 50ms, probeTimeout: 40ms }
                    nodes:
                      gw-1:
                        host: 127.0.0.1
                        ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d }
                    services:
                      payments:
                        exportTo: [east]
                        upstreamTls: mtls
                        upstreamIdentity: spiffe://strait.test/region/west/service/ledger
                        authorization: [ { action: allow, from: [anonymous, "*"] } ]
                        endpoints: [ { id: ledger-1, address: "127.0.0.1:%d" } ]
                      payments-strict:
                        exportTo: [east]
                        upstreamTls: mtls
                        authorization: [ { action: allow, from: [anonymous, "*"] } ]
                        endpoints: [ { id: ledger-1, address: "127.0.0.1:%d" } ]
                      ledger:
                        upstreamTls: mtls
                """.formatted(ports.get(0), ports.get(1), ports.get(2), ports.get(3), ports.get(4), ports.get(5),
                ports.get(6), ports.get(7), ports.get(8), ports.get(9), ports.get(10), ports.get(11), ports.get(11)));
        Path certificates = directory.resolve("certs");
        FederationConfigLoader loader = new FederationConfigLoader();
        new FederationCertificates(Clock.systemUTC()).issue(
                loader.load(file, LoadOptions.withoutFileChecks().withCertificateDirectory(certificates)), certificates);
        FederationConfig config = loader.load(file, LoadOptions.defaults().withCertificateDirectory(certificates));
        // The endpoint both services name serves as 'ledger', with ledger's certificate.
        TlsMaterial ledgerIdentity = TlsMaterial.load(new CertificateLayout(certificates).service(WEST, ServiceName.of("ledger")));
        ledger = EchoServer.start(new EchoOptions("127.0.0.1", ports.get(11), ServiceName.of("ledger"), WEST,
                EndpointId.of("ledger-1"), new EchoOptions.Transport.Plaintext()).withMutualTls(ledgerIdentity));
        federation = LocalFederation.start(config, directory.resolve("data"), Set.of(ServiceName.of("payments"), ServiceName.of("payments-strict")));
        eastLocal = ports.get(0);
        eastAdditional = ports.get(1);
    }

    @AfterEach
    void stop() throws Exception {
        if (federation != null) {
            federation.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void theLocalListenerOpensOnEveryPortOnlyOnceItCanRouteTheOtherRegionsServices() {
        await("east's local listener accepts connections", DEADLINE, () -> accepts(eastLocal));

        // The very first call finds west's service: the listener opened only once west's catalog was in.
        Reply first = get(eastLocal, "payments.mesh");
        Reply onTheOtherPort = get(eastAdditional, "payments.mesh");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(onTheOtherPort.status()).as(onTheOtherPort.body()).isEqualTo(200);
        assertThat(node(EAST).localListenerOpen()).isTrue();
        assertThat(node(EAST).federated()).isTrue();
        assertThat(get(eastAdditional, "nowhere.mesh").status()).as("an unknown service, on either port").isEqualTo(404);
    }

    @Test
    void anEndpointPresentingAnotherWorkloadsIdentityIsAcceptedOnlyWhereUpstreamIdentityNamesIt() {
        await("east's local listener accepts connections", DEADLINE, () -> accepts(eastLocal));

        Reply named = get(eastLocal, "payments.mesh");
        Reply strict = get(eastLocal, "payments-strict.mesh");

        assertThat(named.status()).as(named.body()).isEqualTo(200);
        assertThat(named.body()).contains("\"service\":\"ledger\"");
        assertThat(strict.status()).as("the endpoint is not payments-strict's own identity").isEqualTo(502);
        assertThat(strict.header("x-strait-error")).isEqualTo("upstream_unavailable");
    }

    // --- fixtures

    private GatewayNode node(RegionName region) {
        return federation.node(region, NodeId.of("gw-1")).orElseThrow();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

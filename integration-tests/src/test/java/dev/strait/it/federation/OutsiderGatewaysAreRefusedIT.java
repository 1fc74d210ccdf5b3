package dev.strait.it.federation;

import static dev.strait.it.support.ThreeRegions.A;
import static dev.strait.it.support.ThreeRegions.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.peering.proto.ExportMessage;
import dev.strait.federation.peering.proto.ExportSnapshot;
import dev.strait.federation.peering.proto.ExportedService;
import dev.strait.federation.peering.proto.ImportReply;
import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.LeafSpec;
import dev.strait.gateway.certs.SubjectAltName;
import dev.strait.gateway.certs.Validity;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.ThreeRegions;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region a admits on its peer listener and its federation endpoint only gateway nodes of the other
 * regions of the federation. A gateway certificate of region {@code rogue}, which is not in the
 * federation, chains to the federation's own root and still gets nothing: no call carried, no
 * catalog imported. Nor does a region's service identity, or a gateway of region a itself, get to
 * export to a.
 */
class OutsiderGatewaysAreRefusedIT {
    private static final String ROGUE_GATEWAY = "spiffe://strait.test/region/rogue/node/n1";
    private static final String B_SERVICE = "spiffe://strait.test/region/b/service/x";
    /** {@code rpc Sync(stream ExportMessage) returns (stream ImportReply)} of {@code strait.federation.v1.Peering}. */
    private static final MethodDescriptor<ExportMessage, ImportReply> SYNC = MethodDescriptor.<ExportMessage, ImportReply>newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("strait.federation.v1.Peering", "Sync"))
            .setRequestMarshaller(ProtoUtils.marshaller(ExportMessage.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(ImportReply.getDefaultInstance()))
            .build();
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    static ThreeRegions federation;
    static X509Certificate root;
    static TlsMaterial rogueGateway;
    static TlsMaterial bService;
    static int aPeerPort;
    static int aFederationPort;

    @BeforeAll
    static void start() throws Exception {
        federation = new ThreeRegions(directory)
                .service(A, "orders")
                .start();
        CertificateLayout layout = new CertificateLayout(federation.config().certificateDirectory());
        CertificateAuthority rootCa = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
        root = rootCa.root();
        Validity aDay = Validity.starting(Clock.systemUTC(), Duration.ofDays(1));
        // An intermediate for a region the federation does not have, under the federation's real root.
        CertificateAuthority rogueIntermediate =
                rootCa.issueIntermediate(new X500Principal("O=Strait, OU=rogue, CN=Strait Intermediate rogue"), aDay);
        rogueGateway = leaf(rogueIntermediate, ROGUE_GATEWAY, aDay);
        CertificateAuthority bIntermediate =
                CertificateAuthority.load(layout.intermediateCertificate(B), layout.intermediateKey(B), rootCa);
        bService = leaf(bIntermediate, B_SERVICE, aDay);
        aPeerPort = federation.node(A).peerPort();
        aFederationPort = federation.config().region(A).orElseThrow().node(NodeId.of("n1")).orElseThrow().ports().federation();
    }

    @AfterAll
    static void stop() {
        if (federation != null) {
            federation.close();
        }
    }

    @Test
    void thePeerListenerCarriesNoCallForAGatewayOfARegionOutsideTheFederation() {
        PeerAnswer control = callPeerListener(realGateway(B), "orders.mesh");
        assertThat(control.status()).as("a real gateway of b (control): %s", control).isEqualTo(200);

        PeerAnswer answer = callPeerListener(rogueGateway, "orders.mesh");

        // The chain is valid (it leads to the federation's root), so TLS completes and the identity is what is refused.
        assertThat(answer.refused()).as("%s", answer).isFalse();
        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.error()).as("%s", answer).hasValue("denied");
        assertThat(answer.body()).contains(ROGUE_GATEWAY);
        assertThat(answer.endpoint()).as("the echo endpoint must not have answered: %s", answer).isEmpty();
    }

    @Test
    void theFederationEndpointRefusesAGatewayOfARegionOutsideTheFederation() throws Exception {
        Status status = sync(rogueGateway, "orders");

        assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains(ROGUE_GATEWAY).contains("is not a gateway node of another region of this federation");
        assertThat(RegionAdmin.importedRegions(federation.node(A).adminPort())).containsExactly("b", "c");
    }

    @Test
    void theFederationEndpointRefusesAServiceIdentityOfAFederatedRegion() throws Exception {
        Status status = sync(bService, "orders");

        assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains(B_SERVICE);
        assertThat(RegionAdmin.imported(federation.node(A).adminPort(), "b").map(RegionAdmin::services))
                .as("what a imported from b").hasValue(Map.of());
    }

    @Test
    void theFederationEndpointRefusesAGatewayOfItsOwnRegion() throws Exception {
        Status status = sync(realGateway(A), "orders");

        assertThat(status.getCode()).as("%s", status).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(RegionAdmin.importedRegions(federation.node(A).adminPort())).containsExactly("b", "c");
    }

    private static TlsMaterial leaf(CertificateAuthority issuer, String spiffeId, Validity validity) {
        var issued = issuer.issueLeaf(LeafSpec.of(DistinguishedNames.of("test", "outsider"), validity, new SubjectAltName.Uri(spiffeId)));
        return TlsMaterial.of(issued.privateKey(), issued.chain(), List.of(root));
    }

    private static TlsMaterial realGateway(RegionName region) {
        return TlsMaterial.load(new CertificateLayout(federation.config().certificateDirectory()).node(region, NodeId.of("n1")));
    }

    /**
     * Opens {@code Peering/Sync} on a's federation endpoint as {@code identity}, sends a snapshot
     * exporting {@code service}, and returns how the call ended.
     */
    private static Status sync(TlsMaterial identity, String service) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", aFederationPort)
                .sslContext(GrpcSslContexts.forClient()
                        .keyManager(identity.privateKey(), identity.chain().toArray(X509Certificate[]::new))
                        .trustManager(root)
                        .build())
                .build();
        try {
            CompletableFuture<Status> ended = new CompletableFuture<>();
            List<ImportReply> replies = new CopyOnWriteArrayList<>();
            StreamObserver<ExportMessage> requests = ClientCalls.asyncBidiStreamingCall(
                    channel.newCall(SYNC, CallOptions.DEFAULT.withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)),
                    new StreamObserver<>() {
                        @Override
                        public void onNext(ImportReply reply) {
                            replies.add(reply);
                        }

                        @Override
                        public void onError(Throwable failure) {
                            ended.complete(Status.fromThrowable(failure));
                        }

                        @Override
                        public void onCompleted() {
                            ended.complete(Status.OK);
                        }
                    });
            requests.onNext(ExportMessage.newBuilder().setSnapshot(ExportSnapshot.newBuilder()
                    .setVersion(System.currentTimeMillis() * 1_000)
                    .addGateways("127.0.0.1:" + aPeerPort)
                    .addServices(ExportedService.newBuilder().setName(service).setHealthyEndpoints(1)))
                    .build());
            Status status = ended.get(CALL_DEADLINE.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            assertThat(replies).as("replies from the importer").isEmpty();
            return status;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** What a's peer listener answered, or how the call failed (handshake refused, connection reset). */
    private record PeerAnswer(int status, Optional<String> error, Optional<String> endpoint, String body, Throwable failure) {
        boolean refused() {
            return failure != null;
        }

        @Override
        public String toString() {
            return refused() ? "refused: " + failure : status + " " + error.orElse("") + " " + body;
        }
    }

    /**
     * One HTTP/2 GET of {@code https://HOST/} over TLS to a's peer listener as {@code identity}; the
     * listener's chain is checked against the root, not its name.
     */
    private static PeerAnswer callPeerListener(TlsMaterial identity, String host) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(SslContexts.client(identity, id -> true));
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
        // The mesh name is the authority; the connection goes to a's peer listener, as a peer gateway's would.
        client.setSocketAddressResolver((name, port, context, promise) ->
                promise.succeeded(List.of(new InetSocketAddress("127.0.0.1", aPeerPort))));
        try {
            client.start();
            ContentResponse response = client.newRequest(URI.create("https://" + host + "/"))
                    .version(HttpVersion.HTTP_2)
                    .timeout(15, TimeUnit.SECONDS)
                    .send();
            return new PeerAnswer(response.getStatus(), Optional.ofNullable(response.getHeaders().get("x-strait-error")),
                    Optional.ofNullable(response.getHeaders().get("x-echo-endpoint")), response.getContentAsString(), null);
        } catch (Exception e) {
            return new PeerAnswer(0, Optional.empty(), Optional.empty(), "", e);
        } finally {
            try {
                client.stop();
            } catch (Exception ignored) {
                // The answer is already decided.
            }
        }
    }
}

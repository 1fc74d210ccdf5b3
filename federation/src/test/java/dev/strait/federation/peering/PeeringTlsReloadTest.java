package dev.strait.federation.peering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.peering.proto.Ack;
import dev.strait.federation.peering.proto.ExportMessage;
import dev.strait.federation.peering.proto.Heartbeat;
import dev.strait.federation.peering.proto.ImportReply;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Federation TLS after {@link PeeringTls#reload}, with real handshakes on loopback: new streams
 * present the new certificate and trust the new root alone, while a stream opened before keeps going.
 */
class PeeringTlsReloadTest {
    private static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    private static final RegionName EAST = RegionName.of("east");
    private static final SpiffeId.Node EAST_NODE = new SpiffeId.Node(TRUST_DOMAIN, EAST, NodeId.of("n1"));
    private static final SpiffeId.Node WEST_NODE = new SpiffeId.Node(TRUST_DOMAIN, RegionName.of("west"), NodeId.of("n1"));

    private final TestAuthority oldRoot = TestAuthority.root("federation root (old)");
    private final TestAuthority newRoot = TestAuthority.root("federation root (new)");
    private final List<Server> servers = new ArrayList<>();
    private final List<ManagedChannel> channels = new ArrayList<>();
    // The client certificate the last call to any server came with.
    private final AtomicReference<X509Certificate> lastCaller = new AtomicReference<>();

    @AfterEach
    void stop() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdownNow);
        servers.forEach(Server::shutdownNow);
        for (Server server : servers) {
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void afterAReloadNewStreamsPresentTheNewCertificateAndTrustOnlyTheNewRoot() throws Exception {
        TestAuthority.Identity eastBefore = oldRoot.issue(EAST_NODE);
        TestAuthority.Identity westBefore = oldRoot.issue(WEST_NODE);
        PeeringTls east = new PeeringTls(eastBefore.key(), eastBefore.chain(), List.of(oldRoot.certificate()));
        PeeringTls west = new PeeringTls(westBefore.key(), westBefore.chain(), List.of(oldRoot.certificate()));
        int eastPort = serve(east);

        Stream before = Stream.open(channel(west, eastPort));
        assertThat(before.exchange(1)).isEqualTo(Status.Code.OK);
        assertThat(before.server().getSerialNumber()).isEqualTo(eastBefore.leaf().getSerialNumber());
        assertThat(lastCaller.get().getSerialNumber()).isEqualTo(westBefore.leaf().getSerialNumber());

        TestAuthority.Identity eastAfter = newRoot.issue(EAST_NODE);
        TestAuthority.Identity westAfter = newRoot.issue(WEST_NODE);
        east.reload(eastAfter.key(), eastAfter.chain(), List.of(newRoot.certificate()));
        west.reload(westAfter.key(), westAfter.chain(), List.of(newRoot.certificate()));

        Stream after = Stream.open(channel(west, eastPort));
        assertThat(after.exchange(2)).isEqualTo(Status.Code.OK);
        assertThat(after.server().getSerialNumber()).as("the server's certificate on a new stream")
                .isEqualTo(eastAfter.leaf().getSerialNumber());
        assertThat(lastCaller.get().getSerialNumber()).as("the client's certificate on a new stream")
                .isEqualTo(westAfter.leaf().getSerialNumber());

        // The server no longer accepts a caller under the old root, even one that would trust it back.
        TestAuthority.Identity staleWest = oldRoot.issue(WEST_NODE);
        PeeringTls staleClient = new PeeringTls(staleWest.key(), staleWest.chain(), List.of(oldRoot.certificate(), newRoot.certificate()));
        assertThat(Stream.open(channel(staleClient, eastPort)).exchange(3)).isEqualTo(Status.Code.UNAVAILABLE);

        // Nor does the reloaded client accept a server under the old root, though that server trusts it.
        TestAuthority.Identity staleEast = oldRoot.issue(EAST_NODE);
        int staleServerPort = serve(new PeeringTls(staleEast.key(), staleEast.chain(), List.of(oldRoot.certificate(), newRoot.certificate())));
        assertThat(Stream.open(channel(west, staleServerPort)).exchange(4)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void aStreamOpenedBeforeAReloadKeepsFlowing() throws Exception {
        TestAuthority.Identity eastBefore = oldRoot.issue(EAST_NODE);
        TestAuthority.Identity westBefore = oldRoot.issue(WEST_NODE);
        PeeringTls east = new PeeringTls(eastBefore.key(), eastBefore.chain(), List.of(oldRoot.certificate()));
        PeeringTls west = new PeeringTls(westBefore.key(), westBefore.chain(), List.of(oldRoot.certificate()));
        Stream open = Stream.open(channel(west, serve(east)));
        assertThat(open.exchange(1)).isEqualTo(Status.Code.OK);

        TestAuthority.Identity eastAfter = newRoot.issue(EAST_NODE);
        TestAuthority.Identity westAfter = newRoot.issue(WEST_NODE);
        east.reload(eastAfter.key(), eastAfter.chain(), List.of(newRoot.certificate()));
        west.reload(westAfter.key(), westAfter.chain(), List.of(newRoot.certificate()));

        assertThat(open.exchange(2)).isEqualTo(Status.Code.OK);
        assertThat(open.server().getSerialNumber()).isEqualTo(eastBefore.leaf().getSerialNumber());
    }

    @Test
    void aClientStillAcceptsOnlyGatewaysOfTheRegionItCalls() throws Exception {
        TestAuthority.Identity westClient = oldRoot.issue(WEST_NODE);
        PeeringTls west = new PeeringTls(westClient.key(), westClient.chain(), List.of(oldRoot.certificate()));
        // A valid chain under the trusted root, but a node of the calling region rather than of east.
        TestAuthority.Identity impostor = newRoot.issue(WEST_NODE);
        PeeringTls server = new PeeringTls(impostor.key(), impostor.chain(), List.of(oldRoot.certificate()));
        int port = serve(server);
        west.reload(westClient.key(), westClient.chain(), List.of(oldRoot.certificate(), newRoot.certificate()));

        assertThat(Stream.open(channel(west, port)).exchange(1)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    /** Starts a Sync endpoint on an ephemeral loopback port that acknowledges every heartbeat. */
    private int serve(PeeringTls tls) throws Exception {
        ServerInterceptor recordCaller = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                lastCaller.set(leaf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
                return next.startCall(call, headers);
            }
        };
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(tls.server())
                .addService(ServerInterceptors.intercept(PeeringGrpc.service(PeeringTlsReloadTest::acknowledge), recordCaller))
                .build()
                .start();
        servers.add(server);
        return server.getPort();
    }

    private static StreamObserver<ExportMessage> acknowledge(StreamObserver<ImportReply> replies) {
        return new StreamObserver<>() {
            @Override
            public void onNext(ExportMessage message) {
                replies.onNext(ImportReply.newBuilder().setAck(Ack.newBuilder().setVersion(message.getHeartbeat().getVersion())).build());
            }

            @Override
            public void onError(Throwable failure) {}

            @Override
            public void onCompleted() {
                replies.onCompleted();
            }
        };
    }

    private ManagedChannel channel(PeeringTls client, int port) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(client.clientFor(TRUST_DOMAIN, EAST))
                .directExecutor()
                .build();
        channels.add(channel);
        return channel;
    }

    private static X509Certificate leaf(SSLSession session) {
        try {
            return (X509Certificate) session.getPeerCertificates()[0];
        } catch (SSLPeerUnverifiedException e) {
            throw new AssertionError("the TLS peer sent no certificate", e);
        }
    }

    /** One Sync call, sending heartbeats and waiting for each acknowledgement. */
    private record Stream(ClientCall<ExportMessage, ImportReply> call, BlockingQueue<Object> events) {
        static Stream open(ManagedChannel channel) {
            ClientCall<ExportMessage, ImportReply> call = channel.newCall(PeeringGrpc.SYNC, CallOptions.DEFAULT);
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(ImportReply reply) {
                    events.add(reply);
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    events.add(status);
                }
            }, new Metadata());
            return new Stream(call, events);
        }

        /** Sends a heartbeat: OK when it is acknowledged, otherwise how the call ended. */
        Status.Code exchange(long version) throws InterruptedException {
            call.request(1);
            call.sendMessage(ExportMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setVersion(version)).build());
            // A guard against a hang, not a measure of speed.
            Object event = events.poll(30, TimeUnit.SECONDS);
            return switch (event) {
                case ImportReply reply -> {
                    assertThat(reply.getAck().getVersion()).isEqualTo(version);
                    yield Status.Code.OK;
                }
                case Status status -> status.getCode();
                case null -> throw new AssertionError("no reply to heartbeat " + version);
                default -> throw new AssertionError("unexpected event " + event);
            };
        }

        /** The certificate the server presented on this stream's connection. */
        X509Certificate server() {
            return leaf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        }
    }
}

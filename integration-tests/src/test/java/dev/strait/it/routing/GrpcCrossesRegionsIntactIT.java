package dev.strait.it.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.echo.EchoGrpc;
import dev.strait.gateway.echo.proto.EchoReply;
import dev.strait.gateway.echo.proto.EchoRequest;
import dev.strait.it.support.TwoRegions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gRPC client in east calls {@code ledger}, served only in west over mTLS: unary and
 * bidirectional streaming calls, statuses and trailer metadata cross both gateways intact.
 */
class GrpcCrossesRegionsIntactIT {
    private static final Metadata.Key<String> ECHO_TRAILER = Metadata.Key.of("x-echo-trailer", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", federation.node(TwoRegions.EAST).localPort())
                .usePlaintext()
                .overrideAuthority("ledger.mesh")
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        federation.close();
    }

    @Test
    void unaryCallIsServedByWest() {
        EchoReply reply = EchoGrpc.unary(channel,
                EchoRequest.newBuilder().setMessage("hello").build());

        assertThat(reply.getMessage()).isEqualTo("hello");
        assertThat(reply.getService()).isEqualTo("ledger");
        assertThat(reply.getRegion()).isEqualTo("west");
    }

    @Test
    void aNonOkStatusAndItsTrailersArriveIntact() {
        assertThatThrownBy(() -> EchoGrpc.unary(channel, EchoRequest.newBuilder()
                        .setFailWithCode(Status.Code.FAILED_PRECONDITION.value())
                        .setFailMessage("ledger is closed: 100% booked")
                        .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).isEqualTo("ledger is closed: 100% booked");
                    assertThat(e.getTrailers()).isNotNull();
                    assertThat(e.getTrailers().get(ECHO_TRAILER)).isEqualTo("ledger-a");
                });
    }

    @Test
    void bidirectionalStreamExchangesMessagesOneByOne() throws Exception {
        BlockingQueue<EchoReply> replies = new LinkedBlockingQueue<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        StreamObserver<EchoRequest> requests = EchoGrpc.chat(channel, new StreamObserver<>() {
            @Override
            public void onNext(EchoReply reply) {
                replies.add(reply);
            }

            @Override
            public void onError(Throwable failure) {
                finished.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                finished.complete(null);
            }
        });

        for (int i = 1; i <= 3; i++) {
            requests.onNext(EchoRequest.newBuilder().setMessage("m" + i).build());
            // The next message is sent only after this one's reply came back through both gateways.
            EchoReply reply = replies.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("reply to message %d", i).isNotNull();
            assertThat(reply.getMessage()).isEqualTo("m" + i);
            assertThat(reply.getSequence()).isEqualTo(i);
            assertThat(reply.getRegion()).isEqualTo("west");
        }
        requests.onCompleted();
        finished.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStreamEndingWithAnErrorStatusReportsIt() throws Exception {
        CompletableFuture<Status> status = new CompletableFuture<>();
        StreamObserver<EchoRequest> requests = EchoGrpc.chat(channel, new StreamObserver<>() {
            @Override
            public void onNext(EchoReply reply) {}

            @Override
            public void onError(Throwable failure) {
                status.complete(Status.fromThrowable(failure));
            }

            @Override
            public void onCompleted() {
                status.complete(Status.OK);
            }
        });
        requests.onNext(EchoRequest.newBuilder().setMessage("ok").build());
        requests.onNext(EchoRequest.newBuilder().setFailWithCode(Status.Code.RESOURCE_EXHAUSTED.value()).setFailMessage("quota").build());

        Status ended = status.get(10, TimeUnit.SECONDS);
        assertThat(ended.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ended.getDescription()).isEqualTo("quota");
    }
}

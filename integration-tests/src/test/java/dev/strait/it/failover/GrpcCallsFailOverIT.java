package dev.strait.it.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.gateway.echo.EchoGrpc;
import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.echo.proto.EchoReply;
import dev.strait.gateway.echo.proto.EchoRequest;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceName;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * East and west both serve the gRPC service {@code quotes}, east's endpoint first for east's
 * callers. A grpc-java client calls it through east's local listener, unary and bidirectional
 * streaming: while east's endpoint runs it serves them; once it is stopped every call is served
 * by west, none fails; with west's endpoint stopped too, a call ends at once with a gRPC status
 * the client understands ({@code UNAVAILABLE}, and {@code x-strait-error} in its trailers).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrpcCallsFailOverIT {
    private static final String SERVICE = "quotes";
    private static final Metadata.Key<String> REGION = Metadata.Key.of("x-strait-region", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR = Metadata.Key.of("x-strait-error", Metadata.ASCII_STRING_MARSHALLER);
    private static final int UNARY_CALLS = 100;
    private static final int STREAMS = 10;
    private static final int MESSAGES_PER_STREAM = 3;

    @TempDir
    static Path directory;

    static EchoServer east;
    static EchoServer west;
    static TwoRegions federation;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        east = EchoServer.start(EchoOptions.loopback(ServiceName.of(SERVICE), TwoRegions.EAST, EndpointId.of("quotes-east")));
        west = EchoServer.start(EchoOptions.loopback(ServiceName.of(SERVICE), TwoRegions.WEST, EndpointId.of("quotes-west")));
        federation = new TwoRegions(directory)
                .withEastService(SERVICE, Protocol.GRPC, new HostPort("127.0.0.1", east.port()))
                .withWestService(SERVICE, Protocol.GRPC, new HostPort("127.0.0.1", west.port()))
                .start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", federation.node(TwoRegions.EAST).localPort())
                .usePlaintext()
                .overrideAuthority(SERVICE + ".mesh")
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (federation != null) {
            federation.close();
        }
        if (east != null) {
            east.close();
        }
        if (west != null) {
            west.close();
        }
    }

    @Test
    @Order(1)
    void eastRoutesQuotesToItsOwnEndpointFirstThenToWest() {
        int eastAdmin = federation.node(TwoRegions.EAST).adminPort();

        assertThat(Routes.candidateOrder(eastAdmin, SERVICE)).containsExactly("local:east", "remote:west");
    }

    @Test
    @Order(2)
    void whileEastsEndpointRunsItServesUnaryAndStreamingCalls() throws Exception {
        assertThat(unary("before").region()).isEqualTo("east");
        assertThat(chat("before")).containsOnly("east");
    }

    @Test
    @Order(3)
    void withEastsEndpointStoppedEveryCallIsServedByWestAndNoneFails() throws Exception {
        east.close();

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < UNARY_CALLS; i++) {
            try {
                Served served = unary("unary-" + i);
                assertThat(served.region()).as("unary call %d: the region in the reply", i).isEqualTo("west");
                assertThat(served.regionHeader()).as("unary call %d: x-strait-region", i).isEqualTo("west");
            } catch (StatusRuntimeException e) {
                failures.add("unary call " + i + ": " + e.getStatus());
            }
        }
        for (int i = 0; i < STREAMS; i++) {
            try {
                assertThat(chat("stream-" + i)).as("stream %d: the regions of its replies", i).containsOnly("west");
            } catch (StatusRuntimeException e) {
                failures.add("stream " + i + ": " + e.getStatus());
            }
        }

        assertThat(failures).as("failed calls").isEmpty();
    }

    @Test
    @Order(4)
    void withEveryEndpointStoppedACallEndsWithAStatusTheClientUnderstands() {
        west.close();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Channel capturing = ClientInterceptors.intercept(channel,
                MetadataUtils.newCaptureMetadataInterceptor(new AtomicReference<>(), trailers));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> EchoGrpc.unary(capturing, EchoRequest.newBuilder().setMessage("nobody").build()));

        assertThat(failure).as("the call failed").isNotNull();
        // West reached no endpoint, so it answered east's call no_healthy_upstream in gRPC's form;
        // east took that as west refusing, had no region left, and answered the same.
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(trailers.get().get(ERROR)).isEqualTo("no_healthy_upstream");
        assertThat(failure.getStatus().getDescription()).contains("peer gateway answered");
    }

    /** What served a unary call: the region the echo reported and the gateway's {@code x-strait-region}. */
    private record Served(String region, String regionHeader) {}

    private static Served unary(String message) {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        Channel capturing = ClientInterceptors.intercept(channel,
                MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
        EchoReply reply = EchoGrpc.unary(capturing, EchoRequest.newBuilder().setMessage(message).build());
        assertThat(reply.getMessage()).isEqualTo(message);
        return new Served(reply.getRegion(), headers.get() == null ? null : headers.get().get(REGION));
    }

    /**
     * A bidirectional stream of a few messages, each sent after the previous reply came back;
     * returns the region of every reply and of the stream's {@code x-strait-region}.
     */
    private static List<String> chat(String prefix) throws Exception {
        BlockingQueue<EchoReply> replies = new LinkedBlockingQueue<>();
        CompletableFuture<Void> finished = new CompletableFuture<>();
        AtomicReference<Metadata> headers = new AtomicReference<>();
        Channel capturing = ClientInterceptors.intercept(channel,
                MetadataUtils.newCaptureMetadataInterceptor(headers, new AtomicReference<>()));
        StreamObserver<EchoRequest> requests = EchoGrpc.chat(capturing, new StreamObserver<>() {
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
        List<String> regions = new ArrayList<>();
        for (int i = 1; i <= MESSAGES_PER_STREAM; i++) {
            requests.onNext(EchoRequest.newBuilder().setMessage(prefix + "-" + i).build());
            EchoReply reply = replies.poll(10, TimeUnit.SECONDS);
            if (reply == null && finished.isCompletedExceptionally()) {
                throw Status.fromThrowable(finished.exceptionNow()).asRuntimeException();
            }
            assertThat(reply).as("reply to message %d of %s within 10 s", i, prefix).isNotNull();
            assertThat(reply.getMessage()).isEqualTo(prefix + "-" + i);
            assertThat(reply.getSequence()).isEqualTo(i);
            regions.add(reply.getRegion());
        }
        requests.onCompleted();
        try {
            finished.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw Status.fromThrowable(e.getCause()).asRuntimeException();
        }
        regions.add(headers.get().get(REGION));
        return regions;
    }
}

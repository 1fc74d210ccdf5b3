package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.echo.proto.EchoReply;
import dev.strait.gateway.echo.proto.EchoRequest;
import dev.strait.gateway.tls.TlsMaterial;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The echo's gRPC service, called by a real grpc-java client. */
class EchoGrpcTest {
    private static final Metadata.Key<String> ECHO_HEADER = Metadata.Key.of("x-echo-header", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ECHO_TRAILER = Metadata.Key.of("x-echo-trailer", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> CALLER = Metadata.Key.of("x-caller", Metadata.ASCII_STRING_MARSHALLER);

    private EchoServer echo;
    private ManagedChannel channel;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        echo.close();
    }

    @Test
    void unaryRepliesWithWhoAnsweredAndTheMetadataItReceived() {
        Channel plain = plaintext();
        var headers = new AtomicReference<Metadata>();
        var trailers = new AtomicReference<Metadata>();
        var sent = new Metadata();
        sent.put(CALLER, "test-suite");
        Channel channel = ClientInterceptors.intercept(plain,
                MetadataUtils.newAttachHeadersInterceptor(sent),
                MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

        EchoReply reply = EchoGrpc.unary(channel, EchoRequest.newBuilder().setMessage("hello").build());

        assertThat(reply.getMessage()).isEqualTo("hello");
        assertThat(reply.getService()).isEqualTo("payments");
        assertThat(reply.getRegion()).isEqualTo("us-east");
        assertThat(reply.getEndpoint()).isEqualTo("payments-1");
        assertThat(reply.getSequence()).isEqualTo(1);
        assertThat(reply.getHeadersMap()).containsEntry("x-caller", "test-suite").containsEntry("te", "trailers");
        assertThat(reply.getHeadersMap().get("content-type")).startsWith("application/grpc");
        assertThat(headers.get().get(ECHO_HEADER)).isEqualTo("payments");
        assertThat(trailers.get().get(ECHO_TRAILER)).isEqualTo("payments-1");
    }

    @Test
    void chatRepliesToEachMessageAsItArrives() throws Exception {
        Channel channel = plaintext();
        BlockingQueue<EchoReply> replies = new LinkedBlockingQueue<>();
        var done = new CompletableFuture<Void>();
        StreamObserver<EchoRequest> requests = EchoGrpc.chat(channel, observer(replies, done));

        for (int i = 1; i <= 3; i++) {
            requests.onNext(EchoRequest.newBuilder().setMessage("m" + i).build());
            // The stream stays open: the reply must come before the client sends more or half-closes.
            EchoReply reply = replies.poll(5, TimeUnit.SECONDS);
            assertThat(reply).as("reply to message %d", i).isNotNull();
            assertThat(reply.getMessage()).isEqualTo("m" + i);
            assertThat(reply.getSequence()).isEqualTo(i);
        }
        requests.onCompleted();

        done.get(5, TimeUnit.SECONDS);
        assertThat(replies).isEmpty();
    }

    @Test
    void aRequestedFailureEndsTheCallWithItsStatusMessageAndTrailers() {
        Channel channel = plaintext();
        String message = "no such payment: «p-17» is 100% gone\nreally";

        assertThatThrownBy(() -> EchoGrpc.unary(channel,
                        EchoRequest.newBuilder().setFailWithCode(Status.Code.NOT_FOUND.value()).setFailMessage(message).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription()).isEqualTo(message);
                    assertThat(e.getTrailers().get(ECHO_TRAILER)).isEqualTo("payments-1");
                });
    }

    @Test
    void chatCanFailAfterReplying() throws Exception {
        Channel channel = plaintext();
        BlockingQueue<EchoReply> replies = new LinkedBlockingQueue<>();
        var done = new CompletableFuture<Void>();
        StreamObserver<EchoRequest> requests = EchoGrpc.chat(channel, observer(replies, done));

        requests.onNext(EchoRequest.newBuilder().setMessage("first").build());
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isNotNull();
        requests.onNext(EchoRequest.newBuilder().setFailWithCode(Status.Code.FAILED_PRECONDITION.value()).setFailMessage("stop").build());

        assertThat(done).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause().satisfies(cause -> {
            Status status = Status.fromThrowable(cause);
            assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(status.getDescription()).isEqualTo("stop");
            assertThat(Status.trailersFromThrowable(cause).get(ECHO_TRAILER)).isEqualTo("payments-1");
        });
        requests.onError(new IllegalStateException("test over"));
    }

    @Test
    void anUnknownMethodIsUnimplemented() {
        Channel channel = plaintext();
        MethodDescriptor<EchoRequest, EchoReply> nope = EchoGrpc.UNARY.toBuilder()
                .setFullMethodName(MethodDescriptor.generateFullMethodName(EchoGrpc.SERVICE_NAME, "Nope"))
                .setRequestMarshaller(ProtoUtils.marshaller(EchoRequest.getDefaultInstance()))
                .build();

        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, nope, CallOptions.DEFAULT, EchoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }

    @Test
    void worksOverMutualTls() {
        TestPki pki = TestPki.create();
        echo = EchoServer.start(EchoClients.options().withMutualTls(pki.service("us-east", "payments").tlsMaterial()));
        TlsMaterial caller = pki.node("eu-west", "gw-1").tlsMaterial();
        ChannelCredentials credentials = TlsChannelCredentials.newBuilder()
                .keyManager(caller.keyManagers())
                .trustManager(caller.trustManagers())
                .build();
        // grpc-java checks the host name, which the service certificate carries as IP SAN 127.0.0.1.
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", echo.port(), credentials).build();

        EchoReply reply = EchoGrpc.unary(channel, EchoRequest.newBuilder().setMessage("secure").build());

        assertThat(reply.getMessage()).isEqualTo("secure");
    }

    private Channel plaintext() {
        echo = EchoServer.start(EchoClients.options());
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", echo.port(), InsecureChannelCredentials.create()).build();
        return channel;
    }

    private static StreamObserver<EchoReply> observer(BlockingQueue<EchoReply> replies, CompletableFuture<Void> done) {
        return new StreamObserver<>() {
            @Override
            public void onNext(EchoReply reply) {
                replies.add(reply);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        };
    }
}

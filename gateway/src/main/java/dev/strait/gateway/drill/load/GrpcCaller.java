package dev.strait.gateway.drill.load;

import dev.strait.gateway.drill.scenario.LoadSpec;
import dev.strait.gateway.pipeline.StraitHeaders;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One unary gRPC call with an empty request message, which every protobuf request type accepts,
 * so any unary method can carry drill load; the reply's bytes are read and dropped.
 */
final class GrpcCaller implements Caller {
    private static final Metadata.Key<String> REGION = Metadata.Key.of(StraitHeaders.REGION, Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> ERROR = Metadata.Key.of(StraitHeaders.ERROR, Metadata.ASCII_STRING_MARSHALLER);
    private static final byte[] EMPTY = new byte[0];

    private final Channel channel;
    private final MethodDescriptor<byte[], byte[]> method;
    private final long timeoutMillis;

    GrpcCaller(LoadTransport transport, LoadTarget target, LoadSpec.Request.Grpc request) {
        String fullMethod = request.fullMethod().startsWith("/") ? request.fullMethod().substring(1) : request.fullMethod();
        if (MethodDescriptor.extractFullServiceName(fullMethod) == null) {
            throw new IllegalArgumentException("gRPC method '" + request.fullMethod()
                    + "' is not valid (expected: package.Service/Method, such as strait.echo.v1.Echo/Unary)");
        }
        this.channel = transport.channel(target);
        this.method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(fullMethod)
                .setRequestMarshaller(RawBytes.INSTANCE)
                .setResponseMarshaller(RawBytes.INSTANCE)
                .build();
        this.timeoutMillis = transport.callTimeout().toMillis();
    }

    @Override
    public Answer call() {
        var headers = new AtomicReference<Metadata>();
        var closed = new CompletableFuture<Closed>();
        ClientCall<byte[], byte[]> call = channel.newCall(method,
                CallOptions.DEFAULT.withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata received) {
                headers.set(received);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(new Closed(status, trailers));
            }
        }, new Metadata());
        call.request(2);
        call.sendMessage(EMPTY);
        call.halfClose();
        Closed end;
        try {
            // The deadline ends the call; the extra second only guards against a listener never called.
            end = closed.get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel("interrupted", e);
            Thread.currentThread().interrupt();
            return Answer.noAnswer("interrupted");
        } catch (ExecutionException | TimeoutException e) {
            call.cancel("gave up", e);
            return Answer.noAnswer("timeout after " + timeoutMillis + " ms");
        }
        Metadata head = headers.get();
        // Without response headers or trailer metadata nothing came from the server: the status is
        // the client's own (refused connection, deadline), so the call got no answer.
        if (head == null && end.trailers().keys().isEmpty() && !end.status().isOk()) {
            String description = end.status().getDescription();
            return Answer.noAnswer(end.status().getCode() + (description == null ? "" : ": " + description));
        }
        Optional<String> gatewayError = first(head, end.trailers(), ERROR);
        if (gatewayError.isEmpty() && !end.status().isOk()) {
            gatewayError = Optional.of(end.status().getCode().name());
        }
        return new Answer(new CallResult.Outcome.Grpc(end.status().getCode().value()),
                first(head, end.trailers(), REGION).flatMap(value -> Answer.region(value)), gatewayError);
    }

    private static Optional<String> first(Metadata headers, Metadata trailers, Metadata.Key<String> key) {
        String value = headers == null ? null : headers.get(key);
        if (value == null) {
            value = trailers.get(key);
        }
        return Optional.ofNullable(value).filter(s -> !s.isBlank());
    }

    private record Closed(Status status, Metadata trailers) {}

    /** Passes messages through as bytes. */
    private enum RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        INSTANCE;

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

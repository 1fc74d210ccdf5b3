package dev.strait.gateway.echo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.strait.gateway.echo.proto.EchoReply;
import dev.strait.gateway.echo.proto.EchoRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * Serves the {@code strait.echo.v1.Echo} gRPC service directly on Jetty's HTTP/2 streams: framed
 * messages in, framed replies out (each flushed as soon as it is written), and the status in
 * trailers. See {@code echo.proto} for the semantics.
 */
final class GrpcEcho {
    private static final String UNARY_PATH = "/" + EchoGrpc.UNARY.getFullMethodName();
    private static final String CHAT_PATH = "/" + EchoGrpc.CHAT.getFullMethodName();

    private final EchoOptions options;

    GrpcEcho(EchoOptions options) {
        this.options = options;
    }

    void handle(Request request, Response response) throws IOException {
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
            refuse(response, 505, "gRPC needs HTTP/2 (h2c with prior knowledge, or h2 over TLS)");
            return;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            refuse(response, 405, "gRPC calls are POST requests");
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/grpc");
        response.getHeaders().put(EchoHeaders.HEADER, options.service().value());
        HttpFields.Mutable trailers = HttpFields.build();
        // Jetty asks for the trailers when the last write goes out, after the status is known.
        response.setTrailersSupplier(() -> trailers);

        GrpcStatus status = call(request, response);

        trailers.put("grpc-status", Integer.toString(status.code()));
        if (!status.message().isEmpty()) {
            trailers.put("grpc-message", status.percentEncodedMessage());
        }
        trailers.put(EchoHeaders.TRAILER, options.endpoint().value());
        BlockingWrites.write(response, true, ByteBuffer.allocate(0));
    }

    private GrpcStatus call(Request request, Response response) throws IOException {
        String path = request.getHttpURI().getPath();
        Map<String, String> headers = ReceivedHeaders.of(request).joined();
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (path.equals(UNARY_PATH)) {
                return unary(in, response, headers);
            }
            if (path.equals(CHAT_PATH)) {
                return chat(in, response, headers);
            }
            return new GrpcStatus(GrpcStatus.UNIMPLEMENTED, "unknown method " + path + " (expected: "
                    + UNARY_PATH + " or " + CHAT_PATH + ")");
        } catch (GrpcCallException e) {
            return e.status();
        }
    }

    private GrpcStatus unary(InputStream in, Response response, Map<String, String> headers)
            throws IOException, GrpcCallException {
        Optional<byte[]> first = GrpcFrames.read(in);
        if (first.isEmpty()) {
            return new GrpcStatus(GrpcStatus.INTERNAL, "unary call ended without a request message");
        }
        // A unary client half-closes right after its message; reading to the end catches a second one.
        if (GrpcFrames.read(in).isPresent()) {
            return new GrpcStatus(GrpcStatus.INTERNAL, "unary call sent more than one request message");
        }
        return answer(parse(first.get()), 1, response, headers);
    }

    private GrpcStatus chat(InputStream in, Response response, Map<String, String> headers)
            throws IOException, GrpcCallException {
        int sequence = 0;
        for (Optional<byte[]> next = GrpcFrames.read(in); next.isPresent(); next = GrpcFrames.read(in)) {
            GrpcStatus status = answer(parse(next.get()), ++sequence, response, headers);
            if (status.code() != GrpcStatus.OK) {
                return status;
            }
        }
        return GrpcStatus.ok();
    }

    /** Replies to one request, or returns the status it asks to fail with. */
    private GrpcStatus answer(EchoRequest request, int sequence, Response response, Map<String, String> headers)
            throws IOException {
        if (request.getFailWithCode() != 0) {
            return GrpcStatus.requested(request.getFailWithCode(), request.getFailMessage());
        }
        EchoReply reply = EchoReply.newBuilder()
                .setMessage(request.getMessage())
                .setService(options.service().value())
                .setRegion(options.region().value())
                .setEndpoint(options.endpoint().value())
                .putAllHeaders(headers)
                .setSequence(sequence)
                .build();
        BlockingWrites.write(response, false, GrpcFrames.frame(reply.toByteArray()));
        return GrpcStatus.ok();
    }

    private static EchoRequest parse(byte[] message) throws GrpcCallException {
        try {
            return EchoRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new GrpcCallException(new GrpcStatus(GrpcStatus.INTERNAL, "cannot parse EchoRequest: " + e.getMessage()));
        }
    }

    private static void refuse(Response response, int status, String message) throws IOException {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        BlockingWrites.write(response, true, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }
}

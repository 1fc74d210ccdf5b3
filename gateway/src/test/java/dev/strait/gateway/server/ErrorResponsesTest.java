package dev.strait.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.gateway.echo.EchoGrpc;
import dev.strait.gateway.echo.proto.EchoRequest;
import dev.strait.gateway.pipeline.GatewayError;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gateway-made errors as clients see them: a real grpc-java client gets a status it
 * understands, and an HTTP client the JSON body of the contract.
 */
class ErrorResponsesTest {
    private static final String ERROR_TO_ANSWER = "x-test-error";
    private static final String MESSAGE = "no endpoint of 'ledger': 100% down, für jetzt";
    private static final Metadata.Key<String> ERROR_HEADER = Metadata.Key.of("x-strait-error", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TEST_ERROR = Metadata.Key.of(ERROR_TO_ANSWER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Map<GatewayError, Status.Code> GRPC_CODES = Map.of(
            GatewayError.BAD_REQUEST, Status.Code.INTERNAL,
            GatewayError.DENIED, Status.Code.PERMISSION_DENIED,
            GatewayError.UNKNOWN_SERVICE, Status.Code.UNIMPLEMENTED,
            GatewayError.RATE_LIMITED, Status.Code.RESOURCE_EXHAUSTED,
            GatewayError.UPSTREAM_UNAVAILABLE, Status.Code.UNAVAILABLE,
            GatewayError.NO_HEALTHY_UPSTREAM, Status.Code.UNAVAILABLE,
            GatewayError.UPSTREAM_OVERLOADED, Status.Code.UNAVAILABLE,
            GatewayError.UPSTREAM_TIMEOUT, Status.Code.DEADLINE_EXCEEDED);

    static Server server;
    static ServerConnector connector;
    static ManagedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        connector = new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                GatewayError error = GatewayError.valueOf(request.getHeaders().get(ERROR_TO_ANSWER));
                ErrorResponses.write(response, callback, error, MESSAGE);
                return true;
            }
        });
        server.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", connector.getLocalPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.stop();
    }

    @ParameterizedTest
    @EnumSource(GatewayError.class)
    void aGrpcClientGetsTheStatusOfTheTableWithTheMessageAndTheErrorCode(GatewayError error) {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        Metadata sent = new Metadata();
        sent.put(TEST_ERROR, error.name());
        Channel calling = ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(sent), MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> EchoGrpc.unary(calling, EchoRequest.newBuilder().setMessage("hi").build()));

        assertThat(failure).isNotNull();
        assertThat(failure.getStatus().getCode()).isEqualTo(GRPC_CODES.get(error));
        assertThat(failure.getStatus().getCode().value()).isEqualTo(error.grpcStatus());
        assertThat(failure.getStatus().getDescription()).isEqualTo(MESSAGE);
        // Trailers-only: everything arrives in the one HEADERS frame, which grpc-java reports as trailers.
        assertThat(trailers.get().get(ERROR_HEADER)).isEqualTo(error.code());
        assertThat(headers.get()).as("no separate response headers").isNull();
    }

    @Test
    void anHttpClientGetsTheJsonBodyAndStatus() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x"))
                    .header(ERROR_TO_ANSWER, GatewayError.NO_HEALTHY_UPSTREAM.name())
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("x-strait-error")).hasValue("no_healthy_upstream");
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            JsonNode body = JsonMapper.shared().readTree(response.body());
            assertThat(body.get("error").asString()).isEqualTo("no_healthy_upstream");
            assertThat(body.get("message").asString()).isEqualTo(MESSAGE);
        }
    }

    @Test
    void grpcMessagesArePercentEncodedUtf8() {
        assertThat(ErrorResponses.percentEncoded("plain text: ok")).isEqualTo("plain text: ok");
        assertThat(ErrorResponses.percentEncoded("100%")).isEqualTo("100%25");
        assertThat(ErrorResponses.percentEncoded("für")).isEqualTo("f%C3%BCr");
        assertThat(ErrorResponses.percentEncoded("line\nbreak")).isEqualTo("line%0Abreak");
    }
}

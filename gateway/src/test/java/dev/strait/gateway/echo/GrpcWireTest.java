package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gRPC framing cases a well-behaved grpc-java client never produces, sent as raw HTTP/2. */
class GrpcWireTest {
    private static EchoServer echo;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        echo = EchoServer.start(EchoClients.options());
        client = EchoClients.h2c();
    }

    @AfterAll
    static void stop() throws Exception {
        client.stop();
        echo.close();
    }

    @Test
    void aCompressedMessageIsUnimplemented() throws Exception {
        ContentResponse response = call("/strait.echo.v1.Echo/Unary", new byte[] {1, 0, 0, 0, 0});

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getTrailers().get("grpc-status")).isEqualTo("12");
        assertThat(response.getTrailers().get("grpc-message")).contains("compressed");
        assertThat(response.getTrailers().get("x-echo-trailer")).isEqualTo("payments-1");
    }

    @Test
    void anOversizedMessageIsRefusedBeforeItIsRead() throws Exception {
        byte[] header = ByteBuffer.allocate(5).put((byte) 0).putInt(GrpcFrames.MAX_MESSAGE_BYTES + 1).array();

        ContentResponse response = call("/strait.echo.v1.Echo/Chat", header);

        assertThat(response.getTrailers().get("grpc-status")).isEqualTo("8");
    }

    @Test
    void aUnaryCallWithoutMessageIsAnInternalError() throws Exception {
        ContentResponse response = call("/strait.echo.v1.Echo/Unary", new byte[0]);

        assertThat(response.getTrailers().get("grpc-status")).isEqualTo("13");
    }

    @Test
    void anEmptyChatEndsOk() throws Exception {
        ContentResponse response = call("/strait.echo.v1.Echo/Chat", new byte[0]);

        assertThat(response.getHeaders().get("content-type")).isEqualTo("application/grpc");
        assertThat(response.getHeaders().get("x-echo-header")).isEqualTo("payments");
        assertThat(response.getTrailers().get("grpc-status")).isEqualTo("0");
        assertThat(response.getContent()).isEmpty();
    }

    @Test
    void grpcOverHttp11IsRefused() throws Exception {
        try (var jdk = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(echo.uri().resolve("/strait.echo.v1.Echo/Unary"))
                    .header("content-type", "application/grpc")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 0, 0}))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(505);
        }
    }

    private static ContentResponse call(String path, byte[] body) throws Exception {
        return client.newRequest(echo.uri().resolve(path))
                .method(HttpMethod.POST)
                .headers(h -> h.put("te", "trailers"))
                .body(new BytesRequestContent("application/grpc", body))
                .timeout(10, TimeUnit.SECONDS)
                .send();
    }
}

package dev.strait.it.security;

import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One call over TLS to a gateway's mutual-TLS local listener, as a workload makes it: HTTP/1.1, or
 * HTTP/2 negotiated by ALPN, with a fresh Jetty client. The gateway's chain is verified against
 * the federation root; its SPIFFE ID is not checked.
 */
final class LocalCall {
    /** The protocol the client speaks. */
    enum Protocol { HTTP_1_1, H2 }

    private LocalCall() {}

    /** What the listener answered, or how the call failed (handshake refused, connection reset). */
    record Answer(int status, HttpVersion version, Optional<String> error, String body, Throwable failure) {
        boolean refused() {
            return failure != null;
        }

        @Override
        public String toString() {
            return refused() ? "refused: " + failure : version + " " + status + " " + error.orElse("") + " " + body;
        }
    }

    /** Presents {@code workload}'s certificate (its trust store must hold the federation root). */
    static Answer send(TlsMaterial workload, Protocol protocol, int localPort, String method, String host, String path) {
        return send(SslContexts.client(workload, id -> true), protocol, localPort, method, host, path);
    }

    /** Presents no client certificate at all. */
    static Answer sendWithoutCertificate(KeyStore trustStore, Protocol protocol, int localPort, String method, String host,
            String path) {
        return send(SslContexts.client(trustStore, id -> true), protocol, localPort, method, host, path);
    }

    private static Answer send(SslContextFactory.Client tls, Protocol protocol, int localPort, String method, String host,
            String path) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        HttpClientTransport transport = protocol == Protocol.H2
                ? new HttpClientTransportOverHTTP2(new HTTP2Client(connector))
                : new HttpClientTransportOverHTTP(connector);
        HttpClient client = new HttpClient(transport);
        // Mesh names resolve to the local gateway, as a workload's resolver would arrange.
        client.setSocketAddressResolver((name, port, context, promise) ->
                promise.succeeded(List.of(new InetSocketAddress("127.0.0.1", localPort))));
        try {
            client.start();
            ContentResponse response = client.newRequest(URI.create("https://" + host + path))
                    .method(method)
                    .timeout(15, TimeUnit.SECONDS)
                    .send();
            return new Answer(response.getStatus(), response.getVersion(),
                    Optional.ofNullable(response.getHeaders().get("x-strait-error")), response.getContentAsString(), null);
        } catch (Exception e) {
            return new Answer(0, null, Optional.empty(), "", e);
        } finally {
            try {
                client.stop();
            } catch (Exception ignored) {
                // The answer is already decided.
            }
        }
    }
}

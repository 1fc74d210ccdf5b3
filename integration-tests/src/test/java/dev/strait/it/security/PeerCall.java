package dev.strait.it.security;

import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import java.net.URI;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * One HTTP/1.1 GET over TLS straight to a gateway's peer listener, with a fresh Jetty client. The
 * server's chain is verified against the federation root; its SPIFFE ID is not checked.
 */
final class PeerCall {
    private PeerCall() {}

    /** What the peer listener answered, or how the call failed (handshake refused, connection reset). */
    record Answer(int status, Optional<String> error, String body, Throwable failure) {
        boolean refused() {
            return failure != null;
        }

        @Override
        public String toString() {
            return refused() ? "refused: " + failure : status + " " + error.orElse("") + " " + body;
        }
    }

    /** Presents {@code identity} (its trust store must hold the federation root). */
    static Answer get(TlsMaterial identity, int peerPort, String host, String... headers) {
        return send(SslContexts.client(identity, id -> true), peerPort, host, "/", headers);
    }

    /** As {@link #get}, for {@code path}. */
    static Answer getPath(TlsMaterial identity, int peerPort, String host, String path, String... headers) {
        return send(SslContexts.client(identity, id -> true), peerPort, host, path, headers);
    }

    /** Presents no client certificate at all. */
    static Answer getWithoutCertificate(KeyStore trustStore, int peerPort, String host) {
        return send(SslContexts.client(trustStore, id -> true), peerPort, host, "/");
    }

    private static Answer send(SslContextFactory.Client tls, int peerPort, String host, String path, String... headers) {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        try {
            client.start();
            Request request = client.newRequest(URI.create("https://127.0.0.1:" + peerPort + path))
                    .headers(fields -> {
                        fields.put(HttpHeader.HOST, host);
                        for (int i = 0; i + 1 < headers.length; i += 2) {
                            fields.add(headers[i], headers[i + 1]);
                        }
                    })
                    .timeout(15, TimeUnit.SECONDS);
            ContentResponse response = request.send();
            return new Answer(response.getStatus(), Optional.ofNullable(response.getHeaders().get("x-strait-error")),
                    response.getContentAsString(), null);
        } catch (Exception e) {
            return new Answer(0, Optional.empty(), "", e);
        } finally {
            try {
                client.stop();
            } catch (Exception ignored) {
                // The answer is already decided.
            }
        }
    }
}

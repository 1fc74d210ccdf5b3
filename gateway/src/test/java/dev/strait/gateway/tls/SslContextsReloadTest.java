package dev.strait.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.certs.TestPki;
import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SslContexts#reload}: new handshakes get the new material, open connections keep working. */
class SslContextsReloadTest {
    private final TestPki pki = TestPki.create();
    private final IssuedCertificate firstServer = pki.node("eu-west", "gw-1");
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
    private SslContextFactory.Server serverTls;
    private Server server;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        server = new Server();
        var https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        serverTls = SslContexts.server(firstServer.tlsMaterial(), ClientAuth.NEED);
        var connector = new ServerConnector(server, new SslConnectionFactory(serverTls, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // Answers the serial of the certificate the client presented on this connection.
                String serial = "none";
                if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData data) {
                    serial = data.peerCertificates()[0].getSerialNumber().toString(16);
                }
                Content.Sink.write(response, true, serial, callback);
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (HttpClient client : clients) {
            client.stop();
        }
        server.stop();
    }

    @Test
    void aReloadedServerPresentsTheNewCertificateToNewConnectionsOnly() throws Exception {
        Handshakes handshakes = new Handshakes();
        HttpClient client = client(SslContexts.client(pki.node("us-east", "gw-1").tlsMaterial(), id -> true), handshakes);
        assertThat(get(client).getStatus()).isEqualTo(200);
        assertThat(handshakes.serverSerials).containsExactly(firstServer.certificate().getSerialNumber());

        IssuedCertificate secondServer = pki.node("eu-west", "gw-1");
        SslContexts.reload(serverTls, secondServer.tlsMaterial());

        // The open connection keeps working, with no new handshake.
        assertThat(get(client).getStatus()).isEqualTo(200);
        assertThat(handshakes.serverSerials).hasSize(1);
        // A new connection is shown the new certificate.
        Handshakes fresh = new Handshakes();
        assertThat(get(client(SslContexts.client(pki.node("us-east", "gw-1").tlsMaterial(), id -> true), fresh)).getStatus())
                .isEqualTo(200);
        assertThat(fresh.serverSerials).containsExactly(secondServer.certificate().getSerialNumber());
    }

    @Test
    void aReloadedClientPresentsItsNewCertificateOnItsNextConnection() throws Exception {
        IssuedCertificate firstClient = pki.node("us-east", "gw-1");
        SslContextFactory.Client clientTls = SslContexts.client(firstClient.tlsMaterial(), id -> true);
        assertThat(get(client(clientTls, new Handshakes())).getContentAsString())
                .isEqualTo(firstClient.certificate().getSerialNumber().toString(16));

        IssuedCertificate secondClient = pki.node("us-east", "gw-1");
        SslContexts.reload(clientTls, secondClient.tlsMaterial());

        assertThat(get(client(clientTls, new Handshakes())).getContentAsString())
                .isEqualTo(secondClient.certificate().getSerialNumber().toString(16));
    }

    @Test
    void aClientWithoutAnIdentityGetsOnlyTheNewTrustStore() throws Exception {
        SslContextFactory.Client trustOnly = SslContexts.client(firstServer.tlsMaterial().trustStore(), id -> true);
        trustOnly.start();

        SslContexts.reload(trustOnly, pki.node("us-east", "gw-1").tlsMaterial());

        assertThat(trustOnly.getKeyStore()).isNull();
        assertThat(trustOnly.getTrustStore().size()).isEqualTo(1);
        trustOnly.stop();
    }

    private HttpClient client(SslContextFactory.Client tls, Handshakes handshakes) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.addBean(handshakes);
        client.start();
        clients.add(client);
        return client;
    }

    private ContentResponse get(HttpClient client) throws Exception {
        return client.newRequest(URI.create("https://127.0.0.1:" + port + "/")).timeout(10, TimeUnit.SECONDS).send();
    }

    /** The serials of the certificates servers presented in the client's handshakes. */
    private static final class Handshakes implements SslHandshakeListener {
        final List<BigInteger> serverSerials = new CopyOnWriteArrayList<>();

        @Override
        public void handshakeSucceeded(Event event) throws SSLPeerUnverifiedException {
            serverSerials.add(((X509Certificate) event.getSSLEngine().getSession().getPeerCertificates()[0]).getSerialNumber());
        }
    }
}

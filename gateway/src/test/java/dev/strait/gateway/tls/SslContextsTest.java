package dev.strait.gateway.tls;

import dev.strait.policy.model.SpiffeIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.certs.TestPki;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import java.security.cert.CertificateExpiredException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
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

/** Real TLS handshakes between a Jetty server and client built by {@link SslContexts}. */
class SslContextsTest {
    private static final SpiffeId SERVER_ID = SpiffeId.node(TestPki.TRUST_DOMAIN, RegionName.of("eu-west"), NodeId.of("gw-1"));

    private final TestPki pki = TestPki.create();
    private final AtomicInteger handled = new AtomicInteger();
    private final List<Throwable> serverHandshakeFailures = new CopyOnWriteArrayList<>();
    private Server server;
    private HttpClient client;

    @BeforeEach
    void startServer() throws Exception {
        server = new Server();
        var https = new HttpConfiguration();
        https.addCustomizer(new SecureRequestCustomizer(false));
        var ssl = SslContexts.server(pki.node("eu-west", "gw-1").tlsMaterial(), ClientAuth.NEED);
        var connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.addBean(new SslHandshakeListener() {
            @Override
            public void handshakeFailed(Event event, Throwable failure) {
                serverHandshakeFailures.add(failure);
            }
        });
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                handled.incrementAndGet();
                String peer = "none";
                if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData data) {
                    peer = SpiffeIds.fromSession(data.sslSession()).map(SpiffeId::uri).orElse("none")
                            + " " + data.sslSession().getProtocol();
                }
                Content.Sink.write(response, true, peer, callback);
                return true;
            }
        });
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        server.stop();
    }

    @Test
    void mutualTlsSucceedsAndEachSideSeesTheOthersSpiffeId() throws Exception {
        var clientIdentity = pki.node("us-east", "gw-1").tlsMaterial();

        ContentResponse response = get(SslContexts.client(clientIdentity, SERVER_ID::equals));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("spiffe://strait.test/region/us-east/node/gw-1 TLSv1.3");
    }

    @Test
    void anExpiredClientCertificateIsRefused() throws Exception {
        var expired = pki.expiredNode("us-east", "gw-1").tlsMaterial();

        assertThatThrownBy(() -> get(SslContexts.client(expired, SERVER_ID::equals))).isInstanceOf(Exception.class);
        assertThat(handled).hasValue(0);
        // The server's PKIX check refused it for its date, not for anything else.
        awaitServerHandshakeFailure();
        assertThat(serverHandshakeFailures).anySatisfy(
                failure -> assertThat(failure).hasRootCauseInstanceOf(CertificateExpiredException.class));
    }

    @Test
    void aClientCertificateFromAnUnrelatedCaIsRefused() {
        var stranger = TestPki.unrelated().node("us-east", "gw-1");
        // Trusts our root, so only the server's check of the client can fail.
        var material = TlsMaterial.of(stranger.privateKey(), stranger.chain(), List.of(pki.root().certificate()));

        assertThatThrownBy(() -> get(SslContexts.client(material, SERVER_ID::equals))).isInstanceOf(Exception.class);
        assertThat(handled).hasValue(0);
    }

    @Test
    void aClientWithoutCertificateIsRefusedWhenClientAuthIsNeeded() {
        var trustOnly = SslContexts.client(TlsMaterial.trustStore(List.of(pki.root().certificate())), id -> true);

        assertThatThrownBy(() -> get(trustOnly)).isInstanceOf(Exception.class);
        assertThat(handled).hasValue(0);
    }

    @Test
    void theClientRefusesAServerWithAnotherSpiffeId() {
        var clientIdentity = pki.node("us-east", "gw-1").tlsMaterial();
        List<SpiffeId> checked = new CopyOnWriteArrayList<>();
        Predicate<SpiffeId> onlyUsEast = id -> checked.add(id) && id.region().equals(RegionName.of("us-east"));

        // Jetty reports the refusal as SSLPeerUnverifiedException or, racing with the close, as EOF.
        assertThatThrownBy(() -> get(SslContexts.client(clientIdentity, onlyUsEast))).isInstanceOf(Exception.class);
        assertThat(checked).containsExactly(SERVER_ID);
        assertThat(handled).hasValue(0);
    }

    @Test
    void theClientRefusesAServerItsRootDidNotSign() {
        var foreign = TestPki.unrelated().node("us-east", "gw-1").tlsMaterial();

        assertThatThrownBy(() -> get(SslContexts.client(foreign, id -> true))).isInstanceOf(Exception.class);
        assertThat(handled).hasValue(0);
    }

    @Test
    void onlyTls12AndNewerAreOffered() {
        var factory = SslContexts.server(pki.node("eu-west", "gw-1").tlsMaterial(), ClientAuth.NONE);

        assertThat(factory.getIncludeProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(factory.getNeedClientAuth()).isFalse();
    }

    /** The client may see the refusal a moment before the server has reported it. */
    private void awaitServerHandshakeFailure() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (serverHandshakeFailures.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private ContentResponse get(SslContextFactory.Client ssl) throws Exception {
        var connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return client.newRequest("https://127.0.0.1:" + port + "/").timeout(10, TimeUnit.SECONDS).send();
    }
}

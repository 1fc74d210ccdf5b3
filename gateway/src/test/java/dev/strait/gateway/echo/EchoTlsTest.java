package dev.strait.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.tls.SslContexts;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The echo over TLS: h2 and HTTP/1.1 by ALPN, with and without client certificates. */
class EchoTlsTest {
    private static final SpiffeId PAYMENTS_ID = SpiffeId.service(TestPki.TRUST_DOMAIN, EchoClients.US_EAST, EchoClients.PAYMENTS);
    private static final Predicate<SpiffeId> IS_PAYMENTS = PAYMENTS_ID::equals;

    private final TestPki pki = TestPki.create();
    private final TlsMaterial serverIdentity = pki.service("us-east", "payments").tlsMaterial();
    private EchoServer echo;
    private HttpClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        echo.close();
    }

    @Test
    void servesHttp2OverTlsToAClientWithoutCertificate() throws Exception {
        echo = EchoServer.start(EchoClients.options().withTls(serverIdentity));
        client = EchoClients.tls(SslContexts.client(TlsMaterial.trustStore(List.of(pki.root().certificate())), IS_PAYMENTS));

        JsonNode json = get();

        assertThat(echo.uri().getScheme()).isEqualTo("https");
        assertThat(json.get("protocol").asString()).isEqualTo("HTTP/2.0");
        assertThat(json.get("tls").isObject()).isTrue();
        assertThat(json.get("tls").get("peer").isNull()).isTrue();
    }

    @Test
    void reportsTheSpiffeIdOfAClientCertificate() throws Exception {
        echo = EchoServer.start(EchoClients.options().withMutualTls(serverIdentity));
        client = EchoClients.tls(SslContexts.client(pki.node("eu-west", "gw-2").tlsMaterial(), IS_PAYMENTS));

        JsonNode json = get();

        assertThat(json.get("protocol").asString()).isEqualTo("HTTP/2.0");
        assertThat(json.get("tls").get("peer").asString()).isEqualTo("spiffe://strait.test/region/eu-west/node/gw-2");
    }

    @Test
    void servesHttp11OverTlsToTheJdkClientWhichChecksHostNames() throws Exception {
        echo = EchoServer.start(EchoClients.options().withTls(serverIdentity));
        TlsMaterial caller = pki.service("us-east", "orders").tlsMaterial();

        try (var jdk = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .sslContext(caller.sslContext())
                .build()) {
            HttpResponse<String> response = jdk.send(HttpRequest.newBuilder(echo.uri().resolve("/jdk")).build(),
                    HttpResponse.BodyHandlers.ofString());

            JsonNode json = EchoClients.json(response.body());
            assertThat(json.get("protocol").asString()).isEqualTo("HTTP/1.1");
            // Without mTLS required, a certificate the client sends anyway is still verified and reported.
            assertThat(json.get("tls").get("peer").asString()).isEqualTo("spiffe://strait.test/region/us-east/service/orders");
        }
    }

    @Test
    void mutualTlsRefusesAClientWithoutCertificate() throws Exception {
        echo = EchoServer.start(EchoClients.options().withMutualTls(serverIdentity));
        client = EchoClients.tls(SslContexts.client(TlsMaterial.trustStore(List.of(pki.root().certificate())), IS_PAYMENTS));

        assertThatThrownBy(this::get).isInstanceOf(Exception.class);
    }

    @Test
    void mutualTlsRefusesAnExpiredClientCertificate() throws Exception {
        echo = EchoServer.start(EchoClients.options().withMutualTls(serverIdentity));
        client = EchoClients.tls(SslContexts.client(pki.expiredNode("eu-west", "gw-2").tlsMaterial(), IS_PAYMENTS));

        assertThatThrownBy(this::get).isInstanceOf(Exception.class);
    }

    @Test
    void theClientRefusesAnEchoWithAnotherIdentity() throws Exception {
        echo = EchoServer.start(EchoClients.options().withTls(pki.service("us-east", "orders").tlsMaterial()));
        List<SpiffeId> checked = new CopyOnWriteArrayList<>();
        client = EchoClients.tls(SslContexts.client(TlsMaterial.trustStore(List.of(pki.root().certificate())),
                id -> checked.add(id) && IS_PAYMENTS.test(id)));

        assertThatThrownBy(this::get).isInstanceOf(Exception.class);
        assertThat(checked).containsExactly(SpiffeId.service(TestPki.TRUST_DOMAIN, EchoClients.US_EAST, ServiceName.of("orders")));
    }

    private JsonNode get() throws Exception {
        ContentResponse response = client.newRequest(echo.uri().resolve("/tls")).timeout(10, TimeUnit.SECONDS).send();
        assertThat(response.getStatus()).isEqualTo(200);
        return EchoClients.json(response.getContentAsString());
    }
}

package dev.strait.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.echo.EchoOptions;
import dev.strait.gateway.echo.EchoServer;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.FreePorts;
import dev.strait.it.support.Http;
import dev.strait.it.support.TwoRegions;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * West's gateway re-originates calls over mutual TLS with its own node certificate, and refuses
 * an endpoint that does not prove the service's identity.
 */
class GatewayVerifiesTheEndpointsItReoriginatesToIT {
    @TempDir
    static Path directory;

    static TwoRegions federation;
    static EchoServer impostor;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        int impostorPort = FreePorts.take(1).getFirst();
        federation = new TwoRegions(directory)
                .withWestEcho("vault", Protocol.HTTP1, UpstreamTls.MTLS)
                .withWestService("billing", Protocol.HTTP1, UpstreamTls.TLS, new HostPort("127.0.0.1", impostorPort))
                .start();
        // An endpoint of billing that presents payments' certificate: a valid chain, the wrong service.
        TlsMaterial payments = TlsMaterial.load(federation.certificates().service(TwoRegions.WEST, ServiceName.of("payments")));
        impostor = EchoServer.start(new EchoOptions("127.0.0.1", impostorPort, ServiceName.of("billing"), TwoRegions.WEST,
                EndpointId.of("billing-1"), new EchoOptions.Transport.Plaintext()).withTls(payments));
        http = new Http();
    }

    @AfterAll
    static void stop() {
        http.close();
        impostor.close();
        federation.close();
    }

    @Test
    void anHttp1EndpointOverMutualTlsSeesTheGatewaysNodeIdentity() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "vault.mesh", "/secret");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-strait-region")).hasValue("west");
        JsonNode echo = Http.json(response);
        assertThat(echo.get("service").asString()).isEqualTo("vault");
        assertThat(echo.get("tls").toString()).contains("spiffe://strait.test/region/west/node/gw-1");
    }

    @Test
    void anEndpointWithAnotherServicesIdentityIsRefused() throws Exception {
        HttpResponse<String> response = http.get(federation.localUrl(TwoRegions.EAST), "billing.mesh", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().firstValue("x-strait-error")).hasValue("upstream_unavailable");
    }
}

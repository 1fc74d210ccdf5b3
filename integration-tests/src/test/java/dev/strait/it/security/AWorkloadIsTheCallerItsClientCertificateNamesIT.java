package dev.strait.it.security;

import static dev.strait.it.security.MtlsLocalFederation.EAST_WEB;
import static dev.strait.it.security.MtlsLocalFederation.WEST_PAYMENTS;
import static dev.strait.it.support.TwoRegions.EAST;
import static dev.strait.it.support.TwoRegions.WEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.security.LocalCall.Answer;
import dev.strait.it.security.LocalCall.Protocol;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a mutual-TLS local listener the caller is the workload its client certificate names: a
 * workload the destination's rules allow gets through across regions, over HTTP/1.1 and h2, and
 * the endpoint sees its identity. Where certificates are required, a caller without one fails the
 * handshake; where they are optional, it is identified as on a plaintext listener (here:
 * anonymous) and denied. A certificate of another region's workload or of a gateway node is
 * refused with {@code 403 denied}, and one that does not verify (expired) fails the handshake.
 */
class AWorkloadIsTheCallerItsClientCertificateNamesIT {
    @TempDir
    static Path directory;

    static MtlsLocalFederation mtls;

    @BeforeAll
    static void start() throws Exception {
        mtls = MtlsLocalFederation.start(directory);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mtls != null) {
            mtls.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void anAllowedWorkloadReachesTheEndpointInAnotherRegionWithItsIdentity(Protocol protocol) {
        int before = mtls.orders.requests();

        Answer answer = LocalCall.send(mtls.workload(EAST, "web"), protocol, mtls.localPort(EAST), "GET", "orders.mesh",
                "/api/orders");

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.version()).isEqualTo(protocol == Protocol.H2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1);
        assertThat(mtls.orders.requests()).isEqualTo(before + 1);
        assertThat(mtls.orders.lastHeader("x-strait-source")).contains(EAST_WEB);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void withRequiredCertificatesACallerWithoutOneFailsTheHandshake(Protocol protocol) {
        int before = mtls.orders.requests();

        Answer answer = LocalCall.sendWithoutCertificate(mtls.trustStore(), protocol, mtls.localPort(EAST), "GET",
                "orders.mesh", "/api/orders");

        assertThat(answer.refused()).as("%s", answer).isTrue();
        assertThat(mtls.orders.requests()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void withOptionalCertificatesACallerWithoutOneIsAnonymousAndDenied(Protocol protocol) {
        Answer anonymous = LocalCall.sendWithoutCertificate(mtls.trustStore(), protocol, mtls.localPort(WEST), "GET",
                "web.mesh", "/");
        Answer payments = LocalCall.send(mtls.workload(WEST, "payments"), protocol, mtls.localPort(WEST), "GET", "web.mesh", "/");

        assertThat(anonymous.status()).as("%s", anonymous).isEqualTo(403);
        assertThat(anonymous.error()).contains("denied");
        assertThat(anonymous.body()).contains("denies anonymous (west) calling service 'web'");
        // The same listener takes a workload that presents its certificate for who it is.
        assertThat(payments.status()).as("%s", payments).isEqualTo(200);
    }

    @Test
    void anotherRegionsWorkloadCertificateIsRefused() {
        int before = mtls.orders.requests();

        Answer answer = LocalCall.send(mtls.issued(WEST, "spiffe://strait.test/region/west/service/web"), Protocol.HTTP_1_1,
                mtls.localPort(EAST), "GET", "orders.mesh", "/api/orders");

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.error()).contains("denied");
        assertThat(answer.body()).contains("client certificate spiffe://strait.test/region/west/service/web is not a local"
                + " caller of region 'east': it is a workload of region 'west'");
        assertThat(mtls.orders.requests()).isEqualTo(before);
    }

    @Test
    void aGatewayNodeCertificateIsRefused() {
        Answer answer = LocalCall.send(mtls.gatewayNode(WEST), Protocol.H2, mtls.localPort(EAST), "GET", "orders.mesh",
                "/api/orders");

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.error()).contains("denied");
        assertThat(answer.body()).contains("it is a gateway node's");
    }

    @Test
    void anExpiredCertificateFailsTheHandshakeEvenWhereCertificatesAreOptional() {
        Answer answer = LocalCall.send(mtls.expired(WEST, WEST_PAYMENTS), Protocol.HTTP_1_1, mtls.localPort(WEST), "GET",
                "web.mesh", "/");

        assertThat(answer.refused()).as("%s", answer).isTrue();
    }
}

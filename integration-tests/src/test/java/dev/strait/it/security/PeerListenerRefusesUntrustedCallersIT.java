package dev.strait.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.TwoRegions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** West's peer listener serves only gateway nodes of other regions of the federation, as themselves. */
class PeerListenerRefusesUntrustedCallersIT {
    private static final String EAST_GATEWAY = "spiffe://strait.test/region/east/node/gw-1";

    @TempDir
    static Path directory;

    static TwoRegions federation;
    static TestLeaves leaves;
    static CertificateAuthority eastIntermediate;
    static TlsMaterial eastGateway;
    static int westPeerPort;

    @BeforeAll
    static void start() throws Exception {
        federation = new TwoRegions(directory).start();
        leaves = new TestLeaves(federation.certificates());
        eastIntermediate = leaves.intermediate(federation.certificates(), TwoRegions.EAST);
        eastGateway = TlsMaterial.load(federation.certificates().node(TwoRegions.EAST, TwoRegions.NODE));
        westPeerPort = federation.node(TwoRegions.WEST).peerPort();
    }

    @AfterAll
    static void stop() {
        federation.close();
    }

    @Test
    void theRealEastGatewayIsServed() {
        PeerCall.Answer answer = PeerCall.get(eastGateway, westPeerPort, "payments.mesh");

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }

    @Test
    void aCallerWithoutACertificateIsRefused() {
        assertRefused(PeerCall.getWithoutCertificate(eastGateway.trustStore(), westPeerPort, "payments.mesh"));
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefusedEvenWithTheRightSpiffeId() {
        assertRefused(call(leaves.valid(TestLeaves.unrelatedRoot(), EAST_GATEWAY)));
    }

    @Test
    void aValidChainWithAnotherTrustDomainIsRefused() {
        assertRefused(call(leaves.valid(eastIntermediate, "spiffe://other.test/region/east/node/gw-1")));
    }

    @Test
    void aValidChainNamingAServiceRatherThanAGatewayIsRefused() {
        assertRefused(call(leaves.valid(eastIntermediate, "spiffe://strait.test/region/east/service/web")));
    }

    @Test
    void anExpiredCertificateIsRefused() {
        assertRefused(call(leaves.expired(eastIntermediate, EAST_GATEWAY)));
    }

    @Test
    void aPeerGatewayMayNotAssertACallerOfAnotherRegion() {
        PeerCall.Answer answer = PeerCall.get(eastGateway, westPeerPort, "payments.mesh",
                "x-strait-source", "spiffe://strait.test/region/west/service/web");

        assertThat(answer.status()).as("%s", answer).isEqualTo(403);
        assertThat(answer.error()).hasValue("denied");
    }

    @Test
    void aPeerGatewayMayAssertACallerOfItsOwnRegion() {
        String caller = "spiffe://strait.test/region/east/service/web";
        PeerCall.Answer answer = PeerCall.get(eastGateway, westPeerPort, "payments.mesh", "x-strait-source", caller);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        var received = JsonMapper.builder().build().readTree(answer.body()).get("headers").get("x-strait-source");
        assertThat(received).as("x-strait-source at the endpoint").isNotNull();
        assertThat(received.isArray() ? received.get(0).asString() : received.asString()).isEqualTo(caller);
    }

    @Test
    void aNamePinnedToAnotherRegionIsNotForwardedOnwardByThePeerListener() {
        PeerCall.Answer answer = PeerCall.get(eastGateway, westPeerPort, "web.east.mesh");

        assertThat(answer.status()).as("%s", answer).isEqualTo(404);
    }

    private static PeerCall.Answer call(TlsMaterial identity) {
        return PeerCall.get(identity, westPeerPort, "payments.mesh");
    }

    private static void assertRefused(PeerCall.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isNotEqualTo(200);
        if (!answer.refused()) {
            assertThat(answer.status()).as("%s", answer).isEqualTo(403);
            assertThat(answer.error()).as("%s", answer).hasValue("denied");
        }
    }
}

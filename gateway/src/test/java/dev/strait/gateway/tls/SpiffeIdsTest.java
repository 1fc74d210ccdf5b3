package dev.strait.gateway.tls;

import dev.strait.policy.model.SpiffeIds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.LeafSpec;
import dev.strait.gateway.certs.SubjectAltName;
import dev.strait.gateway.certs.TestPki;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpiffeIdsTest {
    private final TestPki pki = TestPki.create();

    @Test
    void readsTheStraitIdFromTheUriSan() {
        X509Certificate node = pki.node("us-east", "gw-1").certificate();

        assertThat(SpiffeIds.fromCertificate(node))
                .contains(SpiffeId.node(TestPki.TRUST_DOMAIN, RegionName.of("us-east"), NodeId.of("gw-1")));
    }

    @Test
    void aCertificateWithoutAStraitIdHasNone() {
        assertThat(SpiffeIds.fromCertificate(leaf())).isEmpty();
        assertThat(SpiffeIds.fromCertificate(leaf(SubjectAltName.dns("localhost")))).isEmpty();
        assertThat(SpiffeIds.fromCertificate(leaf(SubjectAltName.uri("spiffe://strait.test/ns/default/sa/x")))).isEmpty();
        assertThat(SpiffeIds.fromCertificate(leaf(SubjectAltName.uri("https://strait.test/region/a/node/b")))).isEmpty();
    }

    @Test
    void twoSpiffeIdsAreAmbiguousAndCountAsNone() {
        X509Certificate twoIds = leaf(SubjectAltName.uri("spiffe://strait.test/region/a/node/b"),
                SubjectAltName.uri("spiffe://strait.test/region/a/node/c"));

        assertThat(SpiffeIds.fromCertificate(twoIds)).isEmpty();
    }

    @Test
    void aSessionWithoutPeerCertificatesHasNone() {
        assertThat(SpiffeIds.fromSession(null)).isEmpty();
    }

    private X509Certificate leaf(SubjectAltName... names) {
        return pki.intermediate()
                .issueLeaf(LeafSpec.of(DistinguishedNames.of("test"), TestPki.validFor(Duration.ofHours(1)), names))
                .certificate();
    }
}

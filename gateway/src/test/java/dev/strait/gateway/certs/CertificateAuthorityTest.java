package dev.strait.gateway.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.TlsFiles;
import dev.strait.gateway.tls.PemFiles;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path directory;

    @Test
    void aLeafOfAnUnrelatedCaDoesNotValidateToOurRoot() {
        TestPki ours = TestPki.create();
        TestPki theirs = TestPki.unrelated();
        IssuedCertificate foreign = theirs.node("us-east", "gw-1");

        assertThat(foreign.spiffeId()).isPresent();
        assertThatThrownBy(() -> FederationCertificatesTest.validate(foreign.chain(), ours.root().certificate(), Instant.now()))
                .isInstanceOf(CertPathValidatorException.class);
        assertThat(ours.intermediate().signed(foreign.certificate())).isFalse();
        assertThat(theirs.intermediate().signed(foreign.certificate())).isTrue();
    }

    @Test
    void aLeafMayCarryNoSubjectAltNameAtAll() throws Exception {
        IssuedCertificate bare = TestPki.create().intermediate()
                .issueLeaf(LeafSpec.of(DistinguishedNames.of("nowhere"), TestPki.validFor(Duration.ofHours(1))));

        assertThat(bare.certificate().getSubjectAlternativeNames()).isNull();
        assertThat(bare.spiffeId()).isEmpty();
    }

    @Test
    void aLeafDirectlyUnderTheRootHasAChainOfOne() throws Exception {
        CertificateAuthority root = TestPki.create().root();
        IssuedCertificate leaf = root.issueLeaf(LeafSpec.of(DistinguishedNames.of("x"), TestPki.validFor(Duration.ofHours(1)),
                SubjectAltName.uri("spiffe://strait.test/region/a/service/b")));

        assertThat(leaf.chain()).containsExactly(leaf.certificate());
        assertThat(leaf.root()).isEqualTo(root.certificate());
        FederationCertificatesTest.validate(leaf.chain(), root.certificate(), Instant.now());
    }

    @Test
    void writtenCasLoadBackAndCheckTheirIssuer() {
        TestPki pki = TestPki.create();
        pki.root().writePem(directory.resolve("root.pem"), directory.resolve("root.key"));
        pki.intermediate().writePem(directory.resolve("int.pem"), directory.resolve("int.key"));

        CertificateAuthority root = CertificateAuthority.load(directory.resolve("root.pem"), directory.resolve("root.key"));
        CertificateAuthority intermediate = CertificateAuthority.load(directory.resolve("int.pem"), directory.resolve("int.key"), root);

        assertThat(root.certificate()).isEqualTo(pki.root().certificate());
        assertThat(intermediate.chain()).containsExactly(pki.intermediate().certificate(), pki.root().certificate());
        assertThat(intermediate.privateKey().getEncoded()).isEqualTo(pki.intermediate().privateKey().getEncoded());
        CertificateAuthority stranger = TestPki.unrelated().root();
        assertThatThrownBy(() -> CertificateAuthority.load(directory.resolve("int.pem"), directory.resolve("int.key"), stranger))
                .isInstanceOf(CertificateIssuanceException.class)
                .hasMessageContaining("was not issued by");
        assertThatThrownBy(() -> CertificateAuthority.load(directory.resolve("int.pem"), directory.resolve("int.key")))
                .isInstanceOf(CertificateIssuanceException.class)
                .hasMessageContaining("not a self-signed root");
    }

    @Test
    void anIssuedLeafWritesCertChainAndKey() {
        TestPki pki = TestPki.create();
        IssuedCertificate leaf = pki.service("us-east", "payments");
        var files = new TlsFiles(directory.resolve("p/chain.pem"), directory.resolve("p/key.pem"), directory.resolve("root.pem"));

        leaf.writePem(files);

        assertThat(PemFiles.readCertificates(files.certificateChain())).containsExactlyElementsOf(leaf.chain());
        assertThat(PemFiles.readCertificates(CertificateLayout.leafOf(files))).containsExactly(leaf.certificate());
        assertThat(PemFiles.readPrivateKey(files.privateKey()).getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
    }

    @Test
    void aCaKeyThatDoesNotMatchItsCertificateIsRefused() {
        TestPki pki = TestPki.create();
        pki.root().writePem(directory.resolve("root.pem"), directory.resolve("root.key"));
        PemFiles.writePrivateKey(directory.resolve("root.key"), TestPki.unrelated().root().privateKey());

        assertThatThrownBy(() -> CertificateAuthority.load(directory.resolve("root.pem"), directory.resolve("root.key")))
                .isInstanceOf(CertificateIssuanceException.class)
                .hasMessageContaining("is not the key of");
    }
}

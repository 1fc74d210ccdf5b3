package dev.strait.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.certs.TestPki;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path directory;

    private final TestPki pki = TestPki.create();

    @Test
    void loadsChainKeyAndTrustBundleIntoKeyStores() throws Exception {
        IssuedCertificate payments = pki.service("us-east", "payments");
        TlsFiles files = write(payments);

        TlsMaterial material = TlsMaterial.load(files);

        assertThat(material.chain()).containsExactlyElementsOf(payments.chain());
        assertThat(material.keyStore().getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(material.keyStore().getCertificateChain(TlsMaterial.ALIAS)).containsExactly(
                payments.certificate(), pki.intermediate().certificate());
        assertThat(((PrivateKey) material.keyStore().getKey(TlsMaterial.ALIAS, material.password().toCharArray())).getEncoded())
                .isEqualTo(payments.privateKey().getEncoded());
        assertThat(material.trustStore().size()).isEqualTo(1);
        assertThat(material.trustStore().getCertificate(material.trustStore().aliases().nextElement()))
                .isEqualTo(pki.root().certificate());
        assertThat(material.spiffeId()).contains(
                SpiffeId.service(TestPki.TRUST_DOMAIN, RegionName.of("us-east"), ServiceName.of("payments")));
        assertThat(material.toString()).doesNotContain(material.password());
        assertThat(material.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TlsFiles files = write(pki.service("us-east", "payments"));
        IssuedCertificate other = pki.service("us-east", "orders");
        PemFiles.writePrivateKey(files.privateKey(), other.privateKey());

        assertThatThrownBy(() -> TlsMaterial.load(files))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining("is not the key of the first certificate");
    }

    @Test
    void aMissingOrEmptyFileIsNamed() throws Exception {
        TlsFiles files = write(pki.service("us-east", "payments"));
        Files.writeString(files.trustBundle(), "not a certificate\n");

        assertThatThrownBy(() -> TlsMaterial.load(files))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(files.trustBundle().toString());
        Files.delete(files.privateKey());
        assertThatThrownBy(() -> TlsMaterial.load(files))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(files.privateKey().toString());
    }

    @Test
    void trustStoresHoldEveryRootOfABundle() throws Exception {
        X509Certificate ours = pki.root().certificate();
        X509Certificate theirs = TestPki.unrelated().root().certificate();
        Path bundle = directory.resolve("bundle.pem");
        PemFiles.writeCertificates(bundle, List.of(ours, theirs));

        assertThat(TlsMaterial.loadTrustStore(bundle).size()).isEqualTo(2);
    }

    private TlsFiles write(IssuedCertificate leaf) {
        Path root = directory.resolve("root.pem");
        PemFiles.writeCertificates(root, List.of(pki.root().certificate()));
        return leaf.writePem(new TlsFiles(directory.resolve("leaf/chain.pem"), directory.resolve("leaf/key.pem"), root));
    }
}

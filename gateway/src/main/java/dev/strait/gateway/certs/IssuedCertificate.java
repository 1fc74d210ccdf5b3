package dev.strait.gateway.certs;

import dev.strait.gateway.tls.PemFiles;
import dev.strait.policy.model.SpiffeIds;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A freshly issued end-entity certificate with its key.
 *
 * @param certificate the leaf
 * @param privateKey  its private key
 * @param chain       the leaf followed by its intermediates (without the root), as sent in a handshake
 * @param root        the root CA certificate that peers must trust
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain, X509Certificate root) {
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(root, "root");
        chain = List.copyOf(chain);
    }

    /** The SPIFFE ID in its URI SAN, if it has a Strait-shaped one. */
    public Optional<SpiffeId> spiffeId() {
        return SpiffeIds.fromCertificate(certificate);
    }

    /** In-memory TLS material presenting this certificate and trusting its root. */
    public TlsMaterial tlsMaterial() {
        return TlsMaterial.of(privateKey, chain, List.of(root));
    }

    /**
     * Writes the chain and (owner-only) key to {@code files}, and the leaf alone to {@code cert.pem}
     * beside the chain ({@link CertificateLayout#leafOf}). The trust bundle is not written.
     */
    public TlsFiles writePem(TlsFiles files) {
        PemFiles.writePrivateKey(files.privateKey(), privateKey);
        PemFiles.writeCertificates(CertificateLayout.leafOf(files), List.of(certificate));
        PemFiles.writeCertificates(files.certificateChain(), chain);
        return files;
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + certificate.getSubjectX500Principal() + "]";
    }
}

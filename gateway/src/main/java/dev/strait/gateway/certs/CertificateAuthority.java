package dev.strait.gateway.certs;

import dev.strait.gateway.tls.KeyPairCheck;
import dev.strait.gateway.tls.PemFiles;
import dev.strait.gateway.tls.TlsMaterialException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate authority that can sign: its certificate, its private key and the chain up to the
 * root. The federation's root and each region's intermediate are instances; so is any unrelated CA
 * that a test makes to prove a peer is refused.
 *
 * @param certificate this CA's certificate
 * @param privateKey  this CA's private key
 * @param chain       this CA's certificate, then its issuer's, up to and including the self-signed root
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty() || !chain.getFirst().equals(certificate)) {
            throw new IllegalArgumentException("chain must start with the CA's own certificate");
        }
    }

    /** A new self-signed root CA with a fresh EC P-256 key. */
    public static CertificateAuthority newRoot(X500Principal subject, Validity validity) {
        KeyPair keys = CertificateSigner.newKeyPair();
        X509Certificate certificate = CertificateSigner.root(subject, keys, validity);
        return new CertificateAuthority(certificate, keys.getPrivate(), List.of(certificate));
    }

    /** Loads a root CA from its certificate and key PEM files. */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) {
        X509Certificate certificate = readCertificate(certificateFile);
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            throw new CertificateIssuanceException(certificateFile + " is not a self-signed root CA certificate");
        }
        return new CertificateAuthority(certificate, readKey(keyFile, certificate), List.of(certificate));
    }

    /** Loads a CA issued by {@code issuer}, checking that {@code issuer} really signed it. */
    public static CertificateAuthority load(Path certificateFile, Path keyFile, CertificateAuthority issuer) {
        X509Certificate certificate = readCertificate(certificateFile);
        if (!issuer.signed(certificate)) {
            throw new CertificateIssuanceException(certificateFile + " was not issued by "
                    + issuer.certificate().getSubjectX500Principal()
                    + " (the CA was replaced; re-issue with 'strait certs init --force')");
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new CertificateAuthority(certificate, readKey(keyFile, certificate), chain);
    }

    /** A CA under this one that may issue leaves only (path length 0), with a fresh key. */
    public CertificateAuthority issueIntermediate(X500Principal subject, Validity validity) {
        KeyPair keys = CertificateSigner.newKeyPair();
        X509Certificate issued = CertificateSigner.intermediate(certificate, privateKey, subject, keys.getPublic(), validity);
        List<X509Certificate> issuedChain = new ArrayList<>();
        issuedChain.add(issued);
        issuedChain.addAll(chain);
        return new CertificateAuthority(issued, keys.getPrivate(), issuedChain);
    }

    /** An end-entity certificate with a fresh EC P-256 key, for TLS servers and clients. */
    public IssuedCertificate issueLeaf(LeafSpec spec) {
        KeyPair keys = CertificateSigner.newKeyPair();
        X509Certificate leaf = CertificateSigner.leaf(certificate, privateKey, spec, keys.getPublic());
        List<X509Certificate> leafChain = new ArrayList<>();
        leafChain.add(leaf);
        // The root is left out: a peer must already hold it, and sending it proves nothing.
        leafChain.addAll(chain.subList(0, chain.size() - 1));
        return new IssuedCertificate(leaf, keys.getPrivate(), leafChain, root());
    }

    /** The self-signed root this CA chains to (itself, for a root). */
    public X509Certificate root() {
        return chain.getLast();
    }

    /** Whether this CA's key signed {@code issued}. */
    public boolean signed(X509Certificate issued) {
        if (!issued.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            issued.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Writes this CA's certificate and (owner-only) private key as PEM. */
    public void writePem(Path certificateFile, Path keyFile) {
        PemFiles.writePrivateKey(keyFile, privateKey);
        PemFiles.writeCertificates(certificateFile, List.of(certificate));
    }

    @Override
    public String toString() {
        // Keeps the key out of logs.
        return "CertificateAuthority[" + certificate.getSubjectX500Principal() + "]";
    }

    private static X509Certificate readCertificate(Path file) {
        try {
            return PemFiles.readCertificates(file).getFirst();
        } catch (TlsMaterialException e) {
            throw new CertificateIssuanceException(e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file, X509Certificate certificate) {
        if (!Files.exists(file)) {
            throw new CertificateIssuanceException(file + " is missing, so the CA beside it cannot sign (restore the key, "
                    + "or replace the whole CA with 'strait certs init --force', after which every issued certificate must be "
                    + "re-distributed)");
        }
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(file);
        } catch (TlsMaterialException e) {
            throw new CertificateIssuanceException(e.getMessage(), e);
        }
        if (!KeyPairCheck.matches(key, certificate.getPublicKey())) {
            throw new CertificateIssuanceException(file + " is not the key of " + certificate.getSubjectX500Principal()
                    + " (restore the matching key, or replace the CA with 'strait certs init --force')");
        }
        return key;
    }
}

package dev.strait.gateway.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes EC P-256 key pairs and signs X.509 v3 certificates with BouncyCastle's builders. Signing
 * itself goes through the JDK's providers, so no BouncyCastle provider is registered.
 */
final class CertificateSigner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {}

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CertificateIssuanceException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    /** A self-signed CA certificate with no path length limit. */
    static X509Certificate root(X500Principal subject, KeyPair keys, Validity validity) {
        try {
            var builder = builder(subject, subject, keys.getPublic(), validity);
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CertificateIssuanceException("cannot issue root CA " + subject + ": " + e.getMessage(), e);
        }
    }

    /** A CA certificate that may sign leaves only (path length 0). */
    static X509Certificate intermediate(
            X509Certificate issuer, PrivateKey issuerKey, X500Principal subject, PublicKey subjectKey, Validity validity) {
        try {
            var builder = builder(issuer.getSubjectX500Principal(), subject, subjectKey, validity);
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
            return sign(builder, issuerKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CertificateIssuanceException("cannot issue intermediate CA " + subject + ": " + e.getMessage(), e);
        }
    }

    /** An end-entity certificate usable by both sides of a TLS connection. */
    static X509Certificate leaf(X509Certificate issuer, PrivateKey issuerKey, LeafSpec spec, PublicKey subjectKey) {
        try {
            var builder = builder(issuer.getSubjectX500Principal(), spec.subject(), subjectKey, spec.validity());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            if (!spec.subjectAltNames().isEmpty()) {
                // RFC 5280 4.2.1.6: the SAN extension is critical when the subject is empty.
                boolean critical = spec.subject().getEncoded().length <= 2;
                builder.addExtension(Extension.subjectAlternativeName, critical, generalNames(spec.subjectAltNames()));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(issuer));
            return sign(builder, issuerKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CertificateIssuanceException("cannot issue certificate " + spec.subject() + ": " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(
            X500Principal issuer, X500Principal subject, PublicKey subjectKey, Validity validity) {
        // 127 random bits: positive, unique in practice, and within the 20 octets RFC 5280 allows.
        BigInteger serial = new BigInteger(127, RANDOM).setBit(126);
        return new JcaX509v3CertificateBuilder(issuer, serial,
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, subjectKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) throws GeneralSecurityException {
        try {
            String algorithm = "RSA".equals(issuerKey.getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
            var signer = new JcaContentSignerBuilder(algorithm).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static GeneralNames generalNames(List<SubjectAltName> names) {
        return new GeneralNames(names.stream()
                .map(name -> switch (name) {
                    case SubjectAltName.Uri uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri.value());
                    case SubjectAltName.Dns dns -> new GeneralName(GeneralName.dNSName, dns.value());
                    case SubjectAltName.Ip ip -> new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.value().getAddress()));
                })
                .toArray(GeneralName[]::new));
    }
}

package dev.strait.gateway.certs;

import dev.strait.gateway.tls.KeyPairCheck;
import dev.strait.gateway.tls.PemFiles;
import dev.strait.gateway.tls.TlsMaterialException;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.TlsFiles;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decides whether a leaf already on disk can be kept instead of being issued again. */
final class ExistingLeaf {
    private ExistingLeaf() {}

    /**
     * Whether {@code files} hold a complete leaf signed by {@code issuer}, with its own key, valid at
     * {@code now}, with the subject and SANs that {@code wanted} asks for (so a changed host in the
     * config re-issues it).
     */
    static boolean isCurrent(TlsFiles files, CertificateAuthority issuer, LeafSpec wanted, Instant now) {
        if (!Files.isRegularFile(files.certificateChain()) || !Files.isRegularFile(files.privateKey())
                || !Files.isRegularFile(CertificateLayout.leafOf(files))) {
            return false;
        }
        X509Certificate leaf;
        PrivateKey key;
        try {
            leaf = PemFiles.readCertificates(files.certificateChain()).getFirst();
            key = PemFiles.readPrivateKey(files.privateKey());
        } catch (TlsMaterialException e) {
            // A damaged leaf is replaced; only the root is precious.
            return false;
        }
        return issuer.signed(leaf)
                && KeyPairCheck.matches(key, leaf.getPublicKey())
                && new Validity(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant()).contains(now)
                && leaf.getSubjectX500Principal().equals(wanted.subject())
                && sanKeys(leaf).equals(sanKeys(wanted.subjectAltNames()));
    }

    private static Set<String> sanKeys(List<SubjectAltName> names) {
        Set<String> keys = new HashSet<>();
        for (SubjectAltName name : names) {
            keys.add(switch (name) {
                case SubjectAltName.Uri uri -> "uri:" + uri.value();
                case SubjectAltName.Dns dns -> "dns:" + dns.value();
                case SubjectAltName.Ip ip -> "ip:" + ip.value().getHostAddress();
            });
        }
        return keys;
    }

    private static Set<String> sanKeys(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        Set<String> keys = new HashSet<>();
        if (names == null) {
            return keys;
        }
        for (List<?> name : names) {
            String value = String.valueOf(name.get(1));
            switch ((Integer) name.get(0)) {
                case 6 -> keys.add("uri:" + value);
                case 2 -> keys.add("dns:" + value);
                // The JDK spells IPv6 addresses in full; parsing normalises both sides.
                case 7 -> keys.add("ip:" + InetAddress.ofLiteral(value).getHostAddress());
                default -> keys.add("other:" + value);
            }
        }
        return keys;
    }
}

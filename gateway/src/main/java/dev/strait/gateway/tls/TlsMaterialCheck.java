package dev.strait.gateway.tls;

import dev.strait.policy.model.SpiffeId;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether new TLS material read from disk may replace the material a node runs with.
 * {@link TlsMaterial#load} already checks that the files parse and that the key is the leaf's;
 * this adds what a peer would otherwise find out in a failed handshake: the leaf is valid now, it
 * names the same SPIFFE ID, and its chain leads to one of the roots of the new trust bundle (so a
 * certificate issued under a new root is refused until that root is in the bundle).
 */
public final class TlsMaterialCheck {
    private TlsMaterialCheck() {}

    /**
     * Checks {@code candidate} against the {@code current} material at {@code now}.
     *
     * @throws TlsMaterialException naming what is wrong and what is expected
     */
    public static void check(TlsMaterial candidate, TlsMaterial current, Instant now) {
        X509Certificate leaf = candidate.leaf();
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new TlsMaterialException("the new certificate " + describe(leaf) + " is not valid at " + now
                    + " (expected: a certificate valid from " + leaf.getNotBefore().toInstant() + " to "
                    + leaf.getNotAfter().toInstant() + " to include now)", e);
        }
        Optional<SpiffeId> was = current.spiffeId();
        if (was.isPresent() && !was.equals(candidate.spiffeId())) {
            throw new TlsMaterialException("the new certificate " + describe(leaf) + " names "
                    + candidate.spiffeId().map(SpiffeId::uri).orElse("no SPIFFE ID") + " (expected: " + was.get().uri()
                    + ", the identity this node runs as)");
        }
        List<X509Certificate> roots = candidate.trustedCertificates();
        try {
            validate(candidate.chain(), roots, now);
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("the new certificate " + describe(leaf) + " does not lead to a root of the new trust bundle: "
                    + e.getMessage() + " (expected: its chain ends at one of " + roots.size()
                    + " trusted roots; when rotating roots, add the new root to every trust bundle before issuing under it)", e);
        }
    }

    /** Serial and subject, the way the log names a certificate; never anything secret. */
    public static String describe(X509Certificate certificate) {
        return "serial " + certificate.getSerialNumber().toString(16) + " (" + certificate.getSubjectX500Principal().getName() + ")";
    }

    private static void validate(List<X509Certificate> chain, List<X509Certificate> roots, Instant now) throws GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        // A chain file may end with the root itself; the anchor is not part of the path.
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && roots.contains(path.getLast())) {
            path.removeLast();
        }
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters parameters = new PKIXParameters(anchors);
        // Strait has no revocation lists; expiry and signatures are what handshakes check too.
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    }
}

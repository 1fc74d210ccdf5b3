package dev.strait.policy.model;

import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads the Strait SPIFFE ID that a certificate (or a TLS peer) carries in its URI SAN. */
public final class SpiffeIds {
    private static final int URI_SAN = 6;

    private SpiffeIds() {}

    /**
     * The certificate's SPIFFE ID when it has exactly one {@code spiffe://} URI SAN of a Strait shape.
     * A certificate with two SPIFFE URIs is ambiguous, and the SPIFFE X.509-SVID spec forbids it, so
     * it has none.
     */
    public static Optional<SpiffeId> fromCertificate(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
        if (names == null) {
            return Optional.empty();
        }
        List<String> uris = names.stream()
                .filter(san -> san.size() == 2 && Integer.valueOf(URI_SAN).equals(san.get(0)))
                .map(san -> String.valueOf(san.get(1)))
                .filter(uri -> uri.startsWith("spiffe://"))
                .toList();
        return uris.size() == 1 ? SpiffeId.parse(uris.getFirst()) : Optional.empty();
    }

    /** The SPIFFE ID of the peer's leaf certificate in a TLS session; empty when the peer sent none. */
    public static Optional<SpiffeId> fromSession(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? fromCertificate(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}

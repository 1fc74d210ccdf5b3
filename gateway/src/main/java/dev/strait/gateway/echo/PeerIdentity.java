package dev.strait.gateway.echo;

import dev.strait.policy.model.SpiffeIds;
import dev.strait.policy.model.SpiffeId;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;

/** The SPIFFE ID of the client certificate a request arrived with. */
final class PeerIdentity {
    private PeerIdentity() {}

    /** Empty for plaintext, for TLS without a client certificate, and for certificates without a Strait SPIFFE ID. */
    static Optional<SpiffeId> of(Request request) {
        // Set by SecureRequestCustomizer on TLS connections.
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData session) {
            X509Certificate[] chain = session.peerCertificates();
            if (chain != null && chain.length > 0) {
                return SpiffeIds.fromCertificate(chain[0]);
            }
        }
        return Optional.empty();
    }
}

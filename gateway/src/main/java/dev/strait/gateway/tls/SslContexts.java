package dev.strait.gateway.tls;

import dev.strait.policy.model.SpiffeIds;
import dev.strait.policy.model.SpiffeId;
import java.security.KeyStore;
import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty TLS configurations for Strait listeners and clients: TLS 1.3 and 1.2 only, PKIX
 * chain and expiry checks against the trust store, and peers identified by SPIFFE ID rather than
 * host name.
 */
public final class SslContexts {
    // Listed highest first: the JDK then negotiates TLS 1.3 with every peer that speaks it.
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private SslContexts() {}

    /** A server presenting {@code material}'s identity and verifying clients against its trust store. */
    public static SslContextFactory.Server server(TlsMaterial material, ClientAuth clientAuth) {
        Objects.requireNonNull(clientAuth, "clientAuth");
        var factory = new SslContextFactory.Server();
        factory.setKeyStore(material.keyStore());
        factory.setKeyStorePassword(material.password());
        factory.setCertAlias(TlsMaterial.ALIAS);
        factory.setTrustStore(material.trustStore());
        factory.setIncludeProtocols(PROTOCOLS);
        // HTTP/2 over TLS 1.2 forbids many cipher suites; this puts the allowed ones first.
        factory.setCipherComparator(HTTP2Cipher.COMPARATOR);
        factory.setRenegotiationAllowed(false);
        factory.setNeedClientAuth(clientAuth == ClientAuth.NEED);
        factory.setWantClientAuth(clientAuth == ClientAuth.WANT);
        return factory;
    }

    /**
     * A client presenting {@code identity} (mutual TLS) that accepts a server only when its chain
     * leads to {@code identity}'s trust store and its SPIFFE ID passes {@code acceptPeer}.
     */
    public static SslContextFactory.Client client(TlsMaterial identity, Predicate<SpiffeId> acceptPeer) {
        SslContextFactory.Client factory = client(identity.trustStore(), acceptPeer);
        factory.setKeyStore(identity.keyStore());
        factory.setKeyStorePassword(identity.password());
        factory.setCertAlias(TlsMaterial.ALIAS);
        return factory;
    }

    /** A client without an identity of its own (plain TLS), verifying the server as above. */
    public static SslContextFactory.Client client(KeyStore trustStore, Predicate<SpiffeId> acceptPeer) {
        Objects.requireNonNull(acceptPeer, "acceptPeer");
        var factory = new SpiffeVerifyingClient();
        // Set explicitly: without it Jetty would fall back to trusting the key store.
        factory.setTrustStore(trustStore);
        factory.setIncludeProtocols(PROTOCOLS);
        factory.setRenegotiationAllowed(false);
        // Peers are named by SPIFFE ID, not by the host they are reached at, so the host-name check
        // is replaced by the SPIFFE check; the chain and expiry are still verified by PKIX.
        factory.setEndpointIdentificationAlgorithm(null);
        factory.setHostnameVerifier((host, session) -> SpiffeIds.fromSession(session).filter(acceptPeer).isPresent());
        return factory;
    }

    /**
     * Makes {@code factory} (built by this class) hand out {@code material} from its next handshake
     * on: its identity when it presents one, and always its trust store. Connections already open
     * keep the material they were set up with.
     */
    public static void reload(SslContextFactory factory, TlsMaterial material) {
        try {
            factory.reload(reloaded -> {
                if (reloaded.getKeyStore() != null) {
                    reloaded.setKeyStore(material.keyStore());
                    reloaded.setKeyStorePassword(material.password());
                }
                reloaded.setTrustStore(material.trustStore());
            });
        } catch (Exception e) {
            throw new TlsMaterialException("cannot reload a TLS setup with " + material + ": " + e.getMessage(), e);
        }
    }

    /** A client factory that does not warn about the host-name check it deliberately replaces. */
    private static final class SpiffeVerifyingClient extends SslContextFactory.Client {
        @Override
        protected void checkEndPointIdentificationAlgorithm() {
            // The hostname verifier checks the SPIFFE ID instead.
        }
    }
}

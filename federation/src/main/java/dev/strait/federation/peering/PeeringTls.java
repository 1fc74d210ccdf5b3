package dev.strait.federation.peering;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.SpiffeIds;
import dev.strait.policy.model.TrustDomain;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The node's identity for federation streams: its gateway certificate and key, and the roots it
 * trusts. Servers require a client certificate (which gateway is calling is checked per call);
 * clients accept only a gateway node of the region they mean to reach, by SPIFFE ID rather than
 * host name.
 *
 * <p>The identity can be replaced while streams run ({@link #reload}): the server and every
 * client context made here ask for the current key and roots at each handshake, so new
 * connections use the new certificate and trust bundle while established streams keep theirs.
 */
public final class PeeringTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Generation> current = new AtomicReference<>();
    // The generation before the current one: a handshake that chose its alias just before a reload still finds its key.
    private final AtomicReference<Generation> previous = new AtomicReference<>();
    private final X509ExtendedKeyManager keys = new CurrentKeys();
    private final X509ExtendedTrustManager pkix = new CurrentRoots();

    /**
     * The identity {@code key} and {@code chain} (leaf first), trusting {@code roots}.
     *
     * @throws SSLException when the key and chain cannot be used as a TLS identity
     */
    public PeeringTls(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) throws SSLException {
        current.set(generation(key, chain, roots));
    }

    /**
     * Makes new handshakes, of the server and of every client, present {@code chain} and trust
     * only {@code roots}; established streams keep what they negotiated. Nothing changes when
     * this throws.
     *
     * @throws SSLException when the key and chain cannot be used as a TLS identity
     */
    public void reload(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) throws SSLException {
        Generation next = generation(key, chain, roots);
        previous.set(current.getAndSet(next));
    }

    SslContext server() throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
                .trustManager(pkix)
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS)
                .build();
    }

    /** A client context that accepts only gateway nodes of {@code region} in {@code trustDomain}. */
    SslContext clientFor(TrustDomain trustDomain, RegionName region) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(keys)
                .trustManager(new GatewayOf(pkix, trustDomain, region))
                .protocols(PROTOCOLS)
                .build();
    }

    /**
     * One version of the identity. Each has its own key alias, so a handshake never pairs one
     * version's certificate with another's key.
     */
    private record Generation(String alias, X509ExtendedKeyManager keys, X509ExtendedTrustManager pkix) {}

    private Generation generation(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) throws SSLException {
        if (chain.isEmpty() || roots.isEmpty()) {
            throw new SSLException("a federation identity has " + chain.size() + " certificate(s) and " + roots.size()
                    + " trusted root(s) (expected: a chain starting with the node's certificate, and at least one root)");
        }
        String alias = "federation-" + generations.incrementAndGet();
        try {
            char[] password = new char[0];
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry(alias, key, password, chain.toArray(X509Certificate[]::new));
            // SunX509 names keys by their entry alias, which keeps generations apart (PKIX's aliases do not say which store).
            KeyManagerFactory keyFactory = KeyManagerFactory.getInstance("SunX509");
            keyFactory.init(identity, password);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trusted.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustFactory.init(trusted);
            return new Generation(alias, only(X509ExtendedKeyManager.class, keyFactory.getKeyManagers()),
                    only(X509ExtendedTrustManager.class, trustFactory.getTrustManagers()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SSLException("cannot build the federation key and trust stores for "
                    + chain.getFirst().getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    private static <T> T only(Class<T> type, Object[] managers) throws SSLException {
        for (Object manager : managers) {
            if (type.isInstance(manager)) {
                return type.cast(manager);
            }
        }
        throw new SSLException("the JDK offers no " + type.getSimpleName());
    }

    /** The generation that issued {@code alias}: the current one, or the one just replaced. */
    private Optional<Generation> owner(String alias) {
        for (Generation generation : new Generation[] {current.get(), previous.get()}) {
            if (generation != null && generation.alias().equals(alias)) {
                return Optional.of(generation);
            }
        }
        return Optional.empty();
    }

    /** Presents the current generation's certificate. */
    private final class CurrentKeys extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return current.get().keys().getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return current.get().keys().chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return current.get().keys().chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return current.get().keys().getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return current.get().keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return current.get().keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return owner(alias).map(g -> g.keys().getCertificateChain(alias)).orElse(null);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return owner(alias).map(g -> g.keys().getPrivateKey(alias)).orElse(null);
        }
    }

    /** Checks chains against the current generation's roots. */
    private final class CurrentRoots extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.get().pkix().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            current.get().pkix().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            current.get().pkix().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.get().pkix().checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            current.get().pkix().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            current.get().pkix().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return current.get().pkix().getAcceptedIssuers();
        }
    }

    /** Checks the chain against the roots, then that its leaf is a gateway node of the expected region. */
    private static final class GatewayOf extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final TrustDomain trustDomain;
        private final RegionName region;

        GatewayOf(X509ExtendedTrustManager pkix, TrustDomain trustDomain, RegionName region) {
            this.pkix = pkix;
            this.trustDomain = trustDomain;
            this.region = region;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // The two-argument check skips host-name identification on purpose: peers are named by SPIFFE ID.
            pkix.checkServerTrusted(chain, authType);
            Optional<SpiffeId> id = SpiffeIds.fromCertificate(chain[0]);
            boolean expected = id.orElse(null) instanceof SpiffeId.Node node
                    && node.trustDomain().equals(trustDomain) && node.region().equals(region);
            if (!expected) {
                throw new CertificateException("the federation endpoint presented " + id.map(SpiffeId::uri).orElse("no SPIFFE ID")
                        + ", not a gateway node of region '" + region + "' in trust domain '" + trustDomain + "'");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a federation client context does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}

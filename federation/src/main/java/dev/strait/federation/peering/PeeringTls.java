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
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The node's identity for federation streams: its gateway certificate and key, and the roots it
 * trusts. Servers require a client certificate (which gateway is calling is checked per call);
 * clients accept only a gateway node of the region they mean to reach, by SPIFFE ID rather than
 * host name.
 */
public record PeeringTls(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> roots) {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    public PeeringTls {
        chain = List.copyOf(chain);
        roots = List.copyOf(roots);
    }

    SslContext server() throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forServer(key, chain), SslProvider.JDK)
                .trustManager(pkix())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS)
                .build();
    }

    /** A client context that accepts only gateway nodes of {@code region} in {@code trustDomain}. */
    SslContext clientFor(TrustDomain trustDomain, RegionName region) throws SSLException {
        return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(key, chain)
                .trustManager(new GatewayOf(pkix(), trustDomain, region))
                .protocols(PROTOCOLS)
                .build();
    }

    private X509ExtendedTrustManager pkix() throws SSLException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                store.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new SSLException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SSLException("cannot build the federation trust store: " + e.getMessage(), e);
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

package dev.strait.gateway.tls;

import dev.strait.policy.model.SpiffeIds;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * An identity (private key and certificate chain) and the roots its peers must chain to, as
 * in-memory key stores ready for Jetty's {@code SslContextFactory} or a JDK {@link SSLContext}.
 *
 * @param keyStore   a PKCS#12 store holding the key and chain under {@link #ALIAS}
 * @param password   the store's (and the key entry's) password, random per instance
 * @param trustStore a PKCS#12 store of trusted root certificates
 * @param chain      the leaf certificate followed by its intermediates
 */
public record TlsMaterial(KeyStore keyStore, String password, KeyStore trustStore, List<X509Certificate> chain) {
    /** The alias of the identity entry in {@link #keyStore()}. */
    public static final String ALIAS = "identity";

    private static final SecureRandom RANDOM = new SecureRandom();

    public TlsMaterial {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(trustStore, "trustStore");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
    }

    /** Loads the chain, key and trust bundle PEM files, checking that the key belongs to the leaf. */
    public static TlsMaterial load(TlsFiles files) {
        List<X509Certificate> chain = PemFiles.readCertificates(files.certificateChain());
        PrivateKey key = PemFiles.readPrivateKey(files.privateKey());
        if (!KeyPairCheck.matches(key, chain.getFirst().getPublicKey())) {
            throw new TlsMaterialException(files.privateKey() + " is not the key of the first certificate in "
                    + files.certificateChain() + " (re-issue both with 'strait certs init', or fix the paths)");
        }
        return of(key, chain, PemFiles.readCertificates(files.trustBundle()));
    }

    /** Builds the material from values already in memory (tests, freshly issued certificates). */
    public static TlsMaterial of(PrivateKey key, List<X509Certificate> chain, Collection<X509Certificate> trusted) {
        String password = newPassword();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(ALIAS, key, password.toCharArray(), chain.toArray(X509Certificate[]::new));
            return new TlsMaterial(keyStore, password, trustStore(trusted), chain);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("cannot build a key store for " + chain.getFirst().getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#12 trust store holding {@code roots}. */
    public static KeyStore trustStore(Collection<X509Certificate> roots) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate root : roots) {
                store.setCertificateEntry("trusted-" + i++, root);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    /** A trust store of every certificate in a PEM bundle, for a client that has no identity of its own. */
    public static KeyStore loadTrustStore(Path bundle) {
        return trustStore(PemFiles.readCertificates(bundle));
    }

    /** The leaf (end-entity) certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The SPIFFE ID this identity presents, when its leaf carries one. */
    public Optional<SpiffeId> spiffeId() {
        return SpiffeIds.fromCertificate(leaf());
    }

    /** The private key of this identity. */
    public PrivateKey privateKey() {
        try {
            return (PrivateKey) keyStore.getKey(ALIAS, password.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot read the key from the key store: " + e.getMessage(), e);
        }
    }

    /** The certificates of the trust bundle. */
    public List<X509Certificate> trustedCertificates() {
        try {
            List<X509Certificate> roots = new java.util.ArrayList<>();
            for (String alias : java.util.Collections.list(trustStore.aliases())) {
                if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
                    roots.add(certificate);
                }
            }
            return roots;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot read the trust store: " + e.getMessage(), e);
        }
    }

    /** Key managers presenting this identity, for JDK and grpc-java clients. */
    public KeyManager[] keyManagers() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keyStore, password.toCharArray());
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot use the key store: " + e.getMessage(), e);
        }
    }

    /** PKIX trust managers for {@link #trustStore()}; they check expiry and the chain, not host names. */
    public TrustManager[] trustManagers() {
        return trustManagers(trustStore);
    }

    /** PKIX trust managers for any trust store. */
    public static TrustManager[] trustManagers(KeyStore trustStore) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trustStore);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot use the trust store: " + e.getMessage(), e);
        }
    }

    /**
     * A JDK SSL context presenting this identity and trusting {@link #trustStore()}, for
     * {@code java.net.http} clients. Note that the JDK client verifies host names, which the
     * certificate must then carry (Strait service and loopback node certificates do).
     */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsMaterialException("cannot build an SSL context: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        // Keeps the password out of logs.
        return "TlsMaterial[" + leaf().getSubjectX500Principal() + ", chain=" + chain.size() + "]";
    }

    private static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

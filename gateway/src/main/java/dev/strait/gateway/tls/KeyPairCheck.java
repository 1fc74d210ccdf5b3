package dev.strait.gateway.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** Tells whether a private key belongs to a certificate's public key, so mixed-up PEM files fail early with a clear message. */
public final class KeyPairCheck {
    private static final byte[] PROBE = "strait key check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {}

    /**
     * Whether a signature made with {@code privateKey} verifies with {@code publicKey}. Key types
     * other than EC and RSA are not checked (true); the TLS handshake still rejects a mismatch.
     */
    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A public key of another type ends here.
            return false;
        }
    }
}

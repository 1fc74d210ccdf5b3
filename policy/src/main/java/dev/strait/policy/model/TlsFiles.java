package dev.strait.policy.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PEM files of an identity.
 *
 * @param certificateChain the leaf certificate followed by its intermediate(s)
 * @param privateKey       the leaf's PKCS#8 private key
 * @param trustBundle      the root certificate(s) that peers' chains must lead to
 */
public record TlsFiles(Path certificateChain, Path privateKey, Path trustBundle) {
    public TlsFiles {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(trustBundle, "trustBundle");
    }
}

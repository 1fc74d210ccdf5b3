package dev.strait.federation.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The federation config a region has applied, as replicated text: every node parses the same
 * bytes, so every node routes by the same config.
 *
 * @param version increases by one with every applied config; 0 before the first
 * @param digest  SHA-256 of {@code yaml}, hex
 * @param yaml    the config file's text
 */
public record AppliedConfig(long version, String digest, String yaml) {
    public static final AppliedConfig NONE = new AppliedConfig(0, "", "");

    public AppliedConfig {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(yaml, "yaml");
    }

    /** The digest a config's text gets: SHA-256, hex. */
    public static String digestOf(String yaml) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(yaml.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}

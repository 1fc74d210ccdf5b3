package dev.strait.policy.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One endpoint (instance) of a service in its region.
 *
 * @param id       unique among the service's endpoints in the region
 * @param address  where the gateway reaches it
 * @param metadata labels such as {@code version: v1}, which traffic subsets select endpoints by; see
 *                 {@link #checkMetadata} for what keys and values may look like
 */
public record EndpointConfig(EndpointId id, HostPort address, Map<String, String> metadata) {
    /** The most metadata entries an endpoint may carry. */
    public static final int MAX_METADATA_ENTRIES = 64;
    /** The longest a metadata value may be. */
    public static final int MAX_METADATA_VALUE_LENGTH = 253;
    /** What a metadata key may look like, for messages. */
    public static final String KEY_RULE = "1-63 of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit";
    /** What a metadata value may look like, for messages. */
    public static final String VALUE_RULE = "at most " + MAX_METADATA_VALUE_LENGTH + " printable ASCII characters";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

    public EndpointConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        checkMetadata("endpoint '" + id.value() + "' metadata", metadata);
        // Config order is kept, so that what the admin API shows reads like the file.
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** An endpoint without metadata. */
    public EndpointConfig(EndpointId id, HostPort address) {
        this(id, address, Map.of());
    }

    /**
     * Checks labels that are, or are matched against, endpoint metadata: at most
     * {@link #MAX_METADATA_ENTRIES} entries, keys of {@link #KEY_RULE}, values of {@link #VALUE_RULE}.
     *
     * @param what what the map is, for the message, such as {@code subset 'v1' labels}
     * @throws IllegalArgumentException naming the first key or value that breaks the rules
     */
    public static void checkMetadata(String what, Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException(what + " has " + metadata.size() + " entries (expected: at most "
                    + MAX_METADATA_ENTRIES + ")");
        }
        metadata.forEach((key, value) -> {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(what + ": key '" + key + "' is not valid (expected: " + KEY_RULE + ")");
            }
            if (value == null || !isMetadataValue(value)) {
                throw new IllegalArgumentException(what + ": value of '" + key + "' is not valid (expected: "
                        + VALUE_RULE + ")");
            }
        });
    }

    private static boolean isMetadataValue(String value) {
        if (value.length() > MAX_METADATA_VALUE_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}

package dev.strait.gateway.certs;

/** What {@link FederationCertificates#issue} does with certificates already in the output directory. */
public enum ExistingCertificates {
    /**
     * Reuse the root CA (never replaced silently: peers already trust it); re-issue an intermediate
     * that is missing, expired or not signed by the root, and a leaf that is missing, expired, or
     * no longer says what the config asks for.
     */
    KEEP,
    /** Replace everything, root CA included ({@code --force}); every peer then needs the new root. */
    REPLACE
}

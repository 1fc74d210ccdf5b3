package dev.strait.policy.config;

/**
 * Abandons a document that exceeds one of the limits of a {@link GuardedParser} (for a config, the
 * {@link DocumentLimits}). It is unchecked because it
 * is thrown from inside snakeyaml-engine's composer; the loader turns it into one problem.
 */
public final class DocumentLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Position position;

    DocumentLimitException(Position position, String message) {
        super(message, null, false, false);
        this.position = position;
    }

    /** Where the document crossed the limit. */
    public Position position() {
        return position;
    }
}

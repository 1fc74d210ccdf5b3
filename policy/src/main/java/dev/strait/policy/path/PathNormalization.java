package dev.strait.policy.path;

import java.util.Objects;

/**
 * The outcome of {@link PathNormalizer#normalize(String)}: handle it with an exhaustive
 * {@code switch} over {@link Normalized} and {@link Rejected}.
 */
public sealed interface PathNormalization {
    /** The target was accepted; match and forward {@link #requestPath()}, never the raw target. */
    record Normalized(RequestPath requestPath) implements PathNormalization {
        public Normalized {
            Objects.requireNonNull(requestPath, "requestPath");
        }
    }

    /**
     * The target was refused; answer 400 {@code bad_request} and do not forward the request.
     *
     * @param message what was wrong and where (by index into the target), safe to log: it quotes
     *     only printable ASCII and names other characters by code point
     */
    record Rejected(PathRejection reason, String message) implements PathNormalization {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}

package dev.strait.policy.path;

import java.util.Objects;
import java.util.Optional;

/**
 * A request's normalized path and its query exactly as the client sent it: what authorization and
 * routing match, and what the upstream gets. Obtain one from {@link #normalize(String)} or a
 * {@link PathNormalizer}; the constructor refuses a path that is not already normalized, so a
 * {@code RequestPath} can be matched without normalizing again.
 *
 * <p>Paths are case-sensitive, and a segment with trailing dots is its own segment:
 * {@code /admin.} and {@code /admin..} are not {@code /admin}. A rule that protects {@code /admin}
 * must not assume that a server reads them the same way (some do, on some file systems).
 *
 * @param path the normalized path, starting with {@code /}
 * @param query the raw text after the first {@code ?}, untouched; empty when the target had no
 *     {@code ?} at all, and present but empty for a bare trailing {@code ?}
 */
public record RequestPath(String path, Optional<String> query) {
    public RequestPath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        TargetSyntax.requireNormalPath(path);
        query.ifPresent(TargetSyntax::requireQuery);
    }

    /** Normalizes an origin-form request-target with {@link PathNormalizer#strict()}. */
    public static PathNormalization normalize(String rawTarget) {
        return PathNormalizer.strict().normalize(rawTarget);
    }

    /** The request-target the upstream gets: the normalized path, then {@code ?} and the query if the client sent one. */
    public String target() {
        return query.map(q -> path + "?" + q).orElse(path);
    }

    @Override
    public String toString() {
        return target();
    }
}

package dev.strait.policy.path;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.path.PathNormalization.Normalized;
import dev.strait.policy.path.PathNormalizer.BackslashAction;
import dev.strait.policy.path.PathNormalizer.EscapedSlashAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random ASCII targets, built from the pieces bypasses are made of: whatever is accepted comes out
 * in normal form and means what a server that decodes everything and resolves dot segments would
 * have read in the raw target.
 */
class PathNormalizerPropertyTest {
    private static final long SEED = 0x5742A17L;
    private static final int TARGETS = 20_000;
    private static final String[] PIECES = {
        "/", "/", "/", "//", ".", ".", "..", "%2e", "%2E", "%2e%2E", "%2f", "%2F", "%5c", "%5C", "\\",
        "%41", "%61", "%3a", "%3A", "%25", "%252e", "%7e", "%00", "%", "%g", "a", "b", "Z", "~", "-", ";",
        ";x=1", "?", "=", "&", "#", " ", "admin", "admin.",
    };

    static Stream<PathNormalizer> normalizers() {
        PathNormalizer strict = PathNormalizer.strict();
        return Stream.of(
                strict,
                strict.withEscapedSlashes(EscapedSlashAction.KEEP_ESCAPED),
                strict.withBackslashes(BackslashAction.TREAT_AS_SLASH),
                strict.withEscapedSlashes(EscapedSlashAction.KEEP_ESCAPED).withBackslashes(BackslashAction.TREAT_AS_SLASH));
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void acceptedTargetsComeOutInNormalFormWithTheirMeaningKept(PathNormalizer normalizer) {
        Random random = new Random(SEED);
        int accepted = 0;
        for (int n = 0; n < TARGETS; n++) {
            String raw = randomTarget(random);
            if (!(normalizer.normalize(raw) instanceof Normalized(RequestPath result))) {
                continue;
            }
            accepted++;
            String path = result.path();
            int queryStart = raw.indexOf('?');
            String rawPath = queryStart < 0 ? raw : raw.substring(0, queryStart);
            boolean backslashIsSlash = normalizer.backslashes() == BackslashAction.TREAT_AS_SLASH;

            assertThat(path).as("from %s", raw).startsWith("/").doesNotContain("//", "\\");
            assertThat(path.split("/", -1)).as("from %s", raw).doesNotContain(".", "..");
            assertThat(path).as("from %s", raw).doesNotContainPattern("%[0-9A-F]?[a-f]");
            if (normalizer.escapedSlashes() == EscapedSlashAction.REJECT) {
                assertThat(path.toUpperCase()).as("from %s", raw).doesNotContain("%2F", "%5C");
            }
            assertThat(result.query()).as("from %s", raw)
                    .isEqualTo(queryStart < 0 ? Optional.empty() : Optional.of(raw.substring(queryStart + 1)));
            assertThat(normalizer.normalize(result.target())).as("normalizing %s again", result).isEqualTo(new Normalized(result));
            // A server that decodes and resolves reads the same route in the raw path and in ours...
            assertThat(route(path, false)).as("from %s", raw).isEqualTo(route(rawPath, backslashIsSlash));
            // ...and has nothing left to resolve in ours: no dot or empty segment appears once it is decoded.
            assertThat(decodedSegments(path)).as("from %s", raw).isEqualTo(route(path, false));
        }
        assertThat(accepted).as("accepted targets").isGreaterThan(TARGETS / 10);
    }

    private static String randomTarget(Random random) {
        StringBuilder target = new StringBuilder(random.nextInt(20) == 0 ? "" : "/");
        int pieces = random.nextInt(14);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(30) == 0) {
                target.append((char) random.nextInt(128));
            } else {
                target.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return target.toString();
    }

    /**
     * The segments a server reads: split at separators, each segment fully percent-decoded, empty
     * and {@code .} segments dropped, {@code ..} dropping the one before; a trailing {@code ""}
     * when the path ends as a directory.
     */
    private static List<String> route(String path, boolean backslashIsSlash) {
        String[] parts = path.split(backslashIsSlash ? "[/\\\\]" : "/", -1);
        List<String> segments = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String segment = decode(parts[i]);
            switch (segment) {
                case "", "." -> { }
                case ".." -> {
                    if (!segments.isEmpty()) {
                        segments.removeLast();
                    }
                }
                default -> segments.add(segment);
            }
        }
        String last = decode(parts[parts.length - 1]);
        if (last.isEmpty() || last.equals(".") || last.equals("..")) {
            segments.add("");
        }
        return segments;
    }

    private static List<String> decodedSegments(String path) {
        String[] parts = path.split("/", -1);
        List<String> segments = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            segments.add(decode(parts[i]));
        }
        return segments;
    }

    private static String decode(String segment) {
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                decoded.append((char) Integer.parseInt(segment, i + 1, i + 3, 16));
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }
}

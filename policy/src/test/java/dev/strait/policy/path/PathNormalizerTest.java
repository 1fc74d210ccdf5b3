package dev.strait.policy.path;

import static dev.strait.policy.path.PathRejection.BACKSLASH;
import static dev.strait.policy.path.PathRejection.DOT_SEGMENT_WITH_PARAMETERS;
import static dev.strait.policy.path.PathRejection.ENCODED_BACKSLASH;
import static dev.strait.policy.path.PathRejection.ENCODED_NUL;
import static dev.strait.policy.path.PathRejection.ENCODED_SLASH;
import static dev.strait.policy.path.PathRejection.FRAGMENT;
import static dev.strait.policy.path.PathRejection.ILLEGAL_CHARACTER;
import static dev.strait.policy.path.PathRejection.MALFORMED_ESCAPE;
import static dev.strait.policy.path.PathRejection.NOT_ORIGIN_FORM;
import static dev.strait.policy.path.PathRejection.TOO_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.strait.policy.path.PathNormalization.Normalized;
import dev.strait.policy.path.PathNormalization.Rejected;
import dev.strait.policy.path.PathNormalizer.BackslashAction;
import dev.strait.policy.path.PathNormalizer.EscapedSlashAction;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request-targets, including known authorization-bypass shapes, and what the strict normalizer makes of them. */
class PathNormalizerTest {
    private static final String LONGEST = "/" + "a".repeat(PathNormalizer.DEFAULT_MAX_TARGET_LENGTH - 1);

    static Stream<Arguments> targets() {
        return Stream.of(
                // Dot segments, literal and encoded, in any case.
                accepts("/admin/../x", "/x"),
                accepts("/admin/%2e%2e/x", "/x"),
                accepts("/admin/%2E%2e/x", "/x"),
                accepts("/admin/.%2E/x", "/x"),
                accepts("/admin/%2e/x", "/admin/x"),
                accepts("/./admin", "/admin"),
                accepts("/..", "/"),
                accepts("/../..", "/"),
                accepts("/../a", "/a"),
                accepts("/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd"),
                accepts("/a/b/..", "/a/"),
                accepts("/a/b/.", "/a/b/"),
                accepts("/a/b/../", "/a/"),
                accepts("/a/./b/../../c", "/c"),
                accepts("/.", "/"),
                // Repeated slashes, merged before dot segments are removed.
                accepts("//admin", "/admin"),
                accepts("/a//b///c", "/a/b/c"),
                accepts("//a///b", "/a/b"),
                accepts("/a//", "/a/"),
                accepts("//", "/"),
                accepts("/a//../b", "/b"),
                accepts("//admin//../x", "/x"),
                // Encoded slashes and backslashes, raw backslashes.
                rejects("/admin%2Fx", ENCODED_SLASH),
                rejects("/admin%2fx", ENCODED_SLASH),
                rejects("/admin/..%2f", ENCODED_SLASH),
                rejects("/admin%5Cx", ENCODED_BACKSLASH),
                rejects("/admin%5cx", ENCODED_BACKSLASH),
                rejects("/admin\\x", BACKSLASH),
                rejects("/admin\\..\\x", BACKSLASH),
                // Fragments, in the path or the query.
                rejects("/admin#frag", FRAGMENT),
                rejects("/admin?x=1#frag", FRAGMENT),
                rejects("/#", FRAGMENT),
                // Escapes: unreserved ones decoded, others kept in upper case, malformed ones refused.
                accepts("/a%41b", "/aAb"),
                accepts("/a%7eb", "/a~b"),
                accepts("/a%7Eb", "/a~b"),
                accepts("/%61dmin", "/admin"),
                accepts("/a%2D%5f%30%2E", "/a-_0."),
                accepts("/a%3ab", "/a%3Ab"),
                accepts("/a%3Ab", "/a%3Ab"),
                accepts("/a%20b", "/a%20b"),
                accepts("/a%25", "/a%25"),
                accepts("/a%252e%252e/b", "/a%252e%252e/b"),
                accepts("/caf%c3%a9", "/caf%C3%A9"),
                rejects("/a%zz", MALFORMED_ESCAPE),
                rejects("/a%", MALFORMED_ESCAPE),
                rejects("/a%2", MALFORMED_ESCAPE),
                rejects("/a%2?x", MALFORMED_ESCAPE),
                rejects("/a%g0", MALFORMED_ESCAPE),
                rejects("/a%00b", ENCODED_NUL),
                // Trailing dots make a different segment: admin. is not admin.
                accepts("/admin.", "/admin."),
                accepts("/admin..", "/admin.."),
                accepts("/admin%2e", "/admin."),
                accepts("/admin./x", "/admin./x"),
                accepts("/...", "/..."),
                accepts("/....//admin", "/..../admin"),
                accepts("/a/%2e%2e%2e", "/a/..."),
                // Servlet path parameters on a dot segment.
                rejects("/..;/admin", DOT_SEGMENT_WITH_PARAMETERS),
                rejects("/public/..;/admin", DOT_SEGMENT_WITH_PARAMETERS),
                rejects("/public/%2e%2e;x=1/admin", DOT_SEGMENT_WITH_PARAMETERS),
                rejects("/public/.;", DOT_SEGMENT_WITH_PARAMETERS),
                accepts("/api;v=1/users", "/api;v=1/users"),
                accepts("/a/...;/b", "/a/...;/b"),
                // Case is kept; paths are case-sensitive.
                accepts("/Admin/X", "/Admin/X"),
                accepts("/", "/"),
                accepts("/a/b/", "/a/b/"),
                accepts("/a:b@c!$&'()*+,;=-._~", "/a:b@c!$&'()*+,;=-._~"),
                // The query is split at the first '?' and never changed.
                accepts("/?x=/../y", "/?x=/../y"),
                accepts("/a/../b?c=%2F&d=\\..", "/b?c=%2F&d=\\.."),
                accepts("/a?q=100%", "/a?q=100%"),
                accepts("/a?filter[name]=x|y", "/a?filter[name]=x|y"),
                accepts("/a?", "/a?"),
                accepts("/a?x?y", "/a?x?y"),
                accepts("/a/./b?", "/a/b?"),
                rejects("/a?x=a b", ILLEGAL_CHARACTER),
                rejects("/a?x=\u00e9", ILLEGAL_CHARACTER),
                rejects("/a?x=\r\nHost: evil", ILLEGAL_CHARACTER),
                // Characters that should have been escaped.
                rejects("/a b", ILLEGAL_CHARACTER),
                rejects("/caf\u00e9", ILLEGAL_CHARACTER),
                rejects("/\u0430dmin", ILLEGAL_CHARACTER),
                rejects("/a\u0000b", ILLEGAL_CHARACTER),
                rejects("/a\tb", ILLEGAL_CHARACTER),
                rejects("/a\u007fb", ILLEGAL_CHARACTER),
                rejects("/a|b", ILLEGAL_CHARACTER),
                rejects("/a\"b", ILLEGAL_CHARACTER),
                rejects("/a<b>", ILLEGAL_CHARACTER),
                rejects("/a{b}", ILLEGAL_CHARACTER),
                // Length.
                accepts(LONGEST, LONGEST),
                rejects(LONGEST + "a", TOO_LONG),
                rejects("/" + "../".repeat(10_000), TOO_LONG),
                // Not origin form.
                rejects("*", NOT_ORIGIN_FORM),
                rejects("http://x/y", NOT_ORIGIN_FORM),
                rejects("", NOT_ORIGIN_FORM),
                rejects("admin", NOT_ORIGIN_FORM),
                rejects("\\admin", NOT_ORIGIN_FORM),
                rejects("?x", NOT_ORIGIN_FORM));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("targets")
    void normalizesOrRejects(Target input, Object expected) {
        PathNormalization result = RequestPath.normalize(input.raw());

        switch (expected) {
            case String target -> {
                assertThat(result).isInstanceOf(Normalized.class);
                RequestPath path = ((Normalized) result).requestPath();
                assertThat(path.target()).isEqualTo(target);
                int queryStart = target.indexOf('?');
                assertThat(path.path()).isEqualTo(queryStart < 0 ? target : target.substring(0, queryStart));
                assertThat(path.query()).isEqualTo(queryStart < 0 ? Optional.empty() : Optional.of(target.substring(queryStart + 1)));
            }
            case PathRejection reason -> {
                assertThat(result).isInstanceOf(Rejected.class);
                Rejected rejected = (Rejected) result;
                assertThat(rejected.reason()).isEqualTo(reason);
                // Safe to log: printable ASCII only, and never the whole (possibly huge) target.
                assertThat(rejected.message()).matches("[\\x20-\\x7e]{10,300}");
            }
            default -> fail("unexpected expectation " + expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void normalizingTwiceChangesNothing(Target input, Object expected) {
        if (RequestPath.normalize(input.raw()) instanceof Normalized(RequestPath once)) {
            assertThat(RequestPath.normalize(once.target())).isEqualTo(new Normalized(once));
        }
    }

    @Test
    void trailingDotsAreNotTheSamePath() {
        // Windows and some servers read /admin. as /admin; the gateway does not, so a rule that
        // protects /admin must also name /admin. if an upstream serves both.
        assertThat(pathOf("/admin.")).isNotEqualTo(pathOf("/admin")).isEqualTo("/admin.");
        assertThat(pathOf("/admin%2E%2E")).isEqualTo("/admin..");
        assertThat(pathOf("/ADMIN")).isNotEqualTo(pathOf("/admin"));
    }

    @Test
    void keepsEscapedSlashesWhenTold() {
        PathNormalizer keeping = PathNormalizer.strict().withEscapedSlashes(EscapedSlashAction.KEEP_ESCAPED);

        assertThat(keeping.normalize("/a%2fb/../c%5cd")).isEqualTo(normalized("/c%5Cd", Optional.empty()));
        assertThat(keeping.normalize("/a%2fb%5c/x")).isEqualTo(normalized("/a%2Fb%5C/x", Optional.empty()));
        assertThat(keeping.normalize("/a\\b")).isInstanceOf(Rejected.class);
    }

    @Test
    void readsBackslashesAsSlashesWhenTold() {
        PathNormalizer slashing = PathNormalizer.strict().withBackslashes(BackslashAction.TREAT_AS_SLASH);

        assertThat(slashing.normalize("/admin\\..\\x")).isEqualTo(normalized("/x", Optional.empty()));
        assertThat(slashing.normalize("/a\\\\b\\")).isEqualTo(normalized("/a/b/", Optional.empty()));
        assertThat(slashing.normalize("/a?b=\\")).isEqualTo(normalized("/a", Optional.of("b=\\")));
        assertThat(slashing.normalize("/a%5Cb")).extracting(r -> ((Rejected) r).reason()).isEqualTo(ENCODED_BACKSLASH);
    }

    @Test
    void limitsTheLengthOfTheWholeTarget() {
        PathNormalizer short16 = PathNormalizer.strict().withMaxTargetLength(16);

        assertThat(short16.normalize("/abc?" + "q".repeat(11))).isInstanceOf(Normalized.class);
        assertThat(short16.normalize("/abc?" + "q".repeat(12))).isEqualTo(new Rejected(TOO_LONG,
                "request target is 17 characters long, more than the limit of 16"));
        assertThatThrownBy(() -> short16.withMaxTargetLength(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: 1 or more");
    }

    @Test
    void messagesSayWhatAndWhere() {
        assertThat(RequestPath.normalize("/admin%2fx")).isEqualTo(new Rejected(ENCODED_SLASH,
                "encoded slash '%2F' at index 6 of the path; it is refused because servers disagree on whether it separates segments"));
        assertThat(RequestPath.normalize("/a\u0000b")).isEqualTo(new Rejected(ILLEGAL_CHARACTER,
                "character U+0000 at index 2 of the path must be percent-encoded"));
        assertThat(RequestPath.normalize("/a%zz")).extracting(r -> ((Rejected) r).message()).asString()
                .startsWith("malformed percent-encoding at index 2 of the path (expected: '%' followed by two hex digits");
        assertThat(RequestPath.normalize("*")).isEqualTo(new Rejected(NOT_ORIGIN_FORM,
                "request target must be in origin form, starting with '/' (it starts with '*')"));
    }

    @Test
    void resolvesHostileTargetsOfTheFullLength() {
        String dots = "/" + "a/../".repeat(1638);
        String escapes = "/" + "%2e%2E/".repeat(1170);
        String slashes = "/".repeat(8192);
        String segments = "/a".repeat(4096);

        assertThat(pathOf(dots)).isEqualTo("/");
        assertThat(pathOf(escapes)).isEqualTo("/");
        assertThat(pathOf(slashes)).isEqualTo("/");
        assertThat(pathOf(segments)).hasSize(8192);
    }

    /** A raw target, named so that test reports show long or unprintable ones readably. */
    record Target(String raw) {
        @Override
        public String toString() {
            if (raw.isEmpty()) {
                return "(empty)";
            }
            StringBuilder shown = new StringBuilder();
            raw.chars().limit(60).forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "\\u%04x".formatted(c)));
            return raw.length() > 60 ? shown + "... (" + raw.length() + " chars)" : shown.toString();
        }
    }

    private static Arguments accepts(String raw, String target) {
        return Arguments.of(new Target(raw), target);
    }

    private static Arguments rejects(String raw, PathRejection reason) {
        return Arguments.of(new Target(raw), reason);
    }

    private static String pathOf(String raw) {
        return switch (RequestPath.normalize(raw)) {
            case Normalized(RequestPath path) -> path.path();
            case Rejected rejected -> throw new AssertionError(rejected.message());
        };
    }

    private static Normalized normalized(String path, Optional<String> query) {
        return new Normalized(new RequestPath(path, query));
    }
}

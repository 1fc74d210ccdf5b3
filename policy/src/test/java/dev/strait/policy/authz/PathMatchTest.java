package dev.strait.policy.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact paths, segment-aware prefixes and segment globs, matched against already normalized paths. */
class PathMatchTest {

    private static PathMatch match(String kind, String value) {
        Function<String, PathMatch> factory = switch (kind) {
            case "exact" -> PathMatch::exact;
            case "prefix" -> PathMatch::prefix;
            case "pattern" -> PathMatch::pattern;
            default -> throw new IllegalArgumentException(kind);
        };
        return factory.apply(value);
    }

    @ParameterizedTest(name = "{0} {1} matches {2}: {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            exact   | /admin           | /admin            | true
            exact   | /admin           | /admin/           | false
            exact   | /admin           | /admin.           | false
            exact   | /admin           | /Admin            | false
            exact   | /                | /                 | true
            exact   | /                | /a                | false
            prefix  | /api             | /api              | true
            prefix  | /api             | /api/             | true
            prefix  | /api             | /api/x/y          | true
            prefix  | /api             | /apix             | false
            prefix  | /api             | /api.             | false
            prefix  | /api             | /ap               | false
            prefix  | /admin           | /admin.           | false
            prefix  | /admin           | /admin.json       | false
            prefix  | /api/            | /api/x            | true
            prefix  | /api/            | /api/             | true
            prefix  | /api/            | /api              | false
            prefix  | /api/            | /apix/y           | false
            prefix  | /                | /                 | true
            prefix  | /                | /anything/at/all  | true
            prefix  | /api/v1          | /api/v10          | false
            pattern | /api/*           | /api/x            | true
            pattern | /api/*           | /api/             | true
            pattern | /api/*           | /api              | false
            pattern | /api/*           | /api/x/y          | false
            pattern | /api/*/orders    | /api/v1/orders    | true
            pattern | /api/*/orders    | /api/v1/v2/orders | false
            pattern | /api/v*          | /api/v1           | true
            pattern | /api/v*          | /api/v            | true
            pattern | /api/v*          | /api/w1           | false
            pattern | /files/*.json    | /files/a.json     | true
            pattern | /files/*.json    | /files/.json      | true
            pattern | /files/*.json    | /files/a.jsonx    | false
            pattern | /files/*.json    | /files/a/b.json   | false
            pattern | /a/x*y*z         | /a/xyz            | true
            pattern | /a/x*y*z         | /a/x1y2y3z        | true
            pattern | /a/x*y*z         | /a/xz             | false
            pattern | /a/*ab*ab        | /a/abab           | true
            pattern | /a/*ab*ab        | /a/aba            | false
            pattern | /api/**          | /api              | true
            pattern | /api/**          | /api/             | true
            pattern | /api/**          | /api/x/y/z        | true
            pattern | /api/**          | /apix             | false
            pattern | /api/**          | /api.             | false
            pattern | /admin/**        | /admin.           | false
            pattern | /admin/**        | /admin.json       | false
            pattern | /**              | /                 | true
            pattern | /**              | /a/b/c            | true
            pattern | /**/secret       | /secret           | true
            pattern | /**/secret       | /a/b/secret       | true
            pattern | /**/secret       | /a/b/secret/x     | false
            pattern | /**/secret       | /a/secretx        | false
            pattern | /a/**/b          | /a/b              | true
            pattern | /a/**/b          | /a/x/y/b          | true
            pattern | /a/**/b          | /a/x/y/c          | false
            pattern | /a/**/b/**/c     | /a/b/c            | true
            pattern | /a/**/b/**/c     | /a/1/b/2/3/c      | true
            pattern | /a/**/b/**/c     | /a/1/c/2/b        | false
            pattern | /a/**/*.png      | /a/x/y/z.png      | true
            pattern | /a/**/*.png      | /a/z.png          | true
            pattern | /a/**/*.png      | /a/z.png/x        | false
            pattern | /a/b             | /a/b              | true
            pattern | /a/b             | /a/b/             | false
            """)
    void matchesSegmentBySegment(String kind, String value, String path, boolean expected) {
        assertThat(PathMatcher.compile(match(kind, value)).matches(path)).isEqualTo(expected);
    }

    @Test
    void manyDoubleStarsOnALongPathGiveTheRightAnswer() {
        PathMatch pattern = PathMatch.pattern("/" + "**/".repeat(30) + "*a*a*a*a*a*a*b");
        String path = "/" + "x/".repeat(2_000) + "a".repeat(10_000);
        PathMatcher matcher = PathMatcher.compile(pattern);

        boolean matched = matcher.matches(path);

        assertThat(matched).isFalse();
        assertThat(matcher.matches(path + "b")).isTrue();
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            exact   | admin        | exact path 'admin' does not start with '/' (expected: a normalized path such as /api/orders)
            exact   | /a b         | exact path '/a b' contains a space or control character
            exact   | /a?x=1       | exact path '/a?x=1' contains '?'; rules match the path without query or fragment
            exact   | /a#top       | exact path '/a#top' contains '#'
            exact   | /a/*         | exact path '/a/*' contains '*', which would match only a literal '*'; use a pattern for wildcards
            prefix  | /api/*       | path prefix '/api/*' contains '*'
            prefix  | /a//b        | path prefix '/a//b' contains an empty segment ('//'), which a normalized path never has (expected: a normalized path such as /api (matching /api and below) or /api/ (matching only below /api/))
            prefix  | /a/../b      | path prefix '/a/../b' contains a '..' segment, which a normalized path never has
            exact   | /a/./b       | exact path '/a/./b' contains a '.' segment
            pattern | /a/b**       | path pattern '/a/b**' has '**' inside the segment 'b**'; '**' must be a whole segment (expected: a normalized path where '*' matches within one segment and a whole segment '**' matches any number of segments, such as /api/*/orders/** (at most 63 segments))
            pattern | /a/***       | has '**' inside the segment '***'
            pattern | **           | path pattern '**' does not start with '/'
            """)
    void refusesPathsThatCouldNeverMatchANormalizedPath(String kind, String value, String message) {
        assertThatThrownBy(() -> match(kind, value))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void limitsPatternsTo63Segments() {
        assertThat(PathMatch.pattern("/a".repeat(63))).isNotNull();
        assertThatThrownBy(() -> PathMatch.pattern("/a".repeat(64)))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessageContaining("has 64 segments, more than 63");
    }

    @ParameterizedTest(name = "{0} {1} covers {2} {3}: {4}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            prefix  | /api     | exact   | /api/x     | true
            prefix  | /api     | exact   | /apix      | false
            prefix  | /api     | prefix  | /api/v1    | true
            prefix  | /api     | prefix  | /api/      | true
            prefix  | /api/    | prefix  | /api       | false
            prefix  | /        | prefix  | /api       | true
            prefix  | /api     | pattern | /api/*/x   | true
            prefix  | /api/    | pattern | /api/*/x   | true
            prefix  | /api/    | pattern | /api/**    | false
            prefix  | /api     | pattern | /api/**    | true
            prefix  | /api     | pattern | /*/api     | false
            prefix  | /        | pattern | /**        | true
            pattern | /api/**  | prefix  | /api       | true
            pattern | /*/**    | prefix  | /api/      | true
            pattern | /api/**  | prefix  | /apix      | false
            pattern | /**      | prefix  | /          | true
            pattern | /api/*   | exact   | /api/x     | true
            pattern | /api/*   | prefix  | /api       | false
            exact   | /api     | prefix  | /api       | false
            exact   | /api     | pattern | /api       | true
            pattern | /api/v*  | pattern | /api/*     | false
            """)
    void coversOnlyWhatItSurelyContains(String kind, String value, String otherKind, String other, boolean expected) {
        assertThat(PathCoverage.covers(match(kind, value), match(otherKind, other))).isEqualTo(expected);
    }
}

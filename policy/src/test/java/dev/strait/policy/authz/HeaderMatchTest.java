package dev.strait.policy.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Header conditions: exact value, prefix, present, absent; names case-insensitive, values not. */
class HeaderMatchTest {
    private static final HeaderLookup PROD = HeaderLookup.of(Map.of("X-Env", "prod-eu", "x-empty", ""));

    static Stream<Arguments> conditions() {
        return Stream.of(
                arguments(new HeaderMatch.Exact("prod-eu"), "x-env", true),
                arguments(new HeaderMatch.Exact("prod-eu"), "X-ENV", true),
                arguments(new HeaderMatch.Exact("prod"), "x-env", false),
                arguments(new HeaderMatch.Exact("PROD-EU"), "x-env", false),
                arguments(new HeaderMatch.Exact("prod-eu"), "x-missing", false),
                arguments(new HeaderMatch.Exact(""), "x-empty", true),
                arguments(new HeaderMatch.Prefix("prod"), "x-env", true),
                arguments(new HeaderMatch.Prefix("prod-eu"), "x-env", true),
                arguments(new HeaderMatch.Prefix("prod-eu-1"), "x-env", false),
                arguments(new HeaderMatch.Prefix("Prod"), "x-env", false),
                arguments(new HeaderMatch.Prefix(""), "x-missing", false),
                arguments(new HeaderMatch.Present(), "x-env", true),
                arguments(new HeaderMatch.Present(), "x-empty", true),
                arguments(new HeaderMatch.Present(), "x-missing", false),
                arguments(new HeaderMatch.Absent(), "x-env", false),
                arguments(new HeaderMatch.Absent(), "x-empty", false),
                arguments(new HeaderMatch.Absent(), "x-missing", true));
    }

    @ParameterizedTest(name = "{1} {0}: {2}")
    @MethodSource("conditions")
    void testsTheHeaderNamedCaseInsensitively(HeaderMatch.Condition condition, String name, boolean expected) {
        assertThat(new HeaderMatch(name, condition).matches(PROD)).isEqualTo(expected);
    }

    @Test
    void keepsTheNameInLowerCase() {
        assertThat(new HeaderMatch("X-Tenant", new HeaderMatch.Present()).name()).isEqualTo("x-tenant");
    }

    @Test
    void repeatedHeadersAreJoinedSoAnExactMatchCannotBeDodged() {
        var twice = HeaderLookup.of(Map.of("x-env", "dev", "X-Env", "prod"));

        assertThat(twice.value("x-env")).get().asString().contains("dev").contains("prod").contains(", ");
        assertThat(new HeaderMatch("x-env", new HeaderMatch.Exact("prod")).matches(twice)).isFalse();
        assertThat(new HeaderMatch("x-env", new HeaderMatch.Present()).matches(twice)).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("invalidNames")
    void refusesNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> new HeaderMatch(name, new HeaderMatch.Present()))
                .isInstanceOf(InvalidAuthorizationException.class)
                .hasMessage("header name '" + name + "' is not valid (expected: a header name of one or more of A-Z,"
                        + " a-z, 0-9 and !#$%&'*+-.^_`|~)");
    }

    static Stream<String> invalidNames() {
        return Stream.of("", "x env", ":authority", "x-env:", "naïve");
    }

    static Stream<Arguments> coverage() {
        return Stream.of(
                arguments(new HeaderMatch("a", new HeaderMatch.Present()), new HeaderMatch("a", new HeaderMatch.Exact("1")), true),
                arguments(new HeaderMatch("a", new HeaderMatch.Present()), new HeaderMatch("a", new HeaderMatch.Absent()), false),
                arguments(new HeaderMatch("a", new HeaderMatch.Prefix("v")), new HeaderMatch("a", new HeaderMatch.Exact("v1")), true),
                arguments(new HeaderMatch("a", new HeaderMatch.Prefix("v")), new HeaderMatch("a", new HeaderMatch.Prefix("v1")), true),
                arguments(new HeaderMatch("a", new HeaderMatch.Prefix("v1")), new HeaderMatch("a", new HeaderMatch.Prefix("v")), false),
                arguments(new HeaderMatch("a", new HeaderMatch.Exact("1")), new HeaderMatch("A", new HeaderMatch.Exact("1")), true),
                arguments(new HeaderMatch("a", new HeaderMatch.Exact("1")), new HeaderMatch("b", new HeaderMatch.Exact("1")), false),
                arguments(new HeaderMatch("a", new HeaderMatch.Absent()), new HeaderMatch("a", new HeaderMatch.Absent()), true));
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @MethodSource("coverage")
    void coversOnlyWhatItSurelyContains(HeaderMatch mine, HeaderMatch theirs, boolean expected) {
        assertThat(mine.covers(theirs)).isEqualTo(expected);
    }
}

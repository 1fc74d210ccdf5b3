package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which header edits are allowed, and how a route's edits combine with the service's. */
class HeaderEditsTest {
    private static final String RESERVED_EXPECTED = "(expected: a header other than pseudo-headers, x-strait-*, and"
            + " connection, content-length, host, keep-alive, proxy-connection, te, trailer, transfer-encoding, upgrade)";

    @ParameterizedTest
    @ValueSource(strings = {"host", "Host", ":authority", ":path", "x-strait-caller", "X-Strait-Trace", "content-length",
            "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection"})
    void refusesReservedNamesInEveryKindOfEdit(String name) {
        String message = "header '" + name + "' is reserved " + RESERVED_EXPECTED;
        assertThatThrownBy(() -> new HeaderEdits(Map.of(name, "x"), Map.of(), List.of())).hasMessage(message);
        assertThatThrownBy(() -> new HeaderEdits(Map.of(), Map.of(name, "x"), List.of())).hasMessage(message);
        assertThatThrownBy(() -> new HeaderEdits(Map.of(), Map.of(), List.of(name))).hasMessage(message);
    }

    @Test
    void allowsHeadersThatOnlyLookReserved() {
        var edits = new HeaderEdits(Map.of("x-strait", "1", "hostname", "a"), Map.of("x-tenant", "b"), List.of("tes"));
        assertThat(edits.isEmpty()).isFalse();
    }

    @Test
    void keepsNamesInLowerCase() {
        var edits = new HeaderEdits(Map.of("X-Env", "prod"), Map.of("X-Via", "strait"), List.of("Server"));

        assertThat(edits.set()).containsExactly(Map.entry("x-env", "prod"));
        assertThat(edits.add()).containsExactly(Map.entry("x-via", "strait"));
        assertThat(edits.remove()).containsExactly("server");
    }

    @Test
    void refusesNamesThatAreNotTokensAndValuesThatAreNotOneLine() {
        assertThatThrownBy(() -> new HeaderEdits(Map.of("x env", "1"), Map.of(), List.of()))
                .hasMessage("header name 'x env' is not valid (expected: one or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~)");
        assertThatThrownBy(() -> new HeaderEdits(Map.of(), Map.of(), List.of("")))
                .hasMessage("header name '' is not valid (expected: one or more of A-Z, a-z, 0-9 and !#$%&'*+-.^_`|~)");
        for (String value : List.of("a\r\nx-evil: 1", "a\nb", "a\0b")) {
            assertThatThrownBy(() -> new HeaderEdits(Map.of("x-env", value), Map.of(), List.of()))
                    .hasMessage("value of header 'x-env' contains a line break or NUL (expected: one line of text)");
        }
        assertThatThrownBy(() -> new HeaderEdits(Map.of(), Map.of("x-big", "v".repeat(8193)), List.of()))
                .hasMessage("value of header 'x-big' has 8193 characters (expected: at most 8192)");
        assertThat(new HeaderEdits(Map.of(), Map.of("x-big", "v".repeat(8192)), List.of()).add()).containsKey("x-big");
    }

    @Test
    void refusesANameInMoreThanOneKindOfEdit() {
        String message = "header 'x-env' is edited more than once (expected: each name in only one of set, add and remove)";
        assertThatThrownBy(() -> new HeaderEdits(Map.of("x-env", "a"), Map.of("X-ENV", "b"), List.of())).hasMessage(message);
        assertThatThrownBy(() -> new HeaderEdits(Map.of("x-env", "a"), Map.of(), List.of("x-env"))).hasMessage(message);
        assertThatThrownBy(() -> new HeaderEdits(Map.of(), Map.of(), List.of("x-env", "X-Env"))).hasMessage(message);
    }

    @Test
    void laterEditsWinPerName() {
        var service = new HeaderEdits(Map.of("x-env", "prod", "x-team", "core"), Map.of("x-via", "strait"), List.of("x-debug"));
        var route = new HeaderEdits(Map.of("x-debug", "on"), Map.of("x-env", "canary"), List.of("x-via"));

        HeaderEdits combined = service.then(route);

        assertThat(combined.set()).containsOnly(Map.entry("x-team", "core"), Map.entry("x-debug", "on"));
        assertThat(combined.add()).containsOnly(Map.entry("x-env", "canary"));
        assertThat(combined.remove()).containsExactly("x-via");
        assertThat(service.then(HeaderEdits.NONE)).isEqualTo(service);
        assertThat(HeaderEdits.NONE.then(route)).isEqualTo(route);
        assertThat(HeaderEdits.NONE.isEmpty()).isTrue();
    }
}

package dev.strait.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which admin calls reach the API behind the token check, and what the others are answered. */
class AdminTokenCheckTest {
    private static final String SECRET = "s3cr3t-0123456789abcdef";

    private final List<AdminRequest> reached = new ArrayList<>();
    private final AdminApi checked = new AdminTokenCheck(request -> {
        reached.add(request);
        return AdminReply.text(200, "done\n");
    }, new AdminToken(SECRET));

    static Stream<Arguments> calls() {
        return Stream.of(
                // method, path, Authorization header ("" for none), reaches the API
                Arguments.of("PUT", "/v1/faults/x", "", false),
                Arguments.of("POST", "/v1/config", "", false),
                Arguments.of("DELETE", "/v1/catalog/payments/endpoints/p-1", "", false),
                Arguments.of("PATCH", "/v1/anything", "", false),
                Arguments.of("OPTIONS", "/v1/status", "", false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer wrong", false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer " + SECRET + "x", false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer " + SECRET.substring(1), false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer", false),
                Arguments.of("PUT", "/v1/faults/x", "Basic " + SECRET, false),
                Arguments.of("PUT", "/v1/faults/x", SECRET, false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer " + SECRET.toUpperCase(), false),
                Arguments.of("PUT", "/v1/faults/x", "Bearer " + SECRET, true),
                Arguments.of("POST", "/v1/config", "Bearer " + SECRET, true),
                Arguments.of("DELETE", "/v1/catalog/payments/endpoints/p-1", "Bearer " + SECRET, true),
                // The scheme is case-insensitive (RFC 7235); the token is not.
                Arguments.of("PUT", "/v1/faults/x", "bearer " + SECRET, true),
                Arguments.of("PUT", "/v1/faults/x", "BEARER " + SECRET, true),
                Arguments.of("PUT", "/v1/faults/x", "Bearer   " + SECRET, true),
                // Reads stay open, with or without a token, right or wrong.
                Arguments.of("GET", "/v1/status", "", true),
                Arguments.of("GET", "/v1/catalog", "Bearer wrong", true),
                Arguments.of("HEAD", "/healthz", "", true),
                Arguments.of("GET", "/metrics", "", true));
    }

    @ParameterizedTest(name = "{0} {1} with \"{2}\" reaches the API: {3}")
    @MethodSource("calls")
    void onlyReadsAndCallsWithTheTokenReachTheApi(String method, String path, String authorization, boolean reachesApi) {
        AdminReply reply = checked.handle(new AdminRequest(method, path, "", new byte[0], authorization));

        assertThat(reached).hasSize(reachesApi ? 1 : 0);
        assertThat(reply.status()).isEqualTo(reachesApi ? 200 : 401);
        if (!reachesApi) {
            String body = new String(reply.body(), StandardCharsets.UTF_8);
            assertThat(reply.contentType()).isEqualTo("application/json");
            assertThat(body).startsWith("{\"error\":\"unauthorized\",\"message\":\"" + method + " " + path + " changes the region")
                    .doesNotContain(SECRET);
            assertThat(reply.headers().get("www-authenticate")).startsWith("Bearer realm=");
        }
    }

    @Test
    void aWrongTokenIsToldApartFromAMissingOneInTheChallenge() {
        AdminReply missing = checked.handle(new AdminRequest("PUT", "/v1/faults/x", "", new byte[0]));
        AdminReply wrong = checked.handle(new AdminRequest("PUT", "/v1/faults/x", "", new byte[0], "Bearer nope"));

        assertThat(missing.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"strait-admin\"");
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("no Authorization header");
        assertThat(wrong.headers().get("www-authenticate")).isEqualTo("Bearer realm=\"strait-admin\", error=\"invalid_token\"");
        assertThat(new String(wrong.body(), StandardCharsets.UTF_8)).contains("does not match").doesNotContain("nope");
    }

    @Test
    void withoutATokenEveryCallReachesTheApi() {
        AdminApi open = AdminTokenCheck.protect(request -> AdminReply.text(200, "done\n"), Optional.empty());

        assertThat(open.handle(new AdminRequest("POST", "/v1/config", "", new byte[0])).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"})
    void aLoopbackAdminListenerNeedsNoToken(String adminHost) {
        AdminTokenCheck.requireTokenOffLoopback("east/gw-1", adminHost, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "192.0.2.7"})
    void anAdminListenerBeyondLoopbackRefusesToStartWithoutAToken(String adminHost) {
        assertThatThrownBy(() -> AdminTokenCheck.requireTokenOffLoopback("east/gw-1", adminHost, false))
                .isInstanceOf(AdminSecurityException.class)
                .hasMessageContaining("node east/gw-1: adminHost '" + adminHost + "' is not a loopback address")
                .hasMessageContaining("--admin-token-file");
        AdminTokenCheck.requireTokenOffLoopback("east/gw-1", adminHost, true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                 | the admin token is empty",
            "'with space'       | a space, control or non-ASCII character at position 5",
            "'tab\there'        | a space, control or non-ASCII character at position 4",
            "'caf\u00e9-secret' | a space, control or non-ASCII character at position 4"})
    void aTokenThatCannotTravelInAHeaderIsRefusedWithoutShowingIt(String value, String message) {
        assertThatThrownBy(() -> new AdminToken(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value.isEmpty() ? "\u0000" : value));
    }

    @Test
    void aTokenNeverShowsInItsTextOrInTheTextOfARequestCarryingIt() {
        AdminToken token = new AdminToken(SECRET);

        assertThat(token.toString()).doesNotContain(SECRET);
        assertThat(new AdminRequest("PUT", "/v1/faults/x", "", new byte[0], token.bearer()).toString()).doesNotContain(SECRET);
        assertThat(token.matches(SECRET)).isTrue();
        assertThat(token.matches(SECRET + " ")).isFalse();
        assertThat(token.matches("")).isFalse();
    }
}

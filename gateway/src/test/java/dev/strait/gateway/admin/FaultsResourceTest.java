package dev.strait.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.model.Fault;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON of {@code PUT /v1/faults/{id}} and of the listing, table-driven and without a region. */
class FaultsResourceTest {
    private static final long NOW = 1_700_000_000_000L;

    private static Fault parse(String json) {
        return FaultsResource.parse("drill", Json.MAPPER.readTree(json), NOW);
    }

    @Test
    void aFullBodyBecomesAFault() {
        Fault fault = parse("{\"service\":\"orders\",\"path\":\"/api\",\"method\":\"GET\",\"delay\":{\"ms\":200,\"percent\":50},"
                + "\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"60s\"}");

        assertThat(fault).isEqualTo(new Fault("drill", ServiceName.of("orders"), Optional.of("/api"), Optional.of("GET"),
                Optional.of(new Fault.Delay(Duration.ofMillis(200), 50)), Optional.of(new Fault.Abort(503, 10)), NOW + 60_000));
    }

    @Test
    void anExpiryCanBeAnInstant() {
        Fault fault = parse("{\"service\":\"orders\",\"abort\":{\"status\":500,\"percent\":100},\"expiresAt\":\"2023-11-14T22:13:20Z\"}");

        assertThat(fault.expiresAtMillis()).isEqualTo(NOW);
        assertThat(fault.pathPrefix()).isEmpty();
        assertThat(fault.delay()).isEmpty();
    }

    @Test
    void theListingShowsTheExpiryAndTheTimeLeft() {
        Fault fault = parse("{\"service\":\"orders\",\"delay\":{\"ms\":5,\"percent\":1},\"ttl\":\"2m\"}");

        assertThat(Json.MAPPER.writeValueAsString(FaultsResource.describe(fault, NOW + 30_000))).isEqualTo(
                "{\"id\":\"drill\",\"service\":\"orders\",\"delay\":{\"ms\":5,\"percent\":1},"
                        + "\"expiresAt\":\"2023-11-14T22:15:20Z\",\"remainingMillis\":90000}");
    }

    @Test
    void ttlsHaveOneSpelling() {
        assertThat(FaultsResource.ttl("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(FaultsResource.ttl("24h")).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> FaultsResource.ttl("1.5s")).hasMessageContaining("is not a duration");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("[]", "expected a JSON body"),
                Arguments.of("{\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"1s\"}", "missing field 'service'"),
                Arguments.of("{\"service\":\"orders\",\"ttl\":\"1s\"}", "neither a delay nor an abort"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10}}", "exactly one of 'ttl'"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"1s\",\"expiresAt\":\"x\"}",
                        "exactly one of 'ttl'"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10},\"expiresAt\":\"tomorrow\"}",
                        "is not an ISO-8601 instant"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"1s\",\"retry\":true}",
                        "unknown field 'retry'"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":503,\"pct\":10},\"ttl\":\"1s\"}", "unknown field 'pct' in 'abort'"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":\"503\",\"percent\":10},\"ttl\":\"1s\"}",
                        "field 'status' in 'abort' must be an integer"),
                Arguments.of("{\"service\":\"orders\",\"abort\":{\"status\":600,\"percent\":10},\"ttl\":\"1s\"}",
                        "abort status 600 is out of range (expected: 400-599)"),
                Arguments.of("{\"service\":\"orders\",\"delay\":{\"ms\":100,\"percent\":150},\"ttl\":\"1s\"}",
                        "delay percent 150 is out of range (expected: 0-100)"),
                Arguments.of("{\"service\":\"Orders\",\"delay\":{\"ms\":100,\"percent\":1},\"ttl\":\"1s\"}", "is not a DNS label"),
                Arguments.of("{\"service\":\"orders\",\"path\":\"api\",\"delay\":{\"ms\":100,\"percent\":1},\"ttl\":\"1s\"}",
                        "is not a path prefix"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodiesAreRefusedWithTheReason(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}

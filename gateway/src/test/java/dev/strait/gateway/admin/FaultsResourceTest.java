package dev.strait.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.federation.catalog.RegionCommand;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.LinkFault;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON of {@code PUT /v1/faults/{id}} (faults on services and on links to regions) and of the listing, table-driven and without a region. */
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

    private static RegionCommand command(String json) {
        return FaultsResource.command("drill", Json.MAPPER.readTree(json), NOW);
    }

    static Stream<Arguments> linkFaultBodies() {
        RegionName west = RegionName.of("eu-west");
        return Stream.of(
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"ttl\":\"60s\"}",
                        LinkFault.partition("drill", west, NOW + 60_000)),
                Arguments.of("{\"region\":\"eu-west\",\"delay\":{\"ms\":200,\"percent\":100},\"ttl\":\"60s\"}",
                        new LinkFault("drill", west, false, Optional.of(new Fault.Delay(Duration.ofMillis(200), 100)),
                                Optional.empty(), NOW + 60_000)),
                Arguments.of("{\"region\":\"eu-west\",\"abort\":{\"status\":503,\"percent\":50},\"expiresAt\":\"2023-11-14T22:14:20Z\"}",
                        new LinkFault("drill", west, false, Optional.empty(), Optional.of(new Fault.Abort(503, 50)), NOW + 60_000)),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":false,\"delay\":{\"ms\":5,\"percent\":1},"
                                + "\"abort\":{\"status\":502,\"percent\":2},\"ttl\":\"1m\"}",
                        new LinkFault("drill", west, false, Optional.of(new Fault.Delay(Duration.ofMillis(5), 1)),
                                Optional.of(new Fault.Abort(502, 2)), NOW + 60_000)));
    }

    @ParameterizedTest
    @MethodSource("linkFaultBodies")
    void aBodyWithARegionBecomesAFaultOnTheLinkToIt(String json, LinkFault expected) {
        assertThat(command(json)).isEqualTo(new RegionCommand.PutLinkFault(expected, NOW));
    }

    @Test
    void aBodyWithAServiceStillBecomesAFaultOnTheService() {
        assertThat(command("{\"service\":\"orders\",\"abort\":{\"status\":503,\"percent\":10},\"ttl\":\"1s\"}"))
                .isEqualTo(new RegionCommand.PutFault(new Fault("drill", ServiceName.of("orders"), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of(new Fault.Abort(503, 10)), NOW + 1_000), NOW));
    }

    static Stream<Arguments> badLinkFaultBodies() {
        return Stream.of(
                Arguments.of("{\"service\":\"orders\",\"region\":\"eu-west\",\"partition\":true,\"ttl\":\"1s\"}",
                        "either 'service' (a fault on the service's calls) or 'region' (a fault on the link to that region), not both"),
                Arguments.of("{\"partition\":true,\"ttl\":\"1s\"}", "unknown field 'partition'"),
                Arguments.of("{\"ttl\":\"1s\"}", "missing field 'service' (a fault on a service's calls) or 'region'"),
                Arguments.of("{\"region\":\"eu-west\",\"ttl\":\"1s\"}", "needs \"partition\": true, or a delay and/or an abort"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":false,\"ttl\":\"1s\"}",
                        "needs \"partition\": true, or a delay and/or an abort"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"delay\":{\"ms\":100,\"percent\":1},\"ttl\":\"1s\"}",
                        "a partition stands alone"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"abort\":{\"status\":503,\"percent\":1},\"ttl\":\"1s\"}",
                        "so an 'abort' with it could never apply"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":\"yes\",\"ttl\":\"1s\"}", "field 'partition' must be true or false"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"path\":\"/api\",\"ttl\":\"1s\"}",
                        "field 'path' applies to a fault on a service, not to one on the link to a region"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"method\":\"GET\",\"ttl\":\"1s\"}",
                        "field 'method' applies to a fault on a service"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true,\"jitter\":1,\"ttl\":\"1s\"}",
                        "unknown field 'jitter' (expected with 'region': partition, delay, abort, ttl, expiresAt)"),
                Arguments.of("{\"region\":\"EU\",\"partition\":true,\"ttl\":\"1s\"}", "is not a DNS label"),
                Arguments.of("{\"region\":7,\"partition\":true,\"ttl\":\"1s\"}", "field 'region' must be a string"),
                Arguments.of("{\"region\":\"eu-west\",\"partition\":true}", "exactly one of 'ttl'"),
                Arguments.of("{\"region\":\"eu-west\",\"abort\":{\"status\":600,\"percent\":10},\"ttl\":\"1s\"}",
                        "abort status 600 is out of range (expected: 400-599)"),
                Arguments.of("{\"region\":\"eu-west\",\"delay\":{\"ms\":0,\"percent\":10},\"ttl\":\"1s\"}",
                        "delay 0 ms is out of range"),
                Arguments.of("{\"region\":\"eu-west\",\"delay\":{\"ms\":100,\"percent\":101},\"ttl\":\"1s\"}",
                        "delay percent 101 is out of range (expected: 0-100)"),
                Arguments.of("\"eu-west\"", "expected a JSON body"));
    }

    @ParameterizedTest
    @MethodSource("badLinkFaultBodies")
    void badLinkFaultBodiesAreRefusedWithTheReason(String json, String message) {
        assertThatThrownBy(() -> command(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theListingShowsALinkFaultWithItsRegionAndTimeLeft() {
        RegionCommand.PutLinkFault put = (RegionCommand.PutLinkFault) command("{\"region\":\"eu-west\",\"partition\":true,\"ttl\":\"2m\"}");

        assertThat(Json.MAPPER.writeValueAsString(LinkFaultJson.describe(put.fault(), NOW + 30_000))).isEqualTo(
                "{\"id\":\"drill\",\"region\":\"eu-west\",\"partition\":true,"
                        + "\"expiresAt\":\"2023-11-14T22:15:20Z\",\"remainingMillis\":90000}");
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodiesAreRefusedWithTheReason(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}

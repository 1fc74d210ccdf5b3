package dev.strait.policy.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.Fault;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.Protocol;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The values each config record refuses, with the message the config binder shows. */
class TrafficRecordsTest {

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments((ThrowingCallable) () -> new Subset("V1", Map.of("version", "v1")),
                        "subset name 'V1' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-', not starting or ending with '-')"),
                arguments((ThrowingCallable) () -> new Subset("v1", Map.of()),
                        "subset 'v1' has no labels, so it would select every endpoint (expected: at least one label, such as"
                                + " version: v1)"),
                arguments((ThrowingCallable) () -> new Subset("v1", Map.of("-version", "v1")),
                        "subset 'v1' labels: key '-version' is not valid (expected: 1-63 of A-Z, a-z, 0-9, '.', '_' and '-',"
                                + " starting and ending with a letter or digit)"),
                arguments((ThrowingCallable) () -> new Destination.ToSubset("v1", 101),
                        "weight 101 is out of range (expected: 0-100)"),
                arguments((ThrowingCallable) () -> new Destination.ToRegion(RegionName.of("eu-west"), -1),
                        "weight -1 is out of range (expected: 0-100)"),
                arguments((ThrowingCallable) () -> new CircuitBreaker(0, 1, 1),
                        "maxConnections 0 is out of range (expected: 1-1000000)"),
                arguments((ThrowingCallable) () -> new CircuitBreaker(1, 1_000_001, 1),
                        "maxPendingRequests 1000001 is out of range (expected: 1-1000000)"),
                arguments((ThrowingCallable) () -> new CircuitBreaker(1, 1, -3),
                        "maxRequests -3 is out of range (expected: 1-1000000)"),
                arguments((ThrowingCallable) () -> new RateLimit(0, 10),
                        "requestsPerSecond 0.0 is out of range (expected: greater than 0 and at most 1000000)"),
                arguments((ThrowingCallable) () -> new RateLimit(Double.NaN, 10),
                        "requestsPerSecond NaN is out of range (expected: greater than 0 and at most 1000000)"),
                arguments((ThrowingCallable) () -> new RateLimit(1_000_000.5, 10),
                        "requestsPerSecond 1000000.5 is out of range (expected: greater than 0 and at most 1000000)"),
                arguments((ThrowingCallable) () -> new RateLimit(5, 0), "burst 0 is out of range (expected: 1-1000000)"),
                arguments((ThrowingCallable) () -> RouteSettings.NONE.withTimeout(Duration.ZERO),
                        "timeout 0 ms is not positive (expected: a duration greater than 0, such as 500ms)"),
                arguments((ThrowingCallable) () -> RouteSettings.NONE.withPerTryTimeout(Duration.ofMillis(-1)),
                        "perTryTimeout -1 ms is not positive (expected: a duration greater than 0, such as 500ms)"),
                arguments((ThrowingCallable) () -> TrafficRoute.of(RouteMatch.ANY).withName("Canary"),
                        "route name 'Canary' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-', not starting or ending"
                                + " with '-')"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidValues")
    void refusesValuesOutOfRange(ThrowingCallable construction, String message) {
        assertThatThrownBy(construction).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void aSubsetSelectsEndpointsCarryingEveryLabel() {
        var subset = new Subset("v2-eu", Map.of("version", "v2", "zone", "eu"));

        assertThat(subset.selects(Map.of("version", "v2", "zone", "eu", "team", "core"))).isTrue();
        assertThat(subset.selects(Map.of("version", "v2"))).isFalse();
        assertThat(subset.selects(Map.of("version", "v1", "zone", "eu"))).isFalse();
        assertThat(subset.selects(Map.of())).isFalse();
    }

    @Test
    void findsSubsetsByName() {
        var v1 = new Subset("v1", Map.of("version", "v1"));
        var policy = new TrafficPolicy(List.of(v1), RouteSettings.NONE, CircuitBreaker.DEFAULT, List.of());

        assertThat(policy.subset("v1")).contains(v1);
        assertThat(policy.subset("v2")).isEmpty();
        assertThat(TrafficPolicy.NONE.subsets()).isEmpty();
        assertThat(TrafficPolicy.NONE.circuitBreaker()).isEqualTo(new CircuitBreaker(1024, 1024, 1024));
    }

    @Test
    void routeValuesOverrideWhereSetAndOnlyThere() {
        RouteSettings service = RouteSettings.NONE.withTimeout(Duration.ofSeconds(2)).withRateLimit(new RateLimit(50, 100));
        RouteSettings route = RouteSettings.NONE.withPerTryTimeout(Duration.ofMillis(300)).withRateLimit(new RateLimit(5, 5));

        RouteSettings effective = service.overriddenBy(route);

        assertThat(effective.timeout()).contains(Duration.ofSeconds(2));
        assertThat(effective.perTryTimeout()).contains(Duration.ofMillis(300));
        assertThat(effective.rateLimit()).contains(new RateLimit(5, 5));
        assertThat(effective.retries()).isEmpty();
        assertThat(service.overriddenBy(RouteSettings.NONE)).isEqualTo(service);
        assertThat(RouteSettings.NONE.overriddenBy(route)).isEqualTo(route);
    }

    @Test
    void endpointMetadataFollowsTheLabelRules() {
        var id = EndpointId.of("p-1");
        var address = new HostPort("127.0.0.1", 9001);

        assertThat(new EndpointConfig(id, address).metadata()).isEmpty();
        assertThat(new EndpointConfig(id, address, Map.of("app.kubernetes.io_name", "orders v1")).metadata())
                .containsEntry("app.kubernetes.io_name", "orders v1");
        assertThatThrownBy(() -> new EndpointConfig(id, address, Map.of("version", "v1\n")))
                .hasMessage("endpoint 'p-1' metadata: value of 'version' is not valid (expected: at most 253 printable"
                        + " ASCII characters)");
        assertThatThrownBy(() -> new EndpointConfig(id, address, Map.of("version", "é")))
                .hasMessageContaining("value of 'version' is not valid");
        assertThatThrownBy(() -> new EndpointConfig(id, address, Map.of("version", "v".repeat(254))))
                .hasMessageContaining("value of 'version' is not valid");
        assertThatThrownBy(() -> new EndpointConfig(id, address, Map.of("k".repeat(64), "v")))
                .hasMessageContaining("key '" + "k".repeat(64) + "' is not valid");
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 65).forEach(i -> many.put("k" + i, "v"));
        assertThatThrownBy(() -> new EndpointConfig(id, address, many))
                .hasMessage("endpoint 'p-1' metadata has 65 entries (expected: at most 64)");
    }

    @Test
    void aServiceDefaultsToNoTrafficPolicyAndNoFaultsAndKeepsOnlyItsOwnFaults() {
        ServiceName orders = ServiceName.of("orders");
        var service = new ServiceConfig(orders, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(), List.of(), List.of());
        assertThat(service.traffic()).isEqualTo(TrafficPolicy.NONE);
        assertThat(service.faults()).isEmpty();

        Fault fault = new Fault("slow-api", ServiceName.of("billing"), Optional.of("/api"), Optional.empty(),
                Optional.of(new Fault.Delay(Duration.ofMillis(200), 10)), Optional.empty(), 1_800_000_000_000L);
        assertThatThrownBy(() -> new ServiceConfig(orders, Protocol.HTTP1, UpstreamTls.PLAINTEXT, List.of(), List.of(),
                List.of(), service.healthCheck(), List.of(), TrafficPolicy.NONE, List.of(fault)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault 'slow-api' is for service 'billing' (expected: 'orders', the service it is declared under)");
    }
}

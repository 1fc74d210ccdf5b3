package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.model.EndpointConfig;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An endpoint's {@code metadata}: what it binds to, in order, and each bad key or value where it is. */
class EndpointMetadataBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The endpoint is on line 11; its metadata mapping starts at column 71.
    private static final String FEDERATION = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web:
                    endpoints: [ { id: web-1, address: "10.0.0.9:8080", metadata: %s } ]
            """;
    private static final String METADATA = "regions.us-east.services.web.endpoints[0].metadata";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void bindsTheEntriesInOrderAndAnyScalarAsText() throws ConfigException {
        EndpointConfig endpoint = endpointOf("{ version: v2, zone: us-east-1a, app.kubernetes.io_tier: Gold, build: 42, canary: true }");

        assertThat(endpoint.metadata()).containsExactly(Map.entry("version", "v2"), Map.entry("zone", "us-east-1a"),
                Map.entry("app.kubernetes.io_tier", "Gold"), Map.entry("build", "42"), Map.entry("canary", "true"));
    }

    @Test
    void anEndpointWithoutMetadataHasNone() throws ConfigException {
        assertThat(endpointOf("{}").metadata()).isEmpty();
        assertThat(endpointOf("~").metadata()).isEmpty();
    }

    static Stream<Arguments> problems() {
        String keyRule = "(expected: 1-63 of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit)";
        return Stream.of(
                arguments("[version, v1]", List.of(
                        "11:71: " + METADATA + ": expected a mapping of keys to values, such as { version: v1 }, got a list")),
                arguments("{ version: v1, -zone: a }", List.of(
                        "11:86: " + METADATA + ".-zone: endpoint metadata: key '-zone' is not valid " + keyRule)),
                arguments("{ \"app/name\": web }", List.of(
                        "11:73: " + METADATA + ".app/name: endpoint metadata: key 'app/name' is not valid " + keyRule)),
                arguments("{ version: \"v1\\tbeta\" }", List.of(
                        "11:82: " + METADATA + ".version: endpoint metadata: value of 'version' is not valid (expected: at"
                                + " most 253 printable ASCII characters)")),
                arguments("{ version: [v1] }", List.of(
                        "11:82: " + METADATA + ".version: expected a value, got a list")),
                arguments(IntStream.range(0, 65).mapToObj(i -> "k" + i + ": v").collect(Collectors.joining(", ", "{ ", " }")),
                        List.of("11:71: " + METADATA + ": endpoint metadata has 65 entries (expected: at most 64)")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("problems")
    void reportsEachProblemWhereItIs(String metadata, List<String> expected) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(FEDERATION.formatted(metadata), SOURCE, LoadOptions.withoutFileChecks()));

        assertThat(refused).as("the config must be refused").isNotNull();
        assertThat(refused.problems()).map(RepositoryFiles::withoutFile).containsExactlyElementsOf(expected);
    }

    private EndpointConfig endpointOf(String metadata) throws ConfigException {
        FederationConfig config = loader.load(FEDERATION.formatted(metadata), SOURCE, LoadOptions.withoutFileChecks());
        return config.regions().getFirst().service(ServiceName.of("web")).orElseThrow()
                .endpoint(EndpointId.of("web-1")).orElseThrow();
    }
}

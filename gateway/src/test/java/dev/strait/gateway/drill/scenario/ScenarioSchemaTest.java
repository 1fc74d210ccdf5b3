package dev.strait.gateway.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code configs/schema/drill.schema.json} accepts every scenario under {@code configs/drills/}
 * (which the loader loads too), refuses broken ones, and lists the loader's keys.
 */
class ScenarioSchemaTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonNode SCHEMA_NODE = JsonMapper.shared().readTree(ScenarioFiles.configs().resolve("schema/drill.schema.json"));
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA_NODE);

    static List<Path> scenarios() {
        return ScenarioFiles.builtIn();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyBuiltInScenarioValidatesAndLoads(Path file) throws Exception {
        List<Error> errors = SCHEMA.validate(YAML.readTree(Files.readString(file)));

        assertThat(errors).as("schema errors of %s", file).isEmpty();
        assertThat(new ScenarioLoader().load(file).name()).isNotEmpty();
    }

    @Test
    void theDrillFederationValidatesAgainstTheFederationSchema() throws Exception {
        Schema federation = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(JsonMapper.shared().readTree(ScenarioFiles.configs().resolve("schema/federation.schema.json")));

        assertThat(federation.validate(YAML.readTree(Files.readString(ScenarioFiles.configs().resolve("drills/federation.yaml")))))
                .isEmpty();
    }

    static Stream<Arguments> brokenScenarios() {
        String load = "load: [ { service: s, from: r, rate: 1 } ]\n";
        return Stream.of(
                Arguments.of("an unknown top-level key", "drill: t\nduration: 1s\ncolour: blue\n" + load),
                Arguments.of("a duration without a unit", "drill: t\nduration: 30\n" + load),
                Arguments.of("a rate of zero", "drill: t\nduration: 1s\nload: [ { service: s, from: r, rate: 0 } ]\n"),
                Arguments.of("an unknown fault kind", "drill: t\nduration: 1s\n" + load
                        + "timeline: [ { id: a, at: 0s, fault: { kind: fail-regoin, region: r } } ]\n"),
                Arguments.of("a key of another fault kind", "drill: t\nduration: 1s\n" + load
                        + "timeline: [ { id: a, at: 0s, fault: { kind: stop-leader, region: r, node: n } } ]\n"),
                Arguments.of("a latency fault with two targets", "drill: t\nduration: 1s\n" + load
                        + "timeline: [ { id: a, at: 0s, fault: { kind: latency, service: s, region: r, from: a, to: b, delay: 1s } } ]\n"),
                Arguments.of("a percent above 100", "drill: t\nduration: 1s\n" + load
                        + "timeline: [ { id: a, at: 0s, fault: { kind: errors, service: s, region: r, percent: 101 } } ]\n"),
                Arguments.of("an error rate above 1", "drill: t\nduration: 1s\n" + load
                        + "expectations: [ { kind: max-error-rate, max: 2 } ]\n"),
                Arguments.of("gRPC with a path", "drill: t\nduration: 1s\n"
                        + "load: [ { service: s, from: r, rate: 1, request: { grpc: a.B/C, path: /x } } ]\n"),
                Arguments.of("a step named baseline", "drill: t\nduration: 1s\n" + load
                        + "timeline: [ { id: baseline, at: 0s, fault: { kind: fail-region, region: r } } ]\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void refusesWhatTheLoaderRefuses(String title, String yaml) throws Exception {
        assertThat(SCHEMA.validate(YAML.readTree(yaml))).isNotEmpty();
        assertThat(ScenarioLoaderTestSupport.refused(yaml)).isTrue();
    }

    @Test
    void listsTheLoadersKeysAndKinds() {
        assertThat(SCHEMA_NODE.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(SCHEMA_NODE.path("properties").propertyNames()).containsExactlyElementsOf(ScenarioKeys.TOP_LEVEL);
        JsonNode defs = SCHEMA_NODE.path("$defs");
        assertThat(defs.path("load").path("properties").propertyNames()).containsExactlyElementsOf(ScenarioKeys.LOAD);
        assertThat(defs.path("request").path("properties").propertyNames()).containsExactlyElementsOf(ScenarioKeys.REQUEST);
        assertThat(defs.path("step").path("properties").propertyNames()).containsExactlyElementsOf(ScenarioKeys.STEP);
        assertThat(defs.path("fault").path("properties").path("kind").path("enum").values()).map(JsonNode::asString)
                .containsExactlyElementsOf(ScenarioKeys.FAULT_KINDS);
        assertThat(defs.path("expectation").path("properties").path("kind").path("enum").values()).map(JsonNode::asString)
                .containsExactlyElementsOf(ScenarioKeys.EXPECTATION_KINDS);
        for (String kind : ScenarioKeys.FAULT_KINDS) {
            assertThat(defs.path("fault-" + kind).path("properties").propertyNames()).as(kind)
                    .containsExactlyElementsOf(ScenarioKeys.faultKeys(kind));
        }
        for (String kind : ScenarioKeys.EXPECTATION_KINDS) {
            assertThat(defs.path("expectation-" + kind).path("properties").propertyNames()).as(kind)
                    .containsExactlyElementsOf(ScenarioKeys.expectationKeys(kind));
        }
    }

    @Test
    void statesTheLoadersDefaults() {
        JsonNode defs = SCHEMA_NODE.path("$defs");
        assertThat(defs.path("load").path("properties").path("concurrency").path("default").asInt())
                .isEqualTo(ScenarioKeys.DEFAULT_CONCURRENCY);
        assertThat(defs.path("request").path("properties").path("method").path("default").asString())
                .isEqualTo(ScenarioKeys.DEFAULT_METHOD);
        assertThat(defs.path("request").path("properties").path("path").path("default").asString())
                .isEqualTo(ScenarioKeys.DEFAULT_PATH);
        assertThat(defs.path("fault-errors").path("properties").path("status").path("default").asInt())
                .isEqualTo(ScenarioKeys.DEFAULT_STATUS);
        assertThat(defs.path("fault-latency").path("properties").path("percent").path("default").asInt())
                .isEqualTo(ScenarioKeys.DEFAULT_PERCENT);
    }
}

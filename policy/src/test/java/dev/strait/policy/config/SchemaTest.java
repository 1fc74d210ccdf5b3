package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The JSON Schema of the format parses, and accepts the same keys as the loader. */
class SchemaTest {
    private static final JsonNode SCHEMA = JsonMapper.shared()
            .readTree(RepositoryFiles.configs().resolve("schema/federation.schema.json"));

    @Test
    void isADraft202012SchemaOfTheTopLevelKeys() {
        assertThat(SCHEMA.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(SCHEMA.path("additionalProperties").isBoolean()).isTrue();
        assertThat(SCHEMA.path("additionalProperties").asBoolean()).isFalse();
        assertThat(SCHEMA.path("properties").propertyNames()).containsExactlyElementsOf(FormatKeys.TOP_LEVEL);
        assertThat(SCHEMA.path("required").values()).map(JsonNode::asString)
                .containsExactlyInAnyOrder("federation", "trustDomain", "regions");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"region", "node", "ports", "tls", "service", "endpoint"})
    void describesEveryMappingWithTheLoadersKeys(String definition) {
        JsonNode schema = SCHEMA.path("$defs").path(definition);

        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").propertyNames()).containsExactlyElementsOf(keysOf(definition));
    }

    @Test
    void listsTheEnumsOfTheModel() {
        JsonNode service = SCHEMA.path("$defs").path("service").path("properties");

        assertThat(service.path("protocol").path("enum").values()).map(JsonNode::asString)
                .containsExactly("http1", "http2", "grpc");
        assertThat(service.path("upstreamTls").path("enum").values()).map(JsonNode::asString)
                .containsExactly("plaintext", "tls", "mtls");
    }

    private static List<String> keysOf(String definition) {
        return switch (definition) {
            case "region" -> FormatKeys.REGION;
            case "node" -> FormatKeys.NODE;
            case "ports" -> FormatKeys.PORTS;
            case "tls" -> FormatKeys.TLS;
            case "service" -> FormatKeys.SERVICE;
            case "endpoint" -> FormatKeys.ENDPOINT;
            default -> throw new IllegalArgumentException(definition);
        };
    }
}

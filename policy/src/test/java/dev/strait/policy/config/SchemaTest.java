package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.authz.CallerPattern;
import dev.strait.policy.authz.InvalidAuthorizationException;
import dev.strait.policy.model.FederationTuning;
import dev.strait.policy.model.HealthCheck;
import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.RaftTuning;
import dev.strait.policy.traffic.CircuitBreaker;
import dev.strait.policy.traffic.RetryOn;
import dev.strait.policy.traffic.RetryRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
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
    @CsvSource({"region", "node", "ports", "tls", "raft", "federation", "service", "endpoint", "healthCheck",
            "authorizationRule", "pathMatch", "headerMatch", "localCaller", "localListener", "traffic", "route", "routeMatch",
            "destination", "retries", "backoff", "circuitBreaker", "rateLimit", "headerEdits", "fault", "faultDelay", "faultAbort"})
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

    @Test
    void listsTheLocalListenersModesWithTheirDefaults() {
        JsonNode listener = SCHEMA.path("$defs").path("localListener").path("properties");

        assertThat(listener.path("tls").path("enum").values()).map(JsonNode::asString)
                .containsExactlyElementsOf(Arrays.stream(LocalListener.Tls.values()).map(LocalListener.Tls::configName).toList());
        assertThat(listener.path("clientCertificate").path("enum").values()).map(JsonNode::asString)
                .containsExactlyElementsOf(Arrays.stream(LocalListener.ClientCertificate.values())
                        .map(LocalListener.ClientCertificate::configName).toList());
        assertThat(listener.path("tls").path("default").asString()).isEqualTo(LocalListener.PLAINTEXT.tls().configName());
        assertThat(listener.path("clientCertificate").path("default").asString())
                .isEqualTo(LocalListener.PLAINTEXT.clientCertificate().configName());
    }

    @Test
    void statesTheTrafficDefaultsAndRetryConditionsOfTheModel() {
        JsonNode retries = SCHEMA.path("$defs").path("retries").path("properties");
        RetryRules defaults = RetryRules.DEFAULT;

        assertThat(retries.path("on").path("items").path("enum").values()).map(JsonNode::asString)
                .containsExactlyElementsOf(Arrays.stream(RetryOn.values()).map(RetryOn::configName).toList());
        assertThat(retries.path("on").path("default").values()).map(JsonNode::asString)
                .containsExactlyInAnyOrderElementsOf(defaults.on().stream().map(RetryOn::configName).toList());
        assertThat(retries.path("attempts").path("default").asInt()).isEqualTo(defaults.attempts());
        assertThat(retries.path("attempts").path("maximum").asInt()).isEqualTo(RetryRules.MAX_ATTEMPTS);

        JsonNode circuitBreaker = SCHEMA.path("$defs").path("circuitBreaker").path("properties");
        assertThat(circuitBreaker.path("maxConnections").path("default").asInt()).isEqualTo(CircuitBreaker.DEFAULT.maxConnections());
        assertThat(circuitBreaker.path("maxPendingRequests").path("default").asInt())
                .isEqualTo(CircuitBreaker.DEFAULT.maxPendingRequests());
        assertThat(circuitBreaker.path("maxRequests").path("default").asInt()).isEqualTo(CircuitBreaker.DEFAULT.maxRequests());
    }

    @Test
    void aDestinationIsExactlyOneKindAndAFaultNeedsWhatTheLoaderNeeds() {
        JsonNode destination = SCHEMA.path("$defs").path("destination");

        assertThat(destination.path("oneOf").values()).map(branch -> branch.path("required").values().iterator().next().asString())
                .containsExactlyElementsOf(FormatKeys.DESTINATION_KINDS);
        assertThat(destination.path("required").values()).map(JsonNode::asString).containsExactly("weight");
        assertThat(SCHEMA.path("$defs").path("fault").path("required").values()).map(JsonNode::asString)
                .containsExactly("id", "until");
        assertThat(SCHEMA.path("$defs").path("fault").path("anyOf").values())
                .map(branch -> branch.path("required").values().iterator().next().asString()).containsExactly("delay", "abort");
        assertThat(SCHEMA.path("$defs").path("backoff").path("required").values()).map(JsonNode::asString)
                .containsExactly("base", "max");
        assertThat(SCHEMA.path("$defs").path("rateLimit").path("required").values()).map(JsonNode::asString)
                .containsExactly("requestsPerSecond");
    }

    @Test
    void statesTheDefaultsOfTheModel() {
        JsonNode raft = SCHEMA.path("$defs").path("raft").path("properties");
        RaftTuning defaults = RaftTuning.DEFAULTS;

        assertThat(duration(raft.path("electionTimeoutMin"))).isEqualTo(defaults.electionTimeoutMin());
        assertThat(duration(raft.path("electionTimeoutMax"))).isEqualTo(defaults.electionTimeoutMax());
        assertThat(raft.path("snapshotThreshold").path("default").asLong()).isEqualTo(defaults.snapshotThreshold());
        assertThat(ByteSizeSyntax.parse(raft.path("minFreeDisk").path("default").asString())).contains(defaults.minFreeDiskBytes());
        assertThat(duration(raft.path("writeTimeout"))).isEqualTo(defaults.writeTimeout());

        JsonNode federation = SCHEMA.path("$defs").path("federation").path("properties");
        FederationTuning federationDefaults = FederationTuning.DEFAULTS;
        assertThat(duration(federation.path("heartbeatInterval"))).isEqualTo(federationDefaults.heartbeatInterval());
        assertThat(duration(federation.path("staleAfter"))).isEqualTo(federationDefaults.staleAfter());
        assertThat(duration(federation.path("probeInterval"))).isEqualTo(federationDefaults.probeInterval());
        assertThat(duration(federation.path("probeTimeout"))).isEqualTo(federationDefaults.probeTimeout());
        assertThat(federation.path("probeThreshold").path("default").asInt()).isEqualTo(federationDefaults.probeThreshold());
        assertThat(duration(federation.path("failbackRamp"))).isEqualTo(federationDefaults.failbackRamp());

        JsonNode healthCheck = SCHEMA.path("$defs").path("healthCheck").path("properties");
        assertThat(duration(healthCheck.path("interval"))).isEqualTo(HealthCheck.DEFAULT_INTERVAL);
        assertThat(duration(healthCheck.path("timeout"))).isEqualTo(HealthCheck.DEFAULT_TIMEOUT);
        assertThat(healthCheck.path("healthyThreshold").path("default").asInt()).isEqualTo(HealthCheck.DEFAULT_HEALTHY_THRESHOLD);
        assertThat(healthCheck.path("unhealthyThreshold").path("default").asInt()).isEqualTo(HealthCheck.DEFAULT_UNHEALTHY_THRESHOLD);
    }

    @Test
    void aHealthCheckIsExactlyOneOfHttpAndTcp() {
        JsonNode healthCheck = SCHEMA.path("$defs").path("healthCheck");

        assertThat(healthCheck.path("oneOf").values()).map(branch -> branch.path("required").values().iterator().next().asString())
                .containsExactly("http", "tcp");
        assertThat(healthCheck.path("properties").path("tcp").path("const").asBoolean(false)).isTrue();
    }

    @Test
    void listsTheActionsAndRequiresWhatTheLoaderRequires() {
        JsonNode rule = SCHEMA.path("$defs").path("authorizationRule");

        assertThat(rule.path("properties").path("action").path("enum").values()).map(JsonNode::asString)
                .containsExactly("allow", "deny");
        assertThat(rule.path("required").values()).map(JsonNode::asString).containsExactly("action", "from");
        assertThat(SCHEMA.path("$defs").path("headerMatch").path("required").values()).map(JsonNode::asString)
                .containsExactly("name");
        assertThat(SCHEMA.path("$defs").path("localCaller").path("required").values()).map(JsonNode::asString)
                .containsExactly("from", "service");
    }

    @Test
    void aPathIsExactlyOneKindAndAHeaderExactlyOneCondition() {
        JsonNode path = SCHEMA.path("$defs").path("pathMatch");
        JsonNode header = SCHEMA.path("$defs").path("headerMatch");

        assertThat(path.path("oneOf").values()).map(branch -> branch.path("required").values().iterator().next().asString())
                .containsExactlyElementsOf(FormatKeys.PATH_MATCH);
        assertThat(header.path("oneOf").values()).map(branch -> branch.path("required").values().iterator().next().asString())
                .containsExactlyElementsOf(FormatKeys.HEADER_CONDITIONS);
        assertThat(header.path("properties").path("present").path("const").asBoolean(false)).isTrue();
        assertThat(header.path("properties").path("absent").path("const").asBoolean(false)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "anonymous", "*", "region:us-east", "region:us-*", "region:*-west", "region:*", "service:checkout",
            "spiffe://strait.test/region/us-east/service/checkout", "spiffe://strait.test/region/*/node/gw-*",
            "nobody", "Anonymous", "region:", "region:US", "region:us*east", "region:**", "service:-x*", "service:*x-",
            "spiffe://strait.test/region/us-east/pod/x", "spiffe://Strait/region/us-east/service/x",
            "spiffe://strait.test/region/us-east/service/x/y", "service:checkout ", "' service:checkout'",
    })
    void theCallerPatternOfTheSchemaAcceptsWhatTheLoaderAccepts(String caller) {
        Pattern schema = Pattern.compile(SCHEMA.path("$defs").path("callerPattern").path("pattern").asString());

        assertThat(schema.matcher(caller).find()).as("the schema accepts '%s'", caller).isEqualTo(parses(caller));
    }

    private static boolean parses(String caller) {
        try {
            CallerPattern.parse(caller);
            return true;
        } catch (InvalidAuthorizationException e) {
            return false;
        }
    }

    private static Duration duration(JsonNode property) {
        return DurationSyntax.parse(property.path("default").asString()).orElseThrow();
    }

    private static List<String> keysOf(String definition) {
        return switch (definition) {
            case "region" -> FormatKeys.REGION;
            case "node" -> FormatKeys.NODE;
            case "ports" -> FormatKeys.PORTS;
            case "tls" -> FormatKeys.TLS;
            case "raft" -> FormatKeys.RAFT;
            case "federation" -> FormatKeys.FEDERATION;
            case "service" -> FormatKeys.SERVICE;
            case "endpoint" -> FormatKeys.ENDPOINT;
            case "healthCheck" -> FormatKeys.HEALTH_CHECK;
            case "authorizationRule" -> FormatKeys.AUTHORIZATION_RULE;
            case "pathMatch" -> FormatKeys.PATH_MATCH;
            case "headerMatch" -> FormatKeys.HEADER_MATCH;
            case "localCaller" -> FormatKeys.LOCAL_CALLER;
            case "localListener" -> FormatKeys.LOCAL_LISTENER;
            case "traffic" -> FormatKeys.TRAFFIC;
            case "route" -> FormatKeys.ROUTE;
            case "routeMatch" -> FormatKeys.ROUTE_MATCH;
            case "destination" -> FormatKeys.DESTINATION;
            case "retries" -> FormatKeys.RETRIES;
            case "backoff" -> FormatKeys.BACKOFF;
            case "circuitBreaker" -> FormatKeys.CIRCUIT_BREAKER;
            case "rateLimit" -> FormatKeys.RATE_LIMIT;
            case "headerEdits" -> FormatKeys.HEADER_EDITS;
            case "fault" -> FormatKeys.FAULT;
            case "faultDelay" -> FormatKeys.FAULT_DELAY;
            case "faultAbort" -> FormatKeys.FAULT_ABORT;
            default -> throw new IllegalArgumentException(definition);
        };
    }
}

package dev.strait.gateway.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scenario files become records, or are refused with every problem at its line and column. */
class ScenarioLoaderTest {
    private static final Path FILE = Path.of("drill.yaml");

    @TempDir
    Path dir;

    @Test
    void readsEveryKeyAndFillsTheDefaults() throws Exception {
        Files.writeString(dir.resolve("federation.yaml"), "# only needs to exist\n");
        Path file = dir.resolve("drill.yaml");
        Files.writeString(file, """
                drill: example
                description: Shows every key.
                federation: federation.yaml
                duration: 30s
                load:
                  - { service: payments, from: us-east, rate: 12.5 }
                  - name: grpc
                    service: ledger
                    from: eu-west
                    rate: 10
                    concurrency: 4
                    duration: 20s
                    request: { grpc: strait.echo.v1.Echo/Unary }
                timeline:
                  - { id: outage, at: 5s, for: 10s, fault: { kind: fail-endpoints, service: payments, region: eu-west } }
                  - { id: slow, at: 16s, fault: { kind: latency, from: us-east, to: eu-west, delay: 250ms } }
                  - { id: broken, at: 17s, fault: { kind: errors, service: web, region: us-east, percent: 50 } }
                  - { id: node, at: 18s, fault: { kind: stop-node, region: us-east, node: gw-2 } }
                  - { id: split, at: 19s, fault: { kind: partition, regions: [us-east, eu-west] } }
                expectations:
                  - { kind: max-error-rate, max: 0.01 }
                  - { kind: max-error-rate, phase: outage, max: 0.5 }
                  - { kind: traffic-moves-away, step: outage, from: eu-west, within: 1s }
                  - { kind: traffic-returns, step: outage, to: eu-west, within: 2s }
                  - { kind: latency, phase: baseline, percentile: 99.9, max: 100ms }
                  - { kind: no-committed-state-lost }
                """);

        Scenario scenario = new ScenarioLoader().load(file);

        RegionName usEast = RegionName.of("us-east");
        RegionName euWest = RegionName.of("eu-west");
        assertThat(scenario.name()).isEqualTo("example");
        assertThat(scenario.federation()).contains(dir.resolve("federation.yaml").toAbsolutePath().normalize());
        assertThat(scenario.load()).containsExactly(
                new LoadSpec("payments", ServiceName.of("payments"), usEast, 12.5, 64, Optional.empty(),
                        new LoadSpec.Request.Http("GET", "/drill", 0)),
                new LoadSpec("grpc", ServiceName.of("ledger"), euWest, 10, 4, Optional.of(Duration.ofSeconds(20)),
                        new LoadSpec.Request.Grpc("strait.echo.v1.Echo/Unary")));
        assertThat(scenario.timeline()).extracting(TimelineStep::fault).containsExactly(
                new DrillFault.FailEndpoints(ServiceName.of("payments"), euWest),
                new DrillFault.Latency(new DrillFault.Target.Between(usEast, euWest), Duration.ofMillis(250), 100),
                new DrillFault.Errors(new DrillFault.Target.Service(ServiceName.of("web"), usEast), 503, 50),
                new DrillFault.StopNode(usEast, NodeId.of("gw-2")),
                new DrillFault.Partition(usEast, euWest));
        assertThat(scenario.timeline().getFirst().lasting()).contains(Duration.ofSeconds(10));
        assertThat(scenario.expectations()).containsExactly(
                new Expectation.MaxErrorRate(Optional.empty(), 0.01),
                new Expectation.MaxErrorRate(Optional.of("outage"), 0.5),
                new Expectation.TrafficMovesAway("outage", euWest, Duration.ofSeconds(1)),
                new Expectation.TrafficReturns("outage", euWest, Duration.ofSeconds(2)),
                new Expectation.Latency(Optional.of("baseline"), 99.9, Duration.ofMillis(100)),
                new Expectation.NoCommittedStateLost());
        assertThat(scenario.phases()).extracting(Scenario.Phase::name)
                .containsExactly("baseline", "outage", "slow", "broken", "node", "split");
    }

    static Stream<Arguments> brokenScenarios() {
        return Stream.of(
                Arguments.of("unknown key with a suggestion", """
                        drill: t
                        duration: 30s
                        load:
                          - { service: payments, from: us-east, rat: 100 }
                        """, List.of(
                        "4:5: load[0]: missing required key 'rate'",
                        "4:41: load[0].rat: unknown key 'rat' (did you mean 'rate'?)")),
                Arguments.of("unknown key without a suggestion", """
                        drill: t
                        duration: 30s
                        colour: blue
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        """, List.of(
                        "3:1: colour: unknown key 'colour' (expected one of: drill, description, federation, duration, load,"
                                + " timeline, expectations)")),
                Arguments.of("wrong types", """
                        drill: [t]
                        duration: 30s
                        load:
                          - { service: payments, from: us-east, rate: "100", concurrency: many }
                        timeline: { id: x }
                        """, List.of(
                        "1:8: drill: expected a name (1-63 of a-z, 0-9 and '-', not starting or ending with '-'), got a list",
                        "4:47: load[0].rate: expected calls per second, such as 200, got the quoted string '100'",
                        "4:67: load[0].concurrency: expected an integer, calls in flight, got the string 'many'",
                        "5:11: timeline: expected a list of steps, got a mapping")),
                Arguments.of("durations", """
                        drill: t
                        duration: 30
                        load: [ { service: payments, from: us-east, rate: 1, duration: 0s } ]
                        timeline:
                          - { id: a, at: 1.5s, fault: { kind: fail-region, region: eu-west } }
                        """, List.of(
                        "2:11: duration: expected a duration such as 250ms, 10s or 2m, got '30' (add a unit: ms, s or m)",
                        "3:64: load[0].duration: duration '0s' must be more than zero",
                        "5:18: timeline[0].at: expected a duration such as 250ms, 10s or 2m, got '1.5s'")),
                Arguments.of("a step beyond the duration, and a fault that ends after it", """
                        drill: t
                        duration: 20s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: late, at: 20s, fault: { kind: fail-region, region: eu-west } }
                          - { id: long, at: 21s, for: 5s, fault: { kind: fail-region, region: eu-west } }
                        """, List.of(
                        "5:21: timeline[0].at: step at 20s is beyond the drill's duration, 20s (expected: less than the duration)",
                        "6:21: timeline[1].at: step at 21s is beyond the drill's duration, 20s (expected: less than the duration)")),
                Arguments.of("steps out of order, a duplicate id and a fault past the end", """
                        drill: t
                        duration: 20s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: a, at: 10s, for: 15s, fault: { kind: fail-region, region: eu-west } }
                          - { id: a, at: 5s, fault: { kind: stop-leader, region: eu-west } }
                        """, List.of(
                        "5:28: timeline[0].for: the fault ends at 25s, after the drill's end at 20s (expected: 'at' plus 'for' at most"
                                + " the duration; leave 'for' out for a fault that lasts to the end)",
                        "6:11: timeline[1].id: duplicate step id 'a' (first used at line 5; expected: a unique id, which names the"
                                + " step's phase)",
                        "6:18: timeline[1].at: step at 5s comes before the step above it, at 10s (expected: steps in time order)")),
                Arguments.of("expectations naming unknown phases and steps", """
                        drill: t
                        duration: 30s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: outage, at: 10s, fault: { kind: fail-region, region: eu-west } }
                        expectations:
                          - { kind: max-error-rate, phase: outgae, max: 0.01 }
                          - { kind: traffic-moves-away, step: partition, from: eu-west, within: 1s }
                          - { kind: traffic-returns, step: outage, to: eu-west, within: 5s }
                        """, List.of(
                        "7:36: expectations[0].phase: unknown phase 'outgae' (did you mean 'outage'?)",
                        "8:39: expectations[1].step: unknown step 'partition' (expected one of: outage)",
                        "9:36: expectations[2].step: step 'outage' lasts to the end of the drill, so traffic cannot return"
                                + " (expected: a step with 'for')")),
                Arguments.of("expectations that cannot be judged within the drill", """
                        drill: t
                        duration: 30s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: outage, at: 10s, for: 15s, fault: { kind: fail-region, region: eu-west } }
                        expectations:
                          - { kind: traffic-returns, step: outage, to: eu-west, within: 10s }
                        """, List.of(
                        "7:65: expectations[0].within: traffic must have returned by 35s, after the drill's end at 30s (expected:"
                                + " the step's 'at' plus 'for' plus 'within' at most the duration)")),
                Arguments.of("numbers out of range", """
                        drill: t
                        duration: 30s
                        load: [ { service: payments, from: us-east, rate: 0, concurrency: 0 } ]
                        timeline:
                          - { id: e, at: 1s, fault: { kind: errors, service: web, region: us-east, status: 200, percent: 101 } }
                        expectations:
                          - { kind: max-error-rate, max: 1.5 }
                          - { kind: latency, percentile: 0, max: 1s }
                        """, List.of(
                        "3:51: load[0].rate: rate 0 is out of range (expected: more than 0 calls per second)",
                        "3:67: load[0].concurrency: concurrency 0 is out of range (expected: calls in flight, 1 to 100000)",
                        "5:84: timeline[0].fault.status: status 200 is out of range (expected: an HTTP error status, 400 to 599)",
                        "5:98: timeline[0].fault.percent: percent 101 is out of range (expected: a percentage, 0 to 100)",
                        "7:34: expectations[0].max: error rate 1.5 is out of range (expected: a fraction from 0 to 1, such as 0.01"
                                + " for 1%)",
                        "8:34: expectations[1].percentile: percentile 0 is out of range (expected: more than 0, at most 100)")),
                Arguments.of("faults: unknown kind, keys of another kind, two targets, a partition of one region", """
                        drill: t
                        duration: 30s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: a, at: 1s, fault: { kind: fail-regoin, region: eu-west } }
                          - { id: b, at: 2s, fault: { kind: stop-leader, region: eu-west, node: gw-1 } }
                          - { id: c, at: 3s, fault: { kind: latency, service: web, from: us-east, delay: 1s } }
                          - { id: d, at: 4s, fault: { kind: partition, regions: [eu-west, eu-west] } }
                          - { id: e, at: 5s, fault: { region: eu-west } }
                        """, List.of(
                        "5:37: timeline[0].fault.kind: unknown fault kind 'fail-regoin' (did you mean 'fail-region'?)",
                        "6:67: timeline[1].fault.node: unknown key 'node' (expected one of: kind, region)",
                        "7:29: timeline[2].fault: a fault applies to a service or between regions, not both (expected: either"
                                + " 'service' and 'region', or 'from' and 'to')",
                        "8:67: timeline[3].fault.regions[1]: region 'eu-west' cannot be partitioned from itself (expected: two"
                                + " different regions)",
                        "9:29: timeline[4].fault: missing required key 'kind' (expected one of: fail-endpoints, fail-region,"
                                + " partition, latency, errors, stop-node, stop-leader, rotate-certificate, expire-certificate)")),
                Arguments.of("a link fault from a region to itself", """
                        drill: t
                        duration: 30s
                        load: [ { service: payments, from: us-east, rate: 1 } ]
                        timeline:
                          - { id: a, at: 1s, fault: { kind: errors, from: eu-west, to: eu-west } }
                        """, List.of(
                        "5:64: timeline[0].fault.to: calls from region 'eu-west' to itself do not cross regions (expected: two"
                                + " different regions, or 'service' and 'region' for the region's own endpoints)")),
                Arguments.of("names and requests", """
                        drill: Region_Outage
                        duration: 30s
                        load:
                          - { service: payments, from: us-east, rate: 1, request: { grpc: Echo, path: /x } }
                          - { service: payments, from: us-east, rate: 1, request: { method: get, path: drill } }
                        timeline:
                          - { id: baseline, at: 1s, fault: { kind: fail-region, region: eu-west } }
                        """, List.of(
                        "1:8: drill: drill 'Region_Outage' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-', not starting"
                                + " or ending with '-')",
                        "4:67: load[0].request.grpc: 'Echo' is not a gRPC method (expected: package.Service/Method, such as"
                                + " strait.echo.v1.Echo/Unary)",
                        "4:79: load[0].request.path: 'path' does not go with 'grpc' (expected: either an HTTP request with method,"
                                + " path and bodyBytes, or a gRPC call)",
                        "5:69: load[1].request.method: 'get' is not an HTTP method (expected: upper-case letters, such as GET or"
                                + " POST)",
                        "5:80: load[1].request.path: 'drill' is not a request path (expected: starting with '/', without spaces)",
                        "7:11: timeline[0].id: step id 'baseline' is taken by the phase before the first step (expected: another"
                                + " name)")),
                Arguments.of("duplicate keys and load names, a load longer than the drill", """
                        drill: t
                        duration: 10s
                        duration: 20s
                        load:
                          - { service: payments, from: us-east, rate: 1, duration: 15s }
                          - { service: payments, from: eu-west, rate: 1 }
                        """, List.of(
                        "3:1: duration: duplicate key 'duration' (first defined at line 2)",
                        "5:60: load[0].duration: load duration 15s is longer than the drill (expected: at most its duration, 10s)",
                        "6:5: load[1]: duplicate load name 'payments' (first used at line 5; expected: a unique 'name' for each"
                                + " load, by default its service)")),
                Arguments.of("missing keys and values", """
                        drill:
                        description: nothing else
                        """, List.of(
                        "1:1: drill: missing value for required key 'drill'",
                        "1:1: missing required key 'duration'",
                        "1:1: missing required key 'load'")),
                Arguments.of("an empty document", "# nothing\n", List.of(
                        "1:1: the document is empty (expected: a mapping with 'drill', 'duration' and 'load')")),
                Arguments.of("malformed YAML", "drill: t\nload: [ { service: payments\n", List.of()),
                Arguments.of("a tag", "drill: !!str t\n", List.of("1:8: YAML tags are not allowed (found 'tag:yaml.org,2002:str')")),
                Arguments.of("two documents", "drill: t\n---\ndrill: u\n", List.of(
                        "2:1: a scenario file holds one YAML document, but a second one starts here")),
                Arguments.of("a recursive alias", "drill: &a [ *a ]\n", List.of(
                        "1:13: alias '*a' is inside the collection it refers to; recursive structures are not allowed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenScenarios")
    void reportsEveryProblemAtItsLineAndColumn(String title, String yaml, List<String> expected) {
        assertThatThrownBy(() -> new ScenarioLoader().load(yaml, FILE))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    List<String> problems = e.problems().stream().map(p -> p.toString().substring(FILE.toString().length() + 1)).toList();
                    if (expected.isEmpty()) {
                        assertThat(problems).singleElement().asString().startsWith("3:1: malformed YAML: expected ',' or '}'");
                    } else {
                        assertThat(problems).containsExactlyElementsOf(expected);
                    }
                    assertThat(e.getMessage()).startsWith(FILE + ":");
                });
    }

    @Test
    void refusesNestingTooDeepAndTooManyAliases() {
        String deep = "drill: " + "[".repeat(100) + "]".repeat(100) + "\n";
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x]\n");
        for (int i = 1; i < 60; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }

        assertThatThrownBy(() -> new ScenarioLoader().load(deep, FILE)).hasMessageContaining("nesting deeper than 32 levels");
        assertThatThrownBy(() -> new ScenarioLoader().load(laughs.toString(), FILE)).hasMessageContaining("billion laughs");
    }

    @Test
    void refusesAFileTooLargeBeforeReadingIt() throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "# " + "x".repeat(ScenarioLimits.MAX_BYTES) + "\n");

        assertThatThrownBy(() -> new ScenarioLoader().load(file)).hasMessageStartingWith(file + ":1:1: the file is");
    }

    @Test
    void refusesAMissingFile() {
        Path file = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> new ScenarioLoader().load(file)).hasMessage(file + ":1:1: the scenario file does not exist");
    }

    @Test
    void refusesAFederationFileThatDoesNotExist() throws Exception {
        Path file = dir.resolve("drill.yaml");
        Files.writeString(file, "drill: t\nfederation: ../missing.yaml\nduration: 1s\nload: [ { service: s, from: r, rate: 1 } ]\n");

        assertThatThrownBy(() -> new ScenarioLoader().load(file))
                .hasMessageStartingWith(file + ":2:13: federation: federation config '../missing.yaml' does not exist");
    }
}

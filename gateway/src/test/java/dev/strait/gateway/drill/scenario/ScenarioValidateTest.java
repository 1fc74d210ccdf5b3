package dev.strait.gateway.drill.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A scenario naming what configs/drills/federation.yaml lacks is refused at the scenario's lines. */
class ScenarioValidateTest {
    private static final Path FILE = Path.of("drill.yaml");
    private static FederationConfig federation;

    @BeforeAll
    static void loadFederation() throws Exception {
        federation = new FederationConfigLoader().load(ScenarioFiles.configs().resolve("drills/federation.yaml"),
                LoadOptions.withoutFileChecks());
    }

    static Stream<Arguments> unknownReferences() {
        return Stream.of(
                Arguments.of("unknown service and region of a load", """
                        drill: t
                        duration: 30s
                        load:
                          - { service: paymnets, from: us-east, rate: 1 }
                          - { service: web, from: eu-wset, rate: 1 }
                        """, List.of(
                        "4:16: load[0].service: unknown service 'paymnets' (did you mean 'payments'?)",
                        "5:27: load[1].from: unknown region 'eu-wset' (did you mean 'eu-west'?)")),
                Arguments.of("faults naming what a region lacks", """
                        drill: t
                        duration: 30s
                        load: [ { service: web, from: eu-west, rate: 1 } ]
                        timeline:
                          - { id: a, at: 1s, fault: { kind: fail-endpoints, service: web, region: eu-west } }
                          - { id: b, at: 2s, fault: { kind: stop-node, region: us-east, node: gw-9 } }
                          - { id: c, at: 3s, fault: { kind: partition, regions: [us-east, mars] } }
                          - { id: d, at: 4s, fault: { kind: latency, from: ap-south, to: us-west, delay: 1s } }
                          - { id: e, at: 5s, fault: { kind: rotate-certificate, region: eu-west, node: gw-2 } }
                        """, List.of(
                        "5:62: timeline[0].fault.service: service 'web' is not served in region 'eu-west' (expected one of: payments)",
                        "6:71: timeline[1].fault.node: region 'us-east' has no node 'gw-9' (did you mean 'gw-1'?)",
                        "7:67: timeline[2].fault.regions[1]: unknown region 'mars' (expected one of: us-east, eu-west, ap-south)",
                        "8:66: timeline[3].fault.to: unknown region 'us-west' (did you mean 'us-east'?)",
                        "9:80: timeline[4].fault.node: region 'eu-west' has no node 'gw-2' (did you mean 'gw-1'?)")),
                Arguments.of("expectations naming unknown regions", """
                        drill: t
                        duration: 30s
                        load: [ { service: web, from: eu-west, rate: 1 } ]
                        timeline:
                          - { id: a, at: 1s, for: 5s, fault: { kind: fail-region, region: eu-west } }
                        expectations:
                          - { kind: traffic-moves-away, step: a, from: eu-east, within: 1s }
                          - { kind: traffic-returns, step: a, to: asia, within: 1s }
                        """, List.of(
                        "7:48: expectations[0].from: unknown region 'eu-east' (did you mean 'us-east'?)",
                        "8:43: expectations[1].to: unknown region 'asia' (expected one of: us-east, eu-west, ap-south)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownReferences")
    void reportsEveryUnknownReferenceAtTheScenariosPosition(String title, String yaml, List<String> expected) throws Exception {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load(yaml, FILE);

        assertThatThrownBy(() -> loader.validate(scenario, federation))
                .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.problems())
                        .map(p -> p.toString().substring(FILE.toString().length() + 1))
                        .containsExactlyElementsOf(expected));
    }

    @Test
    void refusesALoadFromARegionTheServiceIsNotExportedTo() throws Exception {
        // web is exported to eu-west and ap-south; payments to us-east and each other: every region reaches both.
        FederationConfig narrow = new FederationConfigLoader().load("""
                federation: narrow
                trustDomain: strait.test
                regions:
                  a:
                    nodes: { gw-1: { host: 127.0.0.1, ports: { local: 18901, peer: 18902, admin: 18903, raft: 18904, federation: 18905 } } }
                    services:
                      s: { protocol: http1, endpoints: [ { id: s-1, address: "127.0.0.1:19901" } ] }
                  b:
                    nodes: { gw-1: { host: 127.0.0.1, ports: { local: 18911, peer: 18912, admin: 18913, raft: 18914, federation: 18915 } } }
                """, Path.of("narrow.yaml"), LoadOptions.withoutFileChecks());
        ScenarioLoader loader = new ScenarioLoader();
        Scenario scenario = loader.load("drill: t\nduration: 5s\nload:\n  - { service: s, from: b, rate: 1 }\n", FILE);

        assertThatThrownBy(() -> loader.validate(scenario, narrow)).hasMessage(FILE + ":4:25: load[0].from: region 'b' cannot"
                + " call service 's': it does not serve it, and no region that does exports it there (expected: one of a, or an"
                + " exportTo that lists 'b')");
    }
}

package dev.strait.policy.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.strait.policy.config.ConfigException;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link ConfigPlan#between} finds between an applied config and an edited copy, table-driven, and how it renders. */
class ConfigPlanTest {
    private static final String APPLIED = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                failover: [eu-west]
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web: {}
              eu-west:
                failover: [us-east]
                nodes:
                  gw-1:
                    host: 10.0.1.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  payments:
                    protocol: http1
                    exportTo: [us-east]
                    endpoints:
                      - { id: payments-1, address: "10.0.1.10:8080" }
                      - { id: payments-2, address: "10.0.1.11:8080" }
                    authorization:
                      - { action: allow, from: [anonymous] }
                      - { action: deny, from: ["*"], methods: [DELETE] }
                  ledger:
                    protocol: grpc
                    endpoints:
                      - { id: ledger-1, address: "10.0.1.20:9090" }
            """;

    static Stream<Arguments> edits() {
        return Stream.of(
                arguments("nothing", "", "", List.of()),
                arguments("a service added", "  ledger:\n",
                        "  audit:\n        endpoints: [ { id: audit-1, address: \"10.0.1.30:80\" } ]\n      ledger:\n",
                        List.of("+ service audit (eu-west)")),
                arguments("a service removed", "      web: {}\n", "      api: {}\n",
                        List.of("+ service api (us-east)", "- service web (us-east)")),
                arguments("protocol", "protocol: grpc", "protocol: http2",
                        List.of("~ service ledger (eu-west): protocol grpc → http2")),
                arguments("upstream TLS", "protocol: grpc", "protocol: grpc\n        upstreamTls: mtls",
                        List.of("~ service ledger (eu-west): upstreamTls plaintext → mtls")),
                arguments("exports", "exportTo: [us-east]", "exportTo: []",
                        List.of("~ service payments (eu-west): exportTo [us-east] → []")),
                arguments("a service's own failover", "protocol: http1", "protocol: http1\n        failover: [us-east]",
                        List.of("~ service payments (eu-west): failover [] → [us-east]")),
                arguments("endpoints added, removed and moved",
                        "      - { id: payments-1, address: \"10.0.1.10:8080\" }\n          - { id: payments-2, address: \"10.0.1.11:8080\" }",
                        "      - { id: payments-1, address: \"10.0.1.12:8080\" }\n          - { id: payments-3, address: \"10.0.1.13:8080\" }",
                        List.of("~ service payments (eu-west): endpoint payments-1 10.0.1.10:8080 → 10.0.1.12:8080",
                                "~ service payments (eu-west): + endpoint payments-3 10.0.1.13:8080",
                                "~ service payments (eu-west): - endpoint payments-2 10.0.1.11:8080")),
                arguments("a health check", "protocol: grpc", "protocol: grpc\n        healthCheck: { tcp: true, interval: 2s }",
                        List.of("~ service ledger (eu-west): healthCheck none → tcp every 2s, timeout 1s, healthy 2, unhealthy 3")),
                arguments("a rule changed and one added", "methods: [DELETE] }",
                        "methods: [DELETE, PUT] }\n          - { action: allow, from: [\"region:us-east\"], paths: [ { prefix: /pay } ] }",
                        List.of("~ service payments (eu-west): authorization[1] deny from [*] methods [DELETE] → deny from [*] methods [DELETE, PUT]",
                                "~ service payments (eu-west): + authorization[2] allow from [region:us-east] paths [prefix /pay]")),
                arguments("a rule removed", "          - { action: deny, from: [\"*\"], methods: [DELETE] }\n", "",
                        List.of("~ service payments (eu-west): - authorization[1] deny from [*] methods [DELETE]")),
                arguments("endpoint metadata", "address: \"10.0.1.20:9090\" }", "address: \"10.0.1.20:9090\", metadata: { version: v2 } }",
                        List.of("~ service ledger (eu-west): endpoint ledger-1 10.0.1.20:9090 → 10.0.1.20:9090 {version=v2}")),
                arguments("traffic rules", "protocol: grpc", "protocol: grpc\n        traffic:\n"
                                + "          subsets: { v1: { version: v1 } }\n"
                                + "          timeout: 2s\n"
                                + "          circuitBreaker: { maxConnections: 10, maxPendingRequests: 5, maxRequests: 20 }\n"
                                + "          routes:\n"
                                + "            - { name: pinned, match: { methods: [GET] }, split: [ { subset: v1, weight: 100 } ],"
                                + " retries: { attempts: 2, on: [reset] } }",
                        List.of("~ service ledger (eu-west): + traffic.subset v1 {version=v1}",
                                "~ service ledger (eu-west): + traffic defaults timeout 2s",
                                "~ service ledger (eu-west): traffic.circuitBreaker maxConnections 1024, maxPendingRequests 1024,"
                                        + " maxRequests 1024 → maxConnections 10, maxPendingRequests 5, maxRequests 20",
                                "~ service ledger (eu-west): + traffic.routes[0] pinned match methods [GET]; split subset 'v1' 100;"
                                        + " retries 2 attempts on [reset]")),
                arguments("a fault", "protocol: grpc", "protocol: grpc\n        faults:\n"
                                + "          - { id: drill, path: /api, abort: { status: 503, percent: 10 }, until: \"2030-01-01T00:00:00Z\" }",
                        List.of("~ service ledger (eu-west): + fault drill path /api; abort 503 10%; until 2030-01-01T00:00:00Z")),
                arguments("local callers", "    failover: [eu-west]\n",
                        "    failover: [eu-west]\n    localCallers: [ { from: 127.0.0.1, service: web } ]\n",
                        List.of("~ region us-east: localCallers [] → [127.0.0.1/32 as web]")),
                arguments("the local listener", "    failover: [eu-west]\n",
                        "    failover: [eu-west]\n    localListener: { tls: mtls, clientCertificate: optional, identity: web }\n",
                        List.of("~ region us-east: localListener plaintext → mtls, clientCertificate optional, identity web")),
                arguments("a region's failover", "failover: [us-east]", "failover: []",
                        List.of("~ region eu-west: failover [us-east] → []")),
                arguments("raft tuning", "    failover: [us-east]\n", "    failover: [us-east]\n    raft: { electionTimeoutMin: 1500ms, electionTimeoutMax: 3s }\n",
                        List.of("~ region eu-west: raft.electionTimeoutMin 1s → 1500ms", "~ region eu-west: raft.electionTimeoutMax 2s → 3s")),
                arguments("federation tuning", "    failover: [us-east]\n", "    failover: [us-east]\n    federation: { failbackRamp: 0ms }\n",
                        List.of("~ region eu-west: federation.failbackRamp 5s → 0ms")),
                arguments("a node moved", "host: 10.0.1.1", "host: 10.0.1.2",
                        List.of("~ region eu-west: node gw-1 host 10.0.1.1, adminHost 127.0.0.1, ports { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }"
                                + " → host 10.0.1.2, adminHost 127.0.0.1, ports { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }")),
                arguments("the trust domain", "trustDomain: strait.test", "trustDomain: strait.example",
                        List.of("~ federation: trustDomain strait.test → strait.example")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edits")
    void listsEachChangedElementOnOneLine(String what, String from, String to, List<String> expected) throws ConfigException {
        ConfigPlan plan = ConfigPlan.between(load(APPLIED), load(APPLIED.replace(from, to)));

        List<String> lines = Arrays.asList(PlanRenderer.render(plan).split("\n"));
        assertThat(lines.subList(0, lines.size() - 1)).as(what).containsExactlyElementsOf(expected);
        assertThat(plan.configChangeCount()).isEqualTo(expected.size());
    }

    @Test
    void aRegionAddedListsItsServicesAndARegionRemovedIsOneLine() throws ConfigException {
        String withoutEast = APPLIED.substring(0, APPLIED.indexOf("  us-east:")) + APPLIED.substring(APPLIED.indexOf("  eu-west:"))
                .replace("failover: [us-east]", "failover: []").replace("exportTo: [us-east]", "exportTo: []");
        String withAsia = APPLIED + """
                  ap-south:
                    nodes:
                      gw-1:
                        host: 10.0.2.1
                        ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                    services:
                      search: {}
                """;

        assertThat(PlanRenderer.render(ConfigPlan.between(load(APPLIED), load(withAsia)))).isEqualTo("""
                + region ap-south
                + service search (ap-south)
                2 changes in 1 region
                """);
        assertThat(PlanRenderer.render(ConfigPlan.between(load(APPLIED), load(withoutEast)))).isEqualTo("""
                ~ region eu-west: failover [us-east] → []
                ~ service payments (eu-west): exportTo [us-east] → []
                - region us-east
                3 changes in 2 regions
                """);
    }

    @Test
    void rendersRouteChangesAfterTheirRegionsConfigChangesAndCountsOnlyConfigChanges() throws ConfigException {
        RegionName east = RegionName.of("us-east");
        RegionName west = RegionName.of("eu-west");
        RegionName asia = RegionName.of("ap-south");
        ServiceName payments = ServiceName.of("payments");
        ConfigPlan plan = ConfigPlan.between(load(APPLIED), load(APPLIED.replace("exportTo: [us-east]", "exportTo: []")));
        Map<RegionName, Map<ServiceName, List<RouteCandidate>>> before = new LinkedHashMap<>();
        before.put(east, Map.of(payments, List.of(RouteCandidate.local(east), RouteCandidate.remote(west)),
                ServiceName.of("web"), List.of(RouteCandidate.local(east))));
        before.put(west, Map.of(payments, List.of(RouteCandidate.local(west))));
        Map<RegionName, Map<ServiceName, List<RouteCandidate>>> after = new LinkedHashMap<>();
        after.put(east, Map.of(payments, List.of(RouteCandidate.local(east), RouteCandidate.remote(asia), RouteCandidate.remote(west)),
                ServiceName.of("web"), List.of(RouteCandidate.local(east))));
        after.put(west, Map.of(payments, List.of(RouteCandidate.local(west)), ServiceName.of("search"), List.of(RouteCandidate.remote(asia))));

        assertThat(PlanRenderer.render(plan.withRoutes(before, after))).isEqualTo("""
                ~ service payments (eu-west): exportTo [us-east] → []
                ~ routes from eu-west: search.mesh: (none) → remote:ap-south
                ~ routes from us-east: payments.mesh: local:us-east, remote:eu-west → local:us-east, remote:ap-south, remote:eu-west
                1 change in 1 region
                """);
    }

    @Test
    void anUnchangedConfigSaysSo() throws ConfigException {
        ConfigPlan plan = ConfigPlan.between(load(APPLIED), load(APPLIED));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(PlanRenderer.render(plan)).isEqualTo("no changes\n");
    }

    private static FederationConfig load(String yaml) throws ConfigException {
        return new FederationConfigLoader().load(yaml, Path.of("federation.yaml"), LoadOptions.withoutFileChecks());
    }
}

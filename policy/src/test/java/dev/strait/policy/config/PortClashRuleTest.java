package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which listeners and endpoints share a machine, and so which ports clash. */
class PortClashRuleTest {
    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void nodesOnTheirOwnHostsMayKeepTheSameLoopbackAdminPort() {
        assertThat(problems(node("gw-1", "10.0.0.1", 15000) + node("gw-2", "10.0.0.2", 15000))).isEmpty();
    }

    @Test
    void nodesOnLoopbackShareOneMachine() {
        assertThat(problems(node("gw-1", "127.0.0.1", 15000) + node("gw-2", "localhost", 15000))).containsExactly(
                "7:48: regions.us-east.nodes.gw-2.ports.local: localhost:15001 is already used by regions.us-east.nodes.gw-1.ports.local (127.0.0.1:15001) at line 6",
                "7:61: regions.us-east.nodes.gw-2.ports.peer: localhost:15002 is already used by regions.us-east.nodes.gw-1.ports.peer (127.0.0.1:15002) at line 6",
                "7:75: regions.us-east.nodes.gw-2.ports.admin: 127.0.0.1:15003 is already used by regions.us-east.nodes.gw-1.ports.admin at line 6",
                "7:88: regions.us-east.nodes.gw-2.ports.raft: localhost:15004 is already used by regions.us-east.nodes.gw-1.ports.raft (127.0.0.1:15004) at line 6",
                "7:107: regions.us-east.nodes.gw-2.ports.federation: localhost:15005 is already used by regions.us-east.nodes.gw-1.ports.federation (127.0.0.1:15005) at line 6");
    }

    @Test
    void aWildcardListenerTakesThePortOnEveryAddressOfItsMachine() {
        String wildcardAdmin = node("gw-1", "10.0.0.1", 15000).replace("host: 10.0.0.1", "host: 10.0.0.1, adminHost: 0.0.0.0");
        String sameMachine = node("gw-2", "10.0.0.1", 16000).replace("local: 16001", "local: 15003");
        String otherMachine = node("gw-3", "10.0.0.3", 17000).replace("local: 17001", "local: 15003");

        assertThat(problems(wildcardAdmin + sameMachine + otherMachine)).containsExactly(
                "7:47: regions.us-east.nodes.gw-2.ports.local: 10.0.0.1:15003 is already used by regions.us-east.nodes.gw-1.ports.admin (0.0.0.0:15003) at line 6");
    }

    @Test
    void aLoopbackEndpointClashesWithALoopbackListenerOnItsRegionsMachines() {
        String yaml = node("gw-1", "10.0.0.1", 15000) + """
                    services:
                      web:
                        endpoints:
                          - { id: web-1, address: "127.0.0.1:15003" }
                          - { id: web-2, address: "10.0.0.1:15001" }
                          - { id: web-3, address: "10.0.0.9:15003" }
                          - { id: web-4, address: "127.0.0.1:9000" }
                          - { id: web-5, address: "127.0.0.1:9000" }
                """;

        assertThat(problems(yaml)).containsExactly(
                "10:35: regions.us-east.services.web.endpoints[0].address: 127.0.0.1:15003 is already used by regions.us-east.nodes.gw-1.ports.admin at line 6",
                "11:35: regions.us-east.services.web.endpoints[1].address: 10.0.0.1:15001 is already used by regions.us-east.nodes.gw-1.ports.local at line 6");
    }

    @Test
    void aLoopbackEndpointDoesNotClashWithAnotherRegionsMachine() {
        String yaml = node("gw-1", "10.0.0.1", 15000) + """
                    services:
                      web:
                        endpoints:
                          - { id: web-1, address: "127.0.0.1:16003" }
                  eu-west:
                    nodes:
                      gw-1: { host: 10.0.0.2, ports: { local: 16001, peer: 16002, admin: 16003, raft: 16004, federation: 16005 } }
                """;

        assertThat(problems(yaml)).isEmpty();
    }

    /** A node of us-east whose five ports are base+1 to base+5. */
    private static String node(String name, String host, int base) {
        return "      %s: { host: %s, ports: { local: %d, peer: %d, admin: %d, raft: %d, federation: %d } }\n"
                .formatted(name, host, base + 1, base + 2, base + 3, base + 4, base + 5);
    }

    private List<String> problems(String regionBody) {
        String yaml = """
                federation: test
                trustDomain: strait.test
                regions:
                  us-east:
                    nodes:
                """ + regionBody;
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(yaml, Path.of("clash.yaml"), LoadOptions.withoutFileChecks()));
        return refused == null ? List.of() : refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}

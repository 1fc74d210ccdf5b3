package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ListenerPorts;
import dev.strait.policy.model.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A node's {@code ports.additionalLocal}: more ports of its local listener, what they bind to, and every problem at its position. */
class AdditionalLocalPortsBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The ports mapping is on line 7; "        ports: { local: 15001, " puts additionalLocal at column 32.
    private static final String NODE = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    ports: { local: 15001, %s, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                    host: 127.0.0.1
            """;
    private static final String PORTS = "regions.us-east.nodes.gw-1.ports";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void aNodeWithoutAdditionalLocalPortsListensOnItsLocalPortOnly() throws ConfigException {
        NodeConfig node = nodeOf(NODE.replace("%s, ", ""));

        assertThat(node.ports().additionalLocal()).isEmpty();
        assertThat(node.localAddresses()).containsExactly(new HostPort("127.0.0.1", 15001));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "additionalLocal: []              | ''",
            "additionalLocal: [15002]         | 15002",
            "additionalLocal: [15003, 15002]  | 15003 15002",
    })
    void theLocalListenerAlsoListensOnEachAdditionalPortInOrder(String key, String ports) throws ConfigException {
        NodeConfig node = nodeOf(NODE.formatted(key));
        List<Integer> expected = ports.isBlank() ? List.of() : java.util.Arrays.stream(ports.split(" ")).map(Integer::valueOf).toList();

        assertThat(node.ports().additionalLocal()).isEqualTo(expected);
        assertThat(node.ports().local()).isEqualTo(15001);
        assertThat(node.localAddresses().getFirst()).isEqualTo(node.localAddress());
        assertThat(node.localAddresses()).extracting(HostPort::port).containsExactlyElementsOf(node.ports().localPorts());
        assertThat(node.ports().localPorts()).hasSize(1 + expected.size()).startsWith(15001);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "additionalLocal: 15002 | 7:49: " + PORTS + ".additionalLocal: expected a list of ports, got '15002'",
            "additionalLocal: [70000] | 7:50: " + PORTS + ".additionalLocal[0]: port 70000 is out of range (expected: 1-65535)",
            "additionalLocal: [15001] | 7:50: " + PORTS + ".additionalLocal[0]: port 15001 is already the local port"
                    + " (expected: each port of the local listener once)",
            "additionalLocal: [15002, 15002] | 7:57: " + PORTS + ".additionalLocal[1]: port 15002 is listed twice"
                    + " (expected: each port of the local listener once)",
            // Of two listeners on one port, the later one in the file is reported.
            "additionalLocal: [15443] | 7:64: " + PORTS + ".peer: 127.0.0.1:15443 is already used by " + PORTS
                    + ".additionalLocal[0] at line 7",
            "aditionalLocal: [15002] | 7:32: " + PORTS + ".aditionalLocal: unknown key 'aditionalLocal' (did you mean"
                    + " 'additionalLocal'?)",
    })
    void reportsEachProblemWhereItIs(String key, String problem) {
        assertThat(problemsOf(NODE.formatted(key))).containsExactly(problem);
    }

    @Test
    void anAdditionalLocalPortClashesWithAnotherNodesListenerOnTheSameMachine() {
        String yaml = NODE.formatted("additionalLocal: [16001]") + """
                  gw-2:
                    host: 127.0.0.1
                    ports: { local: 16001, peer: 16443, admin: 16900, raft: 16700, federation: 16800 }
            """;

        assertThat(problemsOf(yaml)).containsExactly("11:25: regions.us-east.nodes.gw-2.ports.local: 127.0.0.1:16001 is already"
                + " used by " + PORTS + ".additionalLocal[0] at line 7");
    }

    @Test
    void theModelRefusesAPortTwice() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new ListenerPorts(15001, 15443, 15900, 15700, 15800, List.of(15002, 15002))))
                .hasMessage("additional local port 15002 is the local port or listed twice (expected: each local port once)");
        assertThat(new ListenerPorts(15001, 15443, 15900, 15700, 15800)).isEqualTo(
                new ListenerPorts(15001, 15443, 15900, 15700, 15800, List.of()));
    }

    private NodeConfig nodeOf(String yaml) throws ConfigException {
        return loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().nodes().getFirst();
    }

    private List<String> problemsOf(String yaml) {
        ConfigException refused = catchThrowableOfType(ConfigException.class, () -> loader.load(yaml, SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}

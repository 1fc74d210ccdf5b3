package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.AddressRange;
import dev.strait.policy.model.LocalCaller;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A region's {@code localCallers} list: what it binds to, and every problem at its position, table-driven. */
class LocalCallerBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The block starts on line 5; a one-line entry from callers(...) is on line 6, its '{' at column 9 and 'from''s value at 17.
    private static final String REGION = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
            %s
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web: {}
            """;
    private static final String CALLERS = "regions.us-east.localCallers";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @Test
    void bindsEachEntryInOrderWhetherOrNotTheRegionServesTheService() throws ConfigException {
        List<LocalCaller> callers = callersOf(callers(
                "{ from: 10.1.0.0/16, service: checkout }",
                "{ from: 127.0.0.1, service: web }",
                "{ from: \"fd00::/8\", service: batch }",
                "{ from: \"::1\", service: web }",
                "{ from: 0.0.0.0/0, service: anyone }"));

        assertThat(callers).containsExactly(
                new LocalCaller(AddressRange.parse("10.1.0.0/16"), ServiceName.of("checkout")),
                new LocalCaller(AddressRange.parse("127.0.0.1/32"), ServiceName.of("web")),
                new LocalCaller(AddressRange.parse("fd00::/8"), ServiceName.of("batch")),
                new LocalCaller(AddressRange.parse("::1/128"), ServiceName.of("web")),
                new LocalCaller(AddressRange.parse("0.0.0.0/0"), ServiceName.of("anyone")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"    failover: []", "    localCallers:", "    localCallers: []"})
    void aRegionWithoutLocalCallersHasNone(String block) throws ConfigException {
        assertThat(callersOf(block)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Ranges: as AddressRange.parse reports them
            "{ from: 10.1.2.0/16, service: web } | 6:17: regions.us-east.localCallers[0].from: 10.1.2.0/16 has bits set after the prefix (expected the network address, such as 10.1.0.0/16)",
            "{ from: \"fd00::1/8\", service: web } | 6:17: regions.us-east.localCallers[0].from: fd00:0:0:0:0:0:0:1/8 has bits set after the prefix (expected the network address, such as fd00:0:0:0:0:0:0:0/8)",
            "{ from: 10.0.0.0/33, service: web } | 6:17: regions.us-east.localCallers[0].from: prefix length 33 is out of range (expected: 0-32)",
            "{ from: \"::/129\", service: web } | 6:17: regions.us-east.localCallers[0].from: prefix length 129 is out of range (expected: 0-128)",
            "{ from: 10.0.0.0/x, service: web } | 6:17: regions.us-east.localCallers[0].from: 'x' is not a prefix length (expected: 0-32)",
            "{ from: \"fd00::1::2\", service: web } | 6:17: regions.us-east.localCallers[0].from: 'fd00::1::2' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            // Only the standard forms of an address
            "{ from: gateway.internal, service: web } | 6:17: regions.us-east.localCallers[0].from: 'gateway.internal' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: 10.1, service: web } | 6:17: regions.us-east.localCallers[0].from: '10.1' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: 10/8, service: web } | 6:17: regions.us-east.localCallers[0].from: '10' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: 10.0.0.010, service: web } | 6:17: regions.us-east.localCallers[0].from: '10.0.0.010' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: 300.0.0.0/8, service: web } | 6:17: regions.us-east.localCallers[0].from: '300.0.0.0' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: \"fe80::1%eth0\", service: web } | 6:17: regions.us-east.localCallers[0].from: 'fe80::1%eth0' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: \"[::1]\", service: web } | 6:17: regions.us-east.localCallers[0].from: '[::1]' is not an IP address literal (expected a range such as 10.0.0.0/8 or ::1/128)",
            "{ from: [10.0.0.0/8], service: web } | 6:17: regions.us-east.localCallers[0].from: expected a range such as 10.0.0.0/8 or ::1/128, got a list",
            // The service
            "{ from: 10.0.0.0/8, service: Web } | 6:38: regions.us-east.localCallers[0].service: service name 'Web' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-', not starting or ending with '-')",
            "{ from: 10.0.0.0/8, service: [web] } | 6:38: regions.us-east.localCallers[0].service: expected a service name, got a list",
            // Keys
            "{ from: 10.0.0.0/8 } | 6:9: regions.us-east.localCallers[0]: missing required key 'service'",
            "{ service: web } | 6:9: regions.us-east.localCallers[0]: missing required key 'from'",
            "{ from: 10.0.0.0/8, service: } | 6:29: regions.us-east.localCallers[0].service: missing value for required key 'service'",
            "10.0.0.0/8 | 6:9: regions.us-east.localCallers[0]: expected a mapping, got '10.0.0.0/8'",
    })
    void reportsEachProblemWhereItIs(String entry, String problem) {
        assertThat(problemsOf(callers(entry))).containsExactly(problem);
    }

    @Test
    void anUnknownKeyIsReportedWithASuggestion() {
        assertThat(problemsOf(callers("{ from: 10.0.0.0/8, servce: web }"))).containsExactly(
                "6:9: " + CALLERS + "[0]: missing required key 'service'",
                "6:29: " + CALLERS + "[0].servce: unknown key 'servce' (did you mean 'service'?)");
        assertThat(problemsOf(callers("{ from: 10.0.0.0/8, service: web, port: 8080 }"))).containsExactly(
                "6:43: " + CALLERS + "[0].port: unknown key 'port' (expected one of: from, service)");
    }

    @Test
    void theListIsAList() {
        assertThat(problemsOf("    localCallers: { from: 10.0.0.0/8, service: web }")).containsExactly(
                "5:19: " + CALLERS + ": expected a list of local callers, got a mapping");
        assertThat(problemsOf("    localcallers: []")).containsExactly(
                "5:5: regions.us-east.localcallers: unknown key 'localcallers' (did you mean 'localCallers'?)");
    }

    @Test
    void anEntryInsideAnEarlierEntrysRangeNeverApplies() {
        assertThat(problemsOf(callers(
                "{ from: 10.0.0.0/8, service: web }",
                "{ from: 10.1.0.0/16, service: checkout }",
                "{ from: 10.0.0.0/8, service: batch }",
                "{ from: 10.1.2.3, service: batch }"))).containsExactly(
                "7:17: " + CALLERS + "[1].from: never applies: localCallers[0] (10.0.0.0/8) already takes every address of"
                        + " 10.1.0.0/16, and the first match wins",
                "8:17: " + CALLERS + "[2].from: never applies: localCallers[0] (10.0.0.0/8) already takes every address of"
                        + " 10.0.0.0/8, and the first match wins",
                "9:17: " + CALLERS + "[3].from: never applies: localCallers[0] (10.0.0.0/8) already takes every address of"
                        + " 10.1.2.3/32, and the first match wins");
    }

    @Test
    void narrowerRangesFirstAndRangesOfTheOtherFamilyAreFine() throws ConfigException {
        assertThat(callersOf(callers(
                "{ from: 10.1.2.3, service: batch }",
                "{ from: 10.1.0.0/16, service: checkout }",
                "{ from: 10.0.0.0/8, service: web }",
                "{ from: 0.0.0.0/0, service: web }",
                "{ from: \"fd00::/8\", service: web }",
                "{ from: \"::/0\", service: web }"))).hasSize(6);
    }

    @Test
    void aBrokenEntryDoesNotHideTheOthers() {
        assertThat(problemsOf(callers(
                "{ from: 10.0.0.0/8, service: web }",
                "{ from: 10.1.2.0/16, service: web }",
                "{ from: 10.2.0.0/16, service: batch }",
                "{ from: 192.168.0.0/16, service: Batch }"))).containsExactly(
                "7:17: " + CALLERS + "[1].from: 10.1.2.0/16 has bits set after the prefix (expected the network address,"
                        + " such as 10.1.0.0/16)",
                "8:17: " + CALLERS + "[2].from: never applies: localCallers[0] (10.0.0.0/8) already takes every address of"
                        + " 10.2.0.0/16, and the first match wins",
                "9:42: " + CALLERS + "[3].service: service name 'Batch' is not a DNS label (expected: 1-63 of a-z, 0-9 and"
                        + " '-', not starting or ending with '-')");
    }

    /** A {@code localCallers} block of one-line entries, the first on line 6. */
    private static String callers(String... entries) {
        return "    localCallers:\n" + String.join("\n", Arrays.stream(entries).map(entry -> "      - " + entry).toList());
    }

    private List<LocalCaller> callersOf(String block) throws ConfigException {
        return loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().localCallers();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}

package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.LocalListener;
import dev.strait.policy.model.LocalListener.ClientCertificate;
import dev.strait.policy.model.ServiceName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A region's {@code localListener} block: its default, what it binds to, and every problem at its position, table-driven. */
class LocalListenerBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The block goes on line 5: "    localListener: { " puts its first key at column 22.
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
    private static final String LISTENER = "regions.us-east.localListener";

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"    failover: []", "    localListener:", "    localListener: {}", "    localListener: { tls: plaintext }"})
    void aRegionWithoutAListenerBlockHasAPlaintextListenerWithoutIdentity(String block) throws ConfigException {
        LocalListener listener = listenerOf(block);

        assertThat(listener).isEqualTo(LocalListener.PLAINTEXT);
        assertThat(listener.mutualTls()).isFalse();
        assertThat(listener.identity()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ tls: mtls }                                                | mtls      | required | ",
            "{ tls: mtls, clientCertificate: required }                   | mtls      | required | ",
            "{ tls: mtls, clientCertificate: optional }                   | mtls      | optional | ",
            "{ tls: mtls, clientCertificate: optional, identity: batch }  | mtls      | optional | batch",
            "{ identity: web }                                            | plaintext | required | web",
            "{ tls: plaintext, identity: frontend }                       | plaintext | required | frontend",
    })
    void bindsEachCombinationThatCanApply(String block, String tls, String clientCertificate, String identity)
            throws ConfigException {
        LocalListener listener = listenerOf("    localListener: " + block);

        assertThat(listener.tls().configName()).isEqualTo(tls);
        assertThat(listener.clientCertificate().configName()).isEqualTo(clientCertificate);
        assertThat(listener.identity()).isEqualTo(Optional.ofNullable(identity).map(ServiceName::new));
        assertThat(listener.certificateRequired()).isEqualTo(tls.equals("mtls") && clientCertificate.equals("required"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // Values
            "{ tls: tls } | 5:27: " + LISTENER + ".tls: unknown tls mode 'tls' (expected one of: plaintext, mtls)",
            "{ tls: MTLS } | 5:27: " + LISTENER + ".tls: unknown tls mode 'MTLS' (expected one of: plaintext, mtls)",
            "{ tls: [mtls] } | 5:27: " + LISTENER + ".tls: expected one of: plaintext, mtls, got a list",
            "{ tls: mtls, clientCertificate: true } | 5:52: " + LISTENER + ".clientCertificate: unknown client certificate mode"
                    + " 'true' (expected one of: required, optional)",
            "{ tls: mtls, clientCertificate: want } | 5:52: " + LISTENER + ".clientCertificate: unknown client certificate mode"
                    + " 'want' (expected one of: required, optional)",
            "{ identity: Web } | 5:32: " + LISTENER + ".identity: service name 'Web' is not a DNS label (expected: 1-63 of a-z,"
                    + " 0-9 and '-', not starting or ending with '-')",
            "{ identity: spiffe://strait.test/region/us-east/service/web } | 5:32: " + LISTENER + ".identity: service name"
                    + " 'spiffe://strait.test/region/us-east/serv...' is not a DNS label (expected: 1-63 of a-z, 0-9 and '-',"
                    + " not starting or ending with '-')",
            "{ identity: [web] } | 5:32: " + LISTENER + ".identity: expected a service name, got a list",
            // Keys that could never apply
            "{ clientCertificate: optional } | 5:22: " + LISTENER + ".clientCertificate: clientCertificate applies only to"
                    + " 'tls: mtls' (a plaintext listener asks callers for no certificate; expected: tls: mtls, or leave out"
                    + " clientCertificate)",
            "{ tls: plaintext, clientCertificate: required } | 5:38: " + LISTENER + ".clientCertificate: clientCertificate"
                    + " applies only to 'tls: mtls' (a plaintext listener asks callers for no certificate; expected: tls: mtls,"
                    + " or leave out clientCertificate)",
            "{ tls: mtls, identity: web } | 5:33: " + LISTENER + ".identity: never applies: with 'tls: mtls' and"
                    + " 'clientCertificate: required' (the default), every caller is identified by its certificate (expected:"
                    + " clientCertificate: optional, or leave out identity)",
            "{ tls: mtls, clientCertificate: required, identity: web } | 5:62: " + LISTENER + ".identity: never applies: with"
                    + " 'tls: mtls' and 'clientCertificate: required', every caller is identified by its certificate (expected:"
                    + " clientCertificate: optional, or leave out identity)",
            // Keys
            "{ tls: mtls, clientCertificates: optional } | 5:33: " + LISTENER + ".clientCertificates: unknown key"
                    + " 'clientCertificates' (did you mean 'clientCertificate'?)",
            "{ port: 15002 } | 5:22: " + LISTENER + ".port: unknown key 'port' (expected one of: tls, clientCertificate, identity, warmUp)",
            "mtls | 5:20: " + LISTENER + ": expected a mapping, got 'mtls'",
    })
    void reportsEachProblemWhereItIs(String block, String problem) {
        assertThat(problemsOf("    localListener: " + block)).containsExactly(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ tls: plaintext }                    | 0",
            "{ warmUp: 0s }                        | 0",
            "{ warmUp: 20s }                       | 20000",
            "{ tls: mtls, warmUp: 1500ms }         | 1500",
            "{ warmUp: 10m }                       | 600000",
    })
    void bindsHowLongTheListenerMayStayClosedToWarmUp(String block, long millis) throws ConfigException {
        assertThat(listenerOf("    localListener: " + block).warmUp()).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{ warmUp: 11m } | 5:30: " + LISTENER + ".warmUp: duration '11m' is too long (expected: at most 10m)",
            "{ warmUp: -1s } | 5:30: " + LISTENER + ".warmUp: expected a duration such as 500ms or 2s, got '-1s'",
            "{ warmUp: 20 } | 5:30: " + LISTENER + ".warmUp: expected a duration such as 500ms or 2s, got '20' (add a unit: ms, s or m)",
    })
    void reportsAWarmUpOutOfRangeWhereItIs(String block, String problem) {
        assertThat(problemsOf("    localListener: " + block)).singleElement().asString().startsWith(problem);
    }

    @Test
    void theModelRefusesAWarmUpOutOfRange() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> LocalListener.PLAINTEXT.withWarmUp(Duration.ofMinutes(11))))
                .hasMessage("warmUp PT11M is out of range (expected: 0s to 10m)");
        assertThat(LocalListener.PLAINTEXT.warmUp()).isZero();
    }

    @Test
    void localCallersNeverApplyWhereEveryCallerPresentsACertificate() {
        String callers = "    localCallers:\n      - { from: 10.1.0.0/16, service: checkout }\n";

        assertThat(problemsOf(callers + "    localListener: { tls: mtls }")).containsExactly(
                "5:5: regions.us-east.localCallers: never applies: the local listener has 'tls: mtls' and"
                        + " 'clientCertificate: required' (the default), so every caller is identified by its certificate,"
                        + " never by its address (expected: clientCertificate: optional, or leave out localCallers)");
        assertThat(problemsOf(callers + "    localListener: { tls: mtls, clientCertificate: required }")).singleElement()
                .asString().startsWith("5:5: regions.us-east.localCallers: never applies: the local listener has 'tls: mtls'"
                        + " and 'clientCertificate: required', so");
    }

    @Test
    void localCallersApplyToCallersWithoutACertificate() throws ConfigException {
        var region = regionOf("""
                    localCallers:
                      - { from: 10.1.0.0/16, service: checkout }
                    localListener: { tls: mtls, clientCertificate: optional, identity: batch }\
                """);

        assertThat(region.localCallers()).hasSize(1);
        assertThat(region.localListener()).isEqualTo(
                LocalListener.mtls(ClientCertificate.OPTIONAL, Optional.of(new ServiceName("batch"))));
    }

    @Test
    void rulesMayNameTheListenersFixedIdentity() throws ConfigException {
        String config = REGION.formatted("    localListener: { identity: frontend }").replace("      web: {}", """
                      web:
                        authorization: [ { action: allow, from: [service:frontend] } ]\
                """);

        assertThat(loader.load(config, SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().localListener().identity())
                .contains(new ServiceName("frontend"));
    }

    @Test
    void theModelRefusesWhatTheFormatRefuses() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> new LocalListener(LocalListener.Tls.PLAINTEXT, ClientCertificate.OPTIONAL, Optional.empty())))
                .hasMessageContaining("clientCertificate applies only to a mutual-TLS local listener");
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> LocalListener.mtls(ClientCertificate.REQUIRED, Optional.of(new ServiceName("web")))))
                .hasMessageContaining("never applies");
    }

    @Test
    void theBlockIsAMapping() {
        assertThat(problemsOf("    localListener: [ { tls: mtls } ]")).containsExactly(
                "5:20: " + LISTENER + ": expected a mapping, got a list");
        assertThat(problemsOf("    locallistener: { tls: mtls }")).containsExactly(
                "5:5: regions.us-east.locallistener: unknown key 'locallistener' (did you mean 'localListener'?)");
    }

    private LocalListener listenerOf(String block) throws ConfigException {
        return regionOf(block).localListener();
    }

    private dev.strait.policy.model.RegionConfig regionOf(String block) throws ConfigException {
        return loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst();
    }

    private List<String> problemsOf(String block) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(REGION.formatted(block), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}

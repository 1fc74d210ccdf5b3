package dev.strait.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A service's {@code upstreamIdentity}: the workload identity its endpoints must present over
 * TLS instead of the service's own, and every problem at its position.
 */
class UpstreamIdentityBindingTest {
    private static final Path SOURCE = Path.of("conf/federation.yaml");
    // The service mapping is on line 10; "      web: { " puts its first key at column 14.
    private static final String SERVICE = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                nodes:
                  gw-1:
                    host: 10.0.0.1
                    ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 }
                services:
                  web: { %s }
            """;
    private static final String WEB = "regions.us-east.services.web";
    private static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    private static final RegionName US_EAST = new RegionName("us-east");

    private final FederationConfigLoader loader = new FederationConfigLoader();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "upstreamTls: mtls                                                                    | spiffe://strait.test/region/us-east/service/web",
            "upstreamTls: tls                                                                     | spiffe://strait.test/region/us-east/service/web",
            "upstreamTls: mtls, upstreamIdentity: spiffe://strait.test/region/us-east/service/backend | spiffe://strait.test/region/us-east/service/backend",
            "upstreamTls: tls, upstreamIdentity: spiffe://strait.test/region/eu-west/service/web-v2   | spiffe://strait.test/region/eu-west/service/web-v2",
    })
    void endpointsMustPresentTheUpstreamIdentityElseTheServicesOwn(String keys, String expected) throws ConfigException {
        ServiceConfig web = serviceOf(keys);

        assertThat(web.expectedUpstreamIdentity(TRUST_DOMAIN, US_EAST).uri()).isEqualTo(expected);
        assertThat(web.upstreamIdentity().isPresent()).isEqualTo(keys.contains("upstreamIdentity"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "upstreamTls: mtls, upstreamIdentity: backend | 10:51: " + WEB + ".upstreamIdentity: upstream identity 'backend' is not"
                    + " a workload SPIFFE ID (expected: spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE)",
            "upstreamTls: mtls, upstreamIdentity: spiffe://strait.test/region/us-east/node/gw-1 | 10:51: " + WEB
                    + ".upstreamIdentity: upstream identity 'spiffe://strait.test/region/us-east/node...' is not a workload"
                    + " SPIFFE ID (expected: spiffe://TRUST-DOMAIN/region/REGION/service/SERVICE)",
            "upstreamIdentity: spiffe://strait.test/region/us-east/service/backend | 10:14: " + WEB + ".upstreamIdentity: never"
                    + " applies: endpoints spoken to in plaintext present no identity (expected: upstreamTls: tls or mtls, or"
                    + " leave out upstreamIdentity)",
            "upstreamTls: tls, upstreamIdentity: spiffe://other.test/region/us-east/service/backend | 10:50: " + WEB
                    + ".upstreamIdentity: trust domain 'other.test' is not the federation's trust domain 'strait.test', so no"
                    + " endpoint could present this identity (expected: spiffe://strait.test/...)",
            "upstreamTls: tls, upstreamIdentity: [spiffe://strait.test/region/us-east/service/backend] | 10:50: " + WEB
                    + ".upstreamIdentity: expected a workload SPIFFE ID, got a list",
    })
    void reportsEachProblemWhereItIs(String keys, String problem) {
        assertThat(problemsOf(keys)).containsExactly(problem);
    }

    @Test
    void aServiceWithoutTheKeyKeepsItsOwnIdentity() {
        ServiceConfig web = new ServiceConfig(new ServiceName("web"), dev.strait.policy.model.Protocol.HTTP1,
                dev.strait.policy.model.UpstreamTls.MTLS, List.of(), List.of(), List.of());

        assertThat(web.upstreamIdentity()).isEmpty();
        assertThat(web.expectedUpstreamIdentity(TRUST_DOMAIN, US_EAST))
                .isEqualTo(SpiffeId.service(TRUST_DOMAIN, US_EAST, new ServiceName("web")));
    }

    private ServiceConfig serviceOf(String keys) throws ConfigException {
        return loader.load(SERVICE.formatted(keys), SOURCE, LoadOptions.withoutFileChecks()).regions().getFirst().services().getFirst();
    }

    private List<String> problemsOf(String keys) {
        ConfigException refused = catchThrowableOfType(ConfigException.class,
                () -> loader.load(SERVICE.formatted(keys), SOURCE, LoadOptions.withoutFileChecks()));
        assertThat(refused).as("the config must be refused").isNotNull();
        return refused.problems().stream().map(RepositoryFiles::withoutFile).toList();
    }
}

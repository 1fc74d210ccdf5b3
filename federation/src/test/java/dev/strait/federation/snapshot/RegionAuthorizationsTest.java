package dev.strait.federation.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.authz.CallerIdentity;
import dev.strait.policy.authz.CompiledAuthorization;
import dev.strait.policy.authz.Decision;
import dev.strait.policy.config.FederationConfigLoader;
import dev.strait.policy.config.LoadOptions;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A routing snapshot carries every region's compiled authorization as its config has it, so a
 * gateway can decide a call another region would serve the way that region's gateway would.
 */
class RegionAuthorizationsTest {
    private static final RegionName EAST = RegionName.of("us-east");
    private static final RegionName WEST = RegionName.of("eu-west");
    private static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");
    private static final String CONFIG = """
            federation: test
            trustDomain: strait.test
            regions:
              us-east:
                failover: [eu-west]
                localListener: { identity: checkout }
                nodes:
                  gw-1: { host: 10.0.0.1, ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 } }
                services:
                  orders:
                    exportTo: [eu-west]
                    authorization: [ { action: allow, from: ["*"] } ]
              eu-west:
                failover: [us-east]
                nodes:
                  gw-1: { host: 10.0.0.2, ports: { local: 15001, peer: 15443, admin: 15900, raft: 15700, federation: 15800 } }
                services:
                  orders:
                    exportTo: [us-east]
                    authorization: [ { action: allow, from: [service:checkout], methods: [GET] } ]
                  ledger:
                    exportTo: [us-east]
            """;

    private static final RoutingSnapshot FROM_EAST = new RoutingSnapshotBuilder(load()).build(EAST, 1);

    @Test
    void theOwnRegionsAuthorizationIsTheOneTheSnapshotDecidesLocalCallsWith() {
        assertThat(FROM_EAST.authorizationOf(EAST)).containsSame(FROM_EAST.authorization());
        assertThat(FROM_EAST.authorizationOf(RegionName.of("ap-south"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} {2} in eu-west: allowed {3}")
    @CsvSource({
            // eu-west's own rules, not us-east's (which would allow every authenticated caller)
            "checkout, GET,  orders, true",
            "checkout, POST, orders, false",
            "reports,  GET,  orders, false",
            // A service without rules takes callers of its own region only: from us-east, none.
            "checkout, GET,  ledger, false",
    })
    void anotherRegionsServicesAreDecidedWithThatRegionsRules(String caller, String method, String service, boolean allowed) {
        CompiledAuthorization west = FROM_EAST.authorizationOf(WEST).orElseThrow();

        Decision decision = west.decide(ServiceName.of(service), WEST,
                CallerIdentity.authenticated(SpiffeId.service(TRUST_DOMAIN, EAST, ServiceName.of(caller))), method, "/",
                name -> Optional.empty());

        assertThat(decision instanceof Decision.Allowed).isEqualTo(allowed);
        // Every service the region declares is known, with rules or without.
        assertThat(west.services()).containsExactlyInAnyOrder(ServiceName.of("orders"), ServiceName.of("ledger"));
    }

    private static FederationConfig load() {
        try {
            return new FederationConfigLoader().load(CONFIG, Path.of("federation.yaml"), LoadOptions.withoutFileChecks());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.strait.it.security;

import static dev.strait.it.security.PolicyFederation.ANONYMOUS;
import static dev.strait.it.security.PolicyFederation.CHECKOUT;
import static dev.strait.it.security.PolicyFederation.CHECKOUT_ID;
import static dev.strait.it.security.PolicyFederation.LEGACY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.security.PolicyFederation.Answer;
import dev.strait.it.support.TwoRegions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A service's authorization rules decide who reaches it, at the gateway of the region that serves
 * it: an allowed caller's call reaches the endpoint with its identity; a caller a deny rule names,
 * an anonymous caller no rule grants, and a call outside the methods, paths or headers a rule
 * allows get {@code 403 denied} from the destination region's gateway, and the endpoint never
 * sees them. A local service is decided by the local gateway.
 */
class OnlyCallersAServiceAllowsReachItIT {
    private static final String PROD = "x-env: prod\r\n";

    @TempDir
    static Path directory;

    static PolicyFederation policy;

    @BeforeAll
    static void start() throws Exception {
        policy = PolicyFederation.start(directory);
    }

    @AfterAll
    static void stop() throws Exception {
        if (policy != null) {
            policy.close();
        }
    }

    @Test
    void anAllowedCallerReachesTheEndpointWithItsIdentity() throws Exception {
        int before = policy.orders.requests();

        Answer answer = policy.call(CHECKOUT, "GET", "orders.mesh", "/api/orders?page=2", PROD);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(policy.orders.requests()).isEqualTo(before + 1);
        assertThat(policy.orders.lastHeader("x-strait-source")).contains(CHECKOUT_ID);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a deny rule overrides an allow rule | " + LEGACY + "   | DELETE | /api/orders | x-env: prod | authorization rule [0]",
            "an anonymous caller no rule grants  | " + ANONYMOUS + " | GET    | /api/orders | x-env: prod | anonymous callers",
            "a method the allow rule leaves out  | " + CHECKOUT + "  | POST   | /api/orders | x-env: prod | calls from another region",
            "a path the allow rule leaves out    | " + CHECKOUT + "  | GET    | /apiv2      | x-env: prod | calls from another region",
            "a header value the allow rule leaves out | " + CHECKOUT + " | GET | /api/orders | x-env: dev | calls from another region",
            "a repeated header, read as its values joined | " + CHECKOUT + " | GET | /api/orders | x-env: prod\\r\\nx-env: dev | calls from another region",
    })
    void aCallTheRulesDoNotAllowIsDeniedAtTheDestinationAndNeverReachesTheEndpoint(String name, String source,
            String method, String path, String headers, String reason) throws Exception {
        int before = policy.orders.requests();

        Answer answer = policy.call(source, method, "orders.mesh", path, headers.replace("\\r\\n", "\r\n") + "\r\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.error()).contains("denied");
        // West's rules decide for its own service: east refuses early by them, and west would refuse the same.
        assertThat(answer.body()).contains("region 'west' denies").contains(reason);
        assertThat(policy.orders.requests()).isEqualTo(before);
    }

    @Test
    void theDestinationGatewayDecidesOnTheCallerAPeerGatewayAsserts() throws Exception {
        // East's own gateway certificate, as east's gateway would call: west is the authority for its service.
        TlsMaterial eastGateway = TlsMaterial.load(policy.federation.certificates().node(TwoRegions.EAST, TwoRegions.NODE));
        int westPeer = policy.federation.node(TwoRegions.WEST).peerPort();
        int before = policy.orders.requests();

        PeerCall.Answer anonymous = PeerCall.getPath(eastGateway, westPeer, "orders.mesh", "/api/orders", "x-env", "prod");
        PeerCall.Answer legacyOutsideItsPaths = PeerCall.getPath(eastGateway, westPeer, "orders.mesh", "/admin",
                "x-strait-source", PolicyFederation.LEGACY_ID);
        PeerCall.Answer checkout = PeerCall.getPath(eastGateway, westPeer, "orders.mesh", "/api/orders",
                "x-strait-source", CHECKOUT_ID, "x-env", "prod");

        for (PeerCall.Answer denied : List.of(anonymous, legacyOutsideItsPaths)) {
            assertThat(denied.status()).as("%s", denied).isEqualTo(403);
            assertThat(denied.error()).hasValue("denied");
            assertThat(denied.body()).contains("region 'west' denies");
        }
        assertThat(checkout.status()).as("%s", checkout).isEqualTo(200);
        assertThat(policy.orders.requests()).as("only the allowed call reached the endpoint").isEqualTo(before + 1);
    }

    @Test
    void aCallToALocalServiceIsDecidedByTheLocalGateway() throws Exception {
        Answer allowed = policy.call(CHECKOUT, "GET", "web.mesh", "/", "");
        Answer denied = policy.call(ANONYMOUS, "GET", "web.mesh", "/", "");

        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.error()).contains("denied");
        assertThat(denied.body()).contains("region 'east' denies");
    }
}

package dev.strait.it.security;

import static dev.strait.it.security.PolicyFederation.ANONYMOUS;
import static dev.strait.it.security.PolicyFederation.CHECKOUT;
import static dev.strait.it.security.PolicyFederation.CHECKOUT_ID;
import static dev.strait.it.security.PolicyFederation.LEGACY;
import static dev.strait.it.security.PolicyFederation.LEGACY_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.node.GatewayNode;
import dev.strait.it.security.PolicyFederation.Answer;
import dev.strait.it.support.TwoRegions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A local call that every region that would serve it denies is refused by the source gateway, with
 * the destination's rules as the source's config has them: {@code 403 denied}, saying so, and the
 * call never reaches the destination gateway nor its endpoint. A call the destination's rules allow
 * still goes there, and the destination gateway decides it again.
 */
class TheSourceGatewayRefusesWhatEveryDestinationDeniesIT {
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a deny rule of the destination   | " + LEGACY + "    | DELETE | " + LEGACY_ID + " | authorization rule [0]",
            "no rule of the destination allows | " + CHECKOUT + " | POST   | " + CHECKOUT_ID + " | calls from another region",
            "an anonymous caller               | " + ANONYMOUS + " | GET    | anonymous (east) | anonymous callers",
    })
    void aDeniedCallIsRefusedAtTheSourceAndNeverReachesTheDestination(String name, String source, String method,
            String caller, String reason) throws Exception {
        GatewayNode west = policy.federation.node(TwoRegions.WEST);
        long peerCallsBefore = west.peerCallsReceived();
        int endpointBefore = policy.orders.requests();

        Answer answer = policy.call(source, method, "orders.mesh", "/api/orders", PROD);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.error()).contains("denied");
        assertThat(answer.body()).contains("region 'east' refuses the call early, since every region that would serve it"
                + " denies it: region 'west' denies " + caller + " calling service 'orders'").contains(reason);
        assertThat(west.peerCallsReceived()).as("calls that reached west's gateway").isEqualTo(peerCallsBefore);
        assertThat(policy.orders.requests()).isEqualTo(endpointBefore);
    }

    @Test
    void aCallTheDestinationAllowsGoesThereAndIsDecidedAgain() throws Exception {
        GatewayNode west = policy.federation.node(TwoRegions.WEST);
        long peerCallsBefore = west.peerCallsReceived();
        int endpointBefore = policy.orders.requests();

        Answer answer = policy.call(CHECKOUT, "GET", "orders.mesh", "/api/orders", PROD);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(west.peerCallsReceived()).isEqualTo(peerCallsBefore + 1);
        assertThat(policy.orders.requests()).isEqualTo(endpointBefore + 1);
        assertThat(policy.orders.lastHeader("x-strait-source")).contains(CHECKOUT_ID);
    }

    @Test
    void aCallPinnedToTheDestinationIsRefusedEarlyToo() throws Exception {
        GatewayNode west = policy.federation.node(TwoRegions.WEST);
        long peerCallsBefore = west.peerCallsReceived();

        Answer answer = policy.call(LEGACY, "DELETE", "orders.west.mesh", "/api/orders", "");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.body()).contains("region 'east' refuses the call early");
        assertThat(west.peerCallsReceived()).isEqualTo(peerCallsBefore);
    }
}

package dev.strait.it.security;

import static dev.strait.it.security.PolicyFederation.ANONYMOUS;
import static dev.strait.it.security.PolicyFederation.CHECKOUT_ID;
import static dev.strait.it.security.PolicyFederation.LEGACY;
import static dev.strait.it.security.PolicyFederation.LEGACY_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.it.security.PolicyFederation.Answer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller on the local listener is who its source address (or its anonymity) says, whatever
 * {@code x-strait-source} it sends: the gateway drops the header and asserts the identity it
 * established, so a caller claiming an identity a service allows is still refused as itself.
 */
class ALocalCallerCannotClaimAnotherIdentityIT {
    private static final String CLAIM_CHECKOUT = "x-strait-source: " + CHECKOUT_ID + "\r\n";

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
    void anAnonymousCallerClaimingAnAllowedIdentityIsStillAnonymous() throws Exception {
        int before = policy.orders.requests();

        Answer answer = policy.call(ANONYMOUS, "GET", "orders.mesh", "/api/orders", "x-env: prod\r\n" + CLAIM_CHECKOUT);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.error()).contains("denied");
        assertThat(answer.body()).contains("region 'west' denies anonymous").contains("anonymous callers");
        assertThat(policy.orders.requests()).isEqualTo(before);
    }

    @Test
    void aMappedCallerClaimingAnotherIdentityIsStillItself() throws Exception {
        int before = policy.orders.requests();

        Answer denied = policy.call(LEGACY, "DELETE", "orders.mesh", "/api/orders", CLAIM_CHECKOUT);
        Answer allowed = policy.call(LEGACY, "GET", "orders.mesh", "/api/orders", CLAIM_CHECKOUT);

        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.body()).contains(LEGACY_ID).contains("authorization rule [0]");
        // legacy may GET /api by its own rule, which checkout (x-env: prod missing) could not:
        // the endpoint sees legacy, never the claimed identity.
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(policy.orders.requests()).isEqualTo(before + 1);
        assertThat(policy.orders.lastHeader("x-strait-source")).contains(LEGACY_ID);
    }
}

package dev.strait.federation.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.federation.catalog.CatalogEndpoint;
import dev.strait.federation.catalog.Health;
import dev.strait.federation.catalog.RegionCommand;
import dev.strait.federation.catalog.TestConfigs;
import dev.strait.federation.health.HealthChecker.EndpointKey;
import dev.strait.policy.model.EndpointId;
import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.ServiceName;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(20);

    static final ServiceName PAYMENTS = ServiceName.of("payments");
    static final ServiceName LEDGER = ServiceName.of("ledger");
    static final ServiceName BILLING = ServiceName.of("billing");
    static final HostPort PAYMENTS_1 = new HostPort("127.0.0.1", 17101);
    static final HostPort PAYMENTS_2 = new HostPort("127.0.0.1", 17102);
    static final HostPort LEDGER_1 = new HostPort("127.0.0.1", 17201);
    static final HostPort BILLING_1 = new HostPort("127.0.0.1", 17301);

    /** payments: HTTP check, 2 up / 3 down; ledger: TCP check, 1 up / 2 down; billing: no check. All every 50 ms. */
    static final String CHECKED_SERVICES = """
                  payments:
                    protocol: http1
                    healthCheck:
                      http: /healthz
                      interval: 50ms
                      timeout: 40ms
                      healthyThreshold: 2
                      unhealthyThreshold: 3
                    endpoints:
                      - { id: payments-1, address: "127.0.0.1:17101" }
                      - { id: payments-2, address: "127.0.0.1:17102" }
                  ledger:
                    protocol: grpc
                    healthCheck:
                      tcp: true
                      interval: 50ms
                      timeout: 40ms
                      healthyThreshold: 1
                      unhealthyThreshold: 2
                    endpoints:
                      - { id: ledger-1, address: "127.0.0.1:17201" }
                  billing:
                    protocol: http1
                    endpoints:
                      - { id: billing-1, address: "127.0.0.1:17301" }
            """;

    /** The same, but ledger without a check. */
    static final String LEDGER_UNCHECKED = CHECKED_SERVICES.replace("""
                    healthCheck:
                      tcp: true
                      interval: 50ms
                      timeout: 40ms
                      healthyThreshold: 1
                      unhealthyThreshold: 2
            """, "");

    private final FakeRegion region = new FakeRegion();
    private final FakeProbe http = new FakeProbe();
    private final FakeProbe tcp = new FakeProbe();
    private HealthChecker checker;

    @AfterEach
    void close() throws InterruptedException {
        if (checker != null) {
            checker.close();
        }
    }

    @Test
    void writesOnlyTransitionsOnceTheirThresholdsAreMet() {
        applyConfig(CHECKED_SERVICES, 0);
        start();

        await("every checked endpoint healthy", () -> health(PAYMENTS, "payments-1") == Health.HEALTHY
                && health(PAYMENTS, "payments-2") == Health.HEALTHY && health(LEDGER, "ledger-1") == Health.HEALTHY);
        assertThat(http.checks(PAYMENTS_1)).isGreaterThanOrEqualTo(2);
        int checked = http.checks(PAYMENTS_1);
        await("more checks of payments-1", () -> http.checks(PAYMENTS_1) >= checked + 5);
        assertThat(region.writes).containsExactlyInAnyOrder(
                setHealth(PAYMENTS, "payments-1", Health.HEALTHY),
                setHealth(PAYMENTS, "payments-2", Health.HEALTHY),
                setHealth(LEDGER, "ledger-1", Health.HEALTHY));

        http.down(PAYMENTS_1);
        int before = http.checks(PAYMENTS_1);
        await("payments-1 unhealthy", () -> health(PAYMENTS, "payments-1") == Health.UNHEALTHY);
        assertThat(http.checks(PAYMENTS_1) - before).isGreaterThanOrEqualTo(3);
        http.up(PAYMENTS_1);
        await("payments-1 healthy again", () -> health(PAYMENTS, "payments-1") == Health.HEALTHY);

        assertThat(region.writes).filteredOn(w -> w.endpoint().equals(EndpointId.of("payments-1")))
                .extracting(RegionCommand.SetHealth::health)
                .containsExactly(Health.HEALTHY, Health.UNHEALTHY, Health.HEALTHY);
        assertThat(region.writes).hasSize(5);
    }

    @Test
    void usesTheProbeOfEachCheckKindAndLeavesUncheckedServicesAlone() {
        applyConfig(CHECKED_SERVICES, 0);
        start();

        await("ledger-1 healthy", () -> health(LEDGER, "ledger-1") == Health.HEALTHY);
        await("payments checked", () -> http.checks(PAYMENTS_1) > 0 && http.checks(PAYMENTS_2) > 0);

        assertThat(tcp.checks(LEDGER_1)).isPositive();
        assertThat(tcp.checks(PAYMENTS_1) + tcp.checks(PAYMENTS_2)).isZero();
        assertThat(http.checks(LEDGER_1)).isZero();
        assertThat(http.checks(BILLING_1) + tcp.checks(BILLING_1)).isZero();
    }

    @Test
    void probesOnlyWhileLeading() throws InterruptedException {
        applyConfig(CHECKED_SERVICES, 0);
        region.leader = false;
        start();

        // Absence cannot be awaited: give the checker several leadership polls and intervals to misbehave.
        Thread.sleep(300);
        assertThat(http.total() + tcp.total()).isZero();
        assertThat(checker.probed()).isEmpty();

        region.leader = true;
        await("every checked endpoint healthy", () -> health(PAYMENTS, "payments-1") == Health.HEALTHY
                && health(PAYMENTS, "payments-2") == Health.HEALTHY && health(LEDGER, "ledger-1") == Health.HEALTHY);

        region.leader = false;
        await("nothing probed", () -> probed().isEmpty());
        int stoppedAt = http.total() + tcp.total();
        Thread.sleep(300);
        // At most the checks that were already running when leadership was lost.
        assertThat(http.total() + tcp.total()).isLessThanOrEqualTo(stoppedAt + 3);
        assertThat(region.writes).hasSize(3);
    }

    @Test
    void aNewLeaderStartsFromTheReplicatedHealth() {
        applyConfig(CHECKED_SERVICES, 0);
        region.applyOrFail(setHealth(PAYMENTS, "payments-1", Health.UNHEALTHY));
        region.applyOrFail(setHealth(PAYMENTS, "payments-2", Health.HEALTHY));
        region.applyOrFail(setHealth(LEDGER, "ledger-1", Health.HEALTHY));
        tcp.down(LEDGER_1);
        start();

        await("payments-1 healthy and ledger-1 unhealthy",
                () -> health(PAYMENTS, "payments-1") == Health.HEALTHY && health(LEDGER, "ledger-1") == Health.UNHEALTHY);
        int checked = http.checks(PAYMENTS_2);
        await("more checks of payments-2", () -> http.checks(PAYMENTS_2) >= checked + 3);

        // payments-2 was replicated HEALTHY and passes, so it never had a transition to write.
        assertThat(region.writes).containsExactlyInAnyOrder(
                setHealth(PAYMENTS, "payments-1", Health.HEALTHY),
                setHealth(LEDGER, "ledger-1", Health.UNHEALTHY));
    }

    @Test
    void followsRegistrationsAndConfigApplies() {
        applyConfig(CHECKED_SERVICES, 0);
        start();
        await("the config's endpoints probed", () -> probed().size() == 3);

        HostPort runtimeAddress = new HostPort("127.0.0.1", 17109);
        region.applyOrFail(new RegionCommand.RegisterEndpoint(PAYMENTS, EndpointId.of("payments-9"), runtimeAddress));
        await("payments-9 healthy", () -> health(PAYMENTS, "payments-9") == Health.HEALTHY);
        assertThat(probed()).contains(new EndpointKey(PAYMENTS, EndpointId.of("payments-9")));

        region.applyOrFail(new RegionCommand.DeregisterEndpoint(PAYMENTS, EndpointId.of("payments-9")));
        await("payments-9 no longer probed", () -> !probed().contains(new EndpointKey(PAYMENTS, EndpointId.of("payments-9"))));
        int afterDeregistration = http.checks(runtimeAddress);
        int checked = http.checks(PAYMENTS_1);
        await("more checks of payments-1", () -> http.checks(PAYMENTS_1) >= checked + 3);
        assertThat(http.checks(runtimeAddress)).isLessThanOrEqualTo(afterDeregistration + 1);

        applyConfig(LEDGER_UNCHECKED, 1);
        await("ledger no longer probed", () -> probed().equals(Set.of(
                new EndpointKey(PAYMENTS, EndpointId.of("payments-1")), new EndpointKey(PAYMENTS, EndpointId.of("payments-2")))));
    }

    @Test
    void aMovedEndpointStartsAfreshAtItsNewAddress() {
        applyConfig(CHECKED_SERVICES, 0);
        HostPort first = new HostPort("127.0.0.1", 17108);
        HostPort second = new HostPort("127.0.0.1", 17118);
        region.applyOrFail(new RegionCommand.RegisterEndpoint(PAYMENTS, EndpointId.of("payments-8"), first));
        http.down(second);
        start();
        await("payments-8 healthy", () -> health(PAYMENTS, "payments-8") == Health.HEALTHY);

        // Re-registering at another address resets its health to UNKNOWN; the new address fails.
        region.applyOrFail(new RegionCommand.RegisterEndpoint(PAYMENTS, EndpointId.of("payments-8"), second));
        await("payments-8 unhealthy at its new address", () -> health(PAYMENTS, "payments-8") == Health.UNHEALTHY);
        assertThat(http.checks(second)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void retriesATransitionThatCouldNotBeWritten() {
        applyConfig(CHECKED_SERVICES, 0);
        region.unavailable = true;
        start();
        await("several checks", () -> http.checks(PAYMENTS_1) >= 4);
        assertThat(region.writes).isEmpty();

        region.unavailable = false;
        await("payments-1 healthy", () -> health(PAYMENTS, "payments-1") == Health.HEALTHY);
        assertThat(region.writes).filteredOn(w -> w.endpoint().equals(EndpointId.of("payments-1"))).hasSize(1);
    }

    @Test
    void neverRunsTwoChecksOfOneEndpointAtOnce() {
        applyConfig(CHECKED_SERVICES, 0);
        // Each check takes more than two intervals.
        http.delay(120);
        start();

        await("payments-1 healthy", () -> health(PAYMENTS, "payments-1") == Health.HEALTHY);
        await("more checks", () -> http.checks(PAYMENTS_1) >= 4);

        assertThat(http.overlaps()).isZero();
    }

    @Test
    void aClosedCheckerProbesNoMore() throws InterruptedException {
        applyConfig(CHECKED_SERVICES, 0);
        start();
        await("checks", () -> http.checks(PAYMENTS_1) >= 2);

        checker.close();
        int closedAt = http.total() + tcp.total();
        Thread.sleep(200);

        assertThat(http.total() + tcp.total()).isEqualTo(closedAt);
    }

    private void start() {
        checker = new HealthChecker(region, http, tcp, POLL);
        checker.start();
    }

    private void applyConfig(String services, long expectedVersion) {
        region.applyOrFail(new RegionCommand.ApplyConfig(TestConfigs.federation(services), expectedVersion));
    }

    private Health health(ServiceName service, String endpoint) {
        return region.current().endpoint(service, EndpointId.of(endpoint)).map(CatalogEndpoint::health).orElse(null);
    }

    private Set<EndpointKey> probed() {
        try {
            return checker.probed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static RegionCommand.SetHealth setHealth(ServiceName service, String endpoint, Health health) {
        return new RegionCommand.SetHealth(service, EndpointId.of(endpoint), health);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + DEADLINE + ": " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

}

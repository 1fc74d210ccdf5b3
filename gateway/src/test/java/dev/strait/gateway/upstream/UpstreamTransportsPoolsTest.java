package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.UpstreamTls;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the upstream pools tell metrics: calls in flight by address, open HTTP/1.1 connections and HTTP/2 sessions. */
class UpstreamTransportsPoolsTest {
    private static final HostPort ENDPOINT = new HostPort("127.0.0.1", 1001);
    private static final HostPort GATEWAY = new HostPort("127.0.0.1", 1002);

    private UpstreamTransports transports;
    private TestUpstream upstream;

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", UpstreamTransports.Timeouts.defaults(), new PlaintextTls());
        upstream = TestUpstream.start((request, response, callback) -> {
            response.setStatus(200);
            callback.succeeded();
        });
    }

    @AfterEach
    void stop() throws Exception {
        transports.close();
        upstream.close();
    }

    @Test
    void callsInFlightAreCountedForTheAddressesAsked() {
        TargetBalancer balancer = transports.balancer();
        balancer.begin(ENDPOINT);
        balancer.begin(ENDPOINT);
        balancer.begin(GATEWAY);

        assertThat(transports.activeRequests(ENDPOINT::equals)).isEqualTo(2);
        assertThat(transports.activeRequests(GATEWAY::equals)).isEqualTo(1);

        balancer.end(ENDPOINT);
        balancer.end(GATEWAY);
        assertThat(transports.activeRequests(address -> true)).isEqualTo(1);
    }

    @Test
    void aKeptAliveHttp1ConnectionIsOpen() throws Exception {
        assertThat(transports.openHttp1Connections()).isZero();

        ContentResponse response = transports.http1(ServiceName.of("svc"), UpstreamTls.PLAINTEXT)
                .newRequest("http://" + upstream.address() + "/").send();

        assertThat(response.getStatus()).isEqualTo(200);
        awaitUntil("the connection is back in the pool", () -> transports.openHttp1Connections() == 1);
    }

    @Test
    void anHttp2SessionIsOpenUntilItsFarEndCloses() throws Exception {
        assertThat(transports.openHttp2Connections()).isZero();

        assertThat(transports.ping(RegionName.of("west"), upstream.address(), Duration.ofSeconds(5))).isTrue();
        assertThat(transports.openHttp2Connections()).isEqualTo(1);

        upstream.close();
        awaitUntil("the session is closed", () -> transports.openHttp2Connections() == 0);
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("still waiting until " + what).isNegative();
            LockSupport.parkNanos(10_000_000L);
        }
    }
}

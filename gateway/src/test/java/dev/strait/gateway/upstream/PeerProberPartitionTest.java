package dev.strait.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.policy.model.HostPort;
import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A remote gateway that answers pings counts as unreachable while the link to its region is cut, and comes back after. */
class PeerProberPartitionTest {
    private static final RegionName WEST = RegionName.of("west");

    private UpstreamTransports transports;
    private TestUpstream westGateway;
    private PeerProber prober;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final LinkedBlockingQueue<Set<HostPort>> reports = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        transports = new UpstreamTransports("test", UpstreamTransports.Timeouts.defaults(), new PlaintextTls());
        westGateway = TestUpstream.start((request, response, callback) -> callback.succeeded());
        prober = new PeerProber(transports, List.of(new PeerProber.Target(WEST, westGateway.address())),
                new PeerProber.Settings(Duration.ofMillis(20), Duration.ofSeconds(1), 2), reports::add,
                region -> region.equals(WEST) && cut.get());
    }

    @AfterEach
    void stop() throws Exception {
        prober.close();
        westGateway.close();
        transports.close();
    }

    @Test
    void aGatewayOfAPartitionedRegionIsReportedUnreachableWithoutBeingPingedAndComesBackWhenTheCutEnds() throws Exception {
        cut.set(true);
        prober.start();

        assertThat(reports.poll(10, TimeUnit.SECONDS)).containsExactly(westGateway.address());
        assertThat(transports.openHttp2Connections()).as("no connection was opened to ping it").isZero();

        cut.set(false);

        assertThat(reports.poll(10, TimeUnit.SECONDS)).isEmpty();
    }
}

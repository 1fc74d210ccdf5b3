package dev.strait.it.operations;

import static dev.strait.it.operations.OperatedRegions.EAST;
import static dev.strait.it.operations.OperatedRegions.PAYMENTS;
import static dev.strait.it.operations.OperatedRegions.WEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.Await;
import dev.strait.policy.model.CertificateLayout;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating west's gateway certificate on disk while east calls a west service under steady load:
 * the node picks the new certificate up without a restart, new handshakes with its peer listener
 * see it, the connections already open keep carrying calls, and no call fails.
 */
class CertificatesRotateUnderLoadIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    @Test
    void aRotatedCertificateIsPresentedToNewHandshakesWithoutFailingACall() throws Exception {
        try (OperatedRegions regions = OperatedRegions.start(directory, 1, Duration.ofSeconds(30));
                SteadyCalls load = new SteadyCalls(regions.eastUrl(), PAYMENTS, 6)) {
            CertificateLayout layout = regions.certificates();
            GatewayNode west = regions.node(WEST, "n1");
            TlsMaterial eastGateway = TlsMaterial.load(layout.node(EAST, OperatedRegions.id(regions.node(EAST, "n1"))));
            PeerHandshake.Outcome before = PeerHandshake.with(west.peerPort(), eastGateway);
            assertThat(before.accepted()).as("a handshake before the rotation: %s", before).isTrue();
            BigInteger oldSerial = serial(before.server().orElseThrow());
            long started = System.nanoTime();
            Await.until("east's calls reach west", DEADLINE, () -> load.servedSince(started) >= 100);

            long acceptedBefore = west.peerConnectionsAccepted();
            AtomicInteger probes = new AtomicInteger();
            CertificateAuthority root = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
            CertificateAuthority intermediate = CertificateAuthority.load(layout.intermediateCertificate(WEST),
                    layout.intermediateKey(WEST), root);
            IssuedCertificate renewed = NodeCertificates.issue(intermediate, regions.config().trustDomain(), WEST,
                    OperatedRegions.id(west));
            renewed.writePem(layout.node(WEST, OperatedRegions.id(west)));
            BigInteger newSerial = serial(renewed.certificate());
            assertThat(newSerial).isNotEqualTo(oldSerial);

            Await.until("a new handshake with west's peer listener presents the new certificate " + newSerial.toString(16),
                    DEADLINE, () -> {
                        probes.incrementAndGet();
                        PeerHandshake.Outcome now = PeerHandshake.with(west.peerPort(), eastGateway);
                        return now.accepted() && now.server().map(CertificatesRotateUnderLoadIT::serial).orElseThrow().equals(newSerial);
                    });
            long rotated = System.nanoTime();
            Await.until("calls keep being served after the rotation", DEADLINE, () -> load.servedSince(rotated) >= 150);
            load.stop();

            assertThat(load.failures()).as(load.describe()).isEmpty();
            // East's calls went on over the connection it opened before the rotation: the only new
            // connections west accepted since are the test's own handshakes.
            assertThat(west.peerConnectionsAccepted() - acceptedBefore).isEqualTo(probes.get());
        }
    }

    private static BigInteger serial(X509Certificate certificate) {
        return certificate.getSerialNumber();
    }
}

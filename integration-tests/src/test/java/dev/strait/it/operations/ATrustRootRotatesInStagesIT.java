package dev.strait.it.operations;

import static dev.strait.it.operations.OperatedRegions.EAST;
import static dev.strait.it.operations.OperatedRegions.PAYMENTS;
import static dev.strait.it.operations.OperatedRegions.WEST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.certs.Validity;
import dev.strait.gateway.node.GatewayNode;
import dev.strait.gateway.tls.PemFiles;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.it.support.Await;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TrustDomain;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing the federation's root across two regions in the three stages operators use, under
 * steady cross-region load: add the new root to every trust bundle, reissue every gateway's
 * certificate under it, take the old root out. Each stage reaches every node without a restart,
 * new handshakes follow it, and no call fails.
 */
class ATrustRootRotatesInStagesIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final NodeId CALLER = NodeId.of("n1");

    @TempDir
    Path directory;

    @Test
    void aRootRotatesInStagesWithoutFailingACall() throws Exception {
        try (OperatedRegions regions = OperatedRegions.start(directory, 2, Duration.ofSeconds(30));
                SteadyCalls load = new SteadyCalls(regions.eastUrl(), PAYMENTS, 6)) {
            CertificateLayout layout = regions.certificates();
            TrustDomain trustDomain = regions.config().trustDomain();
            List<GatewayNode> nodes = regions.nodes();
            CertificateAuthority oldRoot = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
            CertificateAuthority oldEast = CertificateAuthority.load(layout.intermediateCertificate(EAST), layout.intermediateKey(EAST), oldRoot);
            CertificateAuthority newRoot = CertificateAuthority.newRoot(DistinguishedNames.of("Strait root CA operations (next)"),
                    Validity.starting(Clock.systemUTC(), Duration.ofDays(30)));
            Map<RegionName, CertificateAuthority> newIntermediates = Map.of(
                    EAST, NodeCertificates.intermediateUnder(newRoot, EAST), WEST, NodeCertificates.intermediateUnder(newRoot, WEST));
            List<X509Certificate> bothRoots = List.of(oldRoot.certificate(), newRoot.certificate());
            // East gateways as a peer listener sees them, one under each root; they trust both, so only the listener's verdict counts.
            TlsMaterial underOldRoot = NodeCertificates.clientIdentity(oldEast, trustDomain, EAST, CALLER, bothRoots);
            TlsMaterial underNewRoot = NodeCertificates.clientIdentity(newIntermediates.get(EAST), trustDomain, EAST, CALLER, bothRoots);
            for (GatewayNode node : nodes) {
                assertThat(PeerHandshake.with(node.peerPort(), underNewRoot).accepted()).as("%s trusts the new root before it is added", name(node))
                        .isFalse();
            }
            long started = System.nanoTime();
            Await.until("east's calls reach west", DEADLINE, () -> load.servedSince(started) >= 100);

            // 1. Every trust bundle holds both roots.
            PemFiles.writeCertificates(layout.rootCertificate(), bothRoots);
            for (GatewayNode node : nodes) {
                Await.until(name(node) + " accepts a peer certificate under the new root", DEADLINE,
                        () -> PeerHandshake.with(node.peerPort(), underNewRoot).accepted());
                assertThat(PeerHandshake.with(node.peerPort(), underOldRoot).accepted()).isTrue();
            }

            // 2. Every gateway's certificate is reissued under the new root.
            Map<GatewayNode, BigInteger> reissued = new HashMap<>();
            for (GatewayNode node : nodes) {
                RegionName region = node.region().name();
                IssuedCertificate leaf = NodeCertificates.issue(newIntermediates.get(region), trustDomain, region, OperatedRegions.id(node));
                leaf.writePem(layout.node(region, OperatedRegions.id(node)));
                reissued.put(node, leaf.certificate().getSerialNumber());
            }
            for (GatewayNode node : nodes) {
                Await.until(name(node) + " presents its certificate issued under the new root", DEADLINE,
                        () -> presents(node, underNewRoot, reissued.get(node)));
            }

            // 3. The old root leaves every trust bundle.
            PemFiles.writeCertificates(layout.rootCertificate(), List.of(newRoot.certificate()));
            TlsMaterial trustingOnlyTheNewRoot = NodeCertificates.clientIdentity(newIntermediates.get(EAST), trustDomain, EAST, CALLER,
                    List.of(newRoot.certificate()));
            for (GatewayNode node : nodes) {
                Await.until(name(node) + " refuses a peer certificate under the old root", DEADLINE,
                        () -> !PeerHandshake.with(node.peerPort(), underOldRoot).accepted());
                // Its chain leads to the new root alone.
                assertThat(presents(node, trustingOnlyTheNewRoot, reissued.get(node))).as(name(node)).isTrue();
            }

            long rotated = System.nanoTime();
            Await.until("calls keep being served after the old root left", DEADLINE, () -> load.servedSince(rotated) >= 150);
            load.stop();
            assertThat(load.failures()).as(load.describe()).isEmpty();
        }
    }

    /** Whether a new handshake with {@code node}'s peer listener succeeds and shows the certificate {@code serial}. */
    private static boolean presents(GatewayNode node, TlsMaterial client, BigInteger serial) {
        PeerHandshake.Outcome outcome = PeerHandshake.with(node.peerPort(), client);
        return outcome.accepted() && outcome.server().orElseThrow().getSerialNumber().equals(serial);
    }

    private static String name(GatewayNode node) {
        return node.region().name().value() + "/" + node.config().id().value();
    }
}

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
import dev.strait.federation.raft.RaftRole;
import dev.strait.federation.raft.RaftSettings;
import dev.strait.it.support.Admin;
import dev.strait.it.support.Await;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TrustDomain;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Replacing the federation's root across two regions in the three stages operators use, under
 * steady cross-region load: add the new root to every trust bundle, reissue every gateway's
 * certificate under it, take the old root out. Each stage reaches every node without a restart,
 * new handshakes follow it, and no call fails; federation streams opened after the last stage
 * (a leader change) connect with the new certificates and the new root alone.
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

            // 4. Federation streams opened now, with the new certificates and the new root alone, work too: west's
            // leadership moves, so its new leader exports to east and east's export reconnects to it.
            GatewayNode westLeader = leaderOf(regions, WEST);
            GatewayNode nextWestLeader = nodes.stream()
                    .filter(node -> node.region().name().equals(WEST) && node != westLeader).findFirst().orElseThrow();
            transferLeadership(westLeader, nextWestLeader);
            String nextAddress = nextWestLeader.config().federationAddress().toString();
            Await.until(name(nextWestLeader) + " leads west and streams to and from east", DEADLINE,
                    () -> streamsWithEast(nextWestLeader.adminPort()));
            Await.until("east exports to west through " + nextAddress, DEADLINE,
                    () -> exportsTo(regions.node(EAST, "n1").adminPort(), WEST, nextAddress));
            for (GatewayNode node : nodes) {
                Await.until(name(node) + " stays federated", DEADLINE, () -> Admin.federated(node.adminPort()));
            }
            load.stop();
            assertThat(load.failures()).as(load.describe()).isEmpty();
        }
    }

    /** Whether a new handshake with {@code node}'s peer listener succeeds and shows the certificate {@code serial}. */
    private static boolean presents(GatewayNode node, TlsMaterial client, BigInteger serial) {
        PeerHandshake.Outcome outcome = PeerHandshake.with(node.peerPort(), client);
        return outcome.accepted() && outcome.server().orElseThrow().getSerialNumber().equals(serial);
    }

    private static GatewayNode leaderOf(OperatedRegions regions, RegionName region) {
        return regions.nodes().stream()
                .filter(node -> node.region().name().equals(region) && node.store().status().role() == RaftRole.LEADER)
                .findFirst().orElseThrow(() -> new AssertionError("region '" + region + "' has no leader"));
    }

    /** Asks {@code from}'s Raft group to make {@code to} its leader, the way an operator's Ratis admin call would. */
    private static void transferLeadership(GatewayNode from, GatewayNode to) throws IOException {
        RaftSettings settings = from.store().settings();
        List<RaftPeer> peers = settings.members().stream()
                .map(m -> RaftPeer.newBuilder().setId(m.id().value()).setAddress(m.raftAddress().toString()).build())
                .toList();
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(settings.groupUuid()), peers);
        try (RaftClient client = RaftClient.newBuilder().setRaftGroup(group).setProperties(new RaftProperties()).build()) {
            RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(OperatedRegions.id(to).value()),
                    DEADLINE.toMillis());
            assertThat(reply.isSuccess()).as("leadership moves to %s: %s", name(to), reply).isTrue();
        }
    }

    /** Whether the node holds its region's streams and both directions with east are open and acknowledged. */
    private static boolean streamsWithEast(int adminPort) {
        try {
            JsonNode federation = Admin.json(adminPort, "/v1/status").path("federation");
            if (!federation.path("holdsStreams").asBoolean()) {
                return false;
            }
            for (JsonNode peer : federation.path("peers")) {
                if (peer.path("region").asString().equals(EAST.value())) {
                    return peer.path("connected").asBoolean();
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the node's export to {@code peer} is acknowledged through {@code address}. */
    private static boolean exportsTo(int adminPort, RegionName peer, String address) {
        try {
            for (JsonNode entry : Admin.json(adminPort, "/v1/status").path("federation").path("peers")) {
                if (entry.path("region").asString().equals(peer.value())) {
                    return entry.path("connected").asBoolean() && entry.path("exportAddress").asString().equals(address);
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static String name(GatewayNode node) {
        return node.region().name().value() + "/" + node.config().id().value();
    }
}

package dev.strait.gateway.certs;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A root and one intermediate CA in memory, issuing Strait-shaped leaves for tests of TLS,
 * mTLS and the echo server. {@link #unrelated()} gives a CA that no one trusts.
 */
public final class TestPki {
    public static final TrustDomain TRUST_DOMAIN = new TrustDomain("strait.test");

    private final CertificateAuthority root;
    private final CertificateAuthority intermediate;

    private TestPki(String name) {
        this.root = CertificateAuthority.newRoot(DistinguishedNames.of("Test root CA " + name), validFor(Duration.ofDays(30)));
        this.intermediate = root.issueIntermediate(DistinguishedNames.of("test", "Test intermediate CA " + name), validFor(Duration.ofDays(30)));
    }

    public static TestPki create() {
        return new TestPki("strait");
    }

    /** A second, independent PKI whose certificates the first does not trust. */
    public static TestPki unrelated() {
        return new TestPki("unrelated");
    }

    public CertificateAuthority root() {
        return root;
    }

    public CertificateAuthority intermediate() {
        return intermediate;
    }

    /** A service certificate: SPIFFE service ID, 127.0.0.1 and localhost, valid now. */
    public IssuedCertificate service(String region, String service) {
        SpiffeId id = SpiffeId.service(TRUST_DOMAIN, RegionName.of(region), ServiceName.of(service));
        return intermediate.issueLeaf(LeafSpec.of(DistinguishedNames.of(region, service), validFor(Duration.ofDays(1)),
                SubjectAltName.uri(id), SubjectAltName.ip("127.0.0.1"), SubjectAltName.dns("localhost")));
    }

    /** A gateway node certificate: SPIFFE node ID and 127.0.0.1, valid now. */
    public IssuedCertificate node(String region, String node) {
        SpiffeId id = SpiffeId.node(TRUST_DOMAIN, RegionName.of(region), NodeId.of(node));
        return intermediate.issueLeaf(LeafSpec.of(DistinguishedNames.of(region, node), validFor(Duration.ofDays(1)),
                SubjectAltName.uri(id), SubjectAltName.ip("127.0.0.1")));
    }

    /** A node certificate that expired yesterday but is otherwise fine. */
    public IssuedCertificate expiredNode(String region, String node) {
        SpiffeId id = SpiffeId.node(TRUST_DOMAIN, RegionName.of(region), NodeId.of(node));
        return intermediate.issueLeaf(LeafSpec.of(DistinguishedNames.of(region, node), expired(),
                SubjectAltName.uri(id), SubjectAltName.ip("127.0.0.1")));
    }

    public static Validity validFor(Duration duration) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new Validity(now.minus(Duration.ofMinutes(5)), now.plus(duration));
    }

    /** Ten days ago until yesterday. */
    public static Validity expired() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new Validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
    }
}

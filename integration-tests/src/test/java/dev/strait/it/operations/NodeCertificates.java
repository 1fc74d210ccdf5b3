package dev.strait.it.operations;

import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.certs.LeafSpec;
import dev.strait.gateway.certs.SubjectAltName;
import dev.strait.gateway.certs.Validity;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TrustDomain;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Issues gateway node certificates the way {@code strait certs init} does, for rotations. */
final class NodeCertificates {
    private static final Duration VALIDITY = Duration.ofDays(1);

    private NodeCertificates() {}

    /** A new leaf for {@code node} of {@code region} from {@code issuer}: its SPIFFE ID and loopback. */
    static IssuedCertificate issue(CertificateAuthority issuer, TrustDomain trustDomain, RegionName region, NodeId node) {
        return issuer.issueLeaf(LeafSpec.of(DistinguishedNames.of(region.value(), node.value()),
                Validity.starting(Clock.systemUTC(), VALIDITY),
                SubjectAltName.uri(SpiffeId.node(trustDomain, region, node)), SubjectAltName.ip("127.0.0.1"), SubjectAltName.dns("localhost")));
    }

    /** A new root CA with an intermediate for {@code region} under it. */
    static CertificateAuthority intermediateUnder(CertificateAuthority root, RegionName region) {
        return root.issueIntermediate(DistinguishedNames.of(region.value(), "Strait intermediate CA " + region.value() + " (next)"),
                Validity.starting(Clock.systemUTC(), VALIDITY));
    }

    /** A gateway identity of {@code region} under {@code issuer}, in memory, trusting {@code roots}. */
    static TlsMaterial clientIdentity(CertificateAuthority issuer, TrustDomain trustDomain, RegionName region, NodeId node,
            List<X509Certificate> roots) {
        IssuedCertificate leaf = issue(issuer, trustDomain, region, node);
        return TlsMaterial.of(leaf.privateKey(), leaf.chain(), roots);
    }
}

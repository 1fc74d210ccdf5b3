package dev.strait.it.security;

import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.LeafSpec;
import dev.strait.gateway.certs.SubjectAltName;
import dev.strait.gateway.certs.Validity;
import dev.strait.gateway.tls.PemFiles;
import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.RegionName;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** Issues client certificates a peer listener must refuse, all trusting the federation's real root. */
final class TestLeaves {
    private final X509Certificate federationRoot;
    private final CertificateAuthority federationRootCa;

    TestLeaves(CertificateLayout layout) {
        this.federationRoot = PemFiles.readCertificates(layout.rootCertificate()).getFirst();
        this.federationRootCa = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
    }

    /** The federation's real intermediate CA of {@code region}. */
    CertificateAuthority intermediate(CertificateLayout layout, RegionName region) {
        return CertificateAuthority.load(layout.intermediateCertificate(region), layout.intermediateKey(region), federationRootCa);
    }

    /** A brand-new root that has nothing to do with the federation. */
    static CertificateAuthority unrelatedRoot() {
        return CertificateAuthority.newRoot(new X500Principal("O=Elsewhere, CN=Unrelated Root"),
                Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
    }

    /** A currently valid leaf carrying {@code spiffeId} as its only URI SAN. */
    TlsMaterial valid(CertificateAuthority issuer, String spiffeId) {
        return issue(issuer, spiffeId, Validity.starting(Clock.systemUTC(), Duration.ofDays(1)));
    }

    /** A leaf that expired an hour ago. */
    TlsMaterial expired(CertificateAuthority issuer, String spiffeId) {
        Instant now = Instant.now();
        return issue(issuer, spiffeId, new Validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))));
    }

    private TlsMaterial issue(CertificateAuthority issuer, String spiffeId, Validity validity) {
        var leaf = issuer.issueLeaf(LeafSpec.of(DistinguishedNames.of("test", "impostor"), validity, new SubjectAltName.Uri(spiffeId)));
        // Trust the federation root, so the client accepts the gateway and only the gateway's verdict matters.
        return TlsMaterial.of(leaf.privateKey(), leaf.chain(), List.of(federationRoot));
    }
}

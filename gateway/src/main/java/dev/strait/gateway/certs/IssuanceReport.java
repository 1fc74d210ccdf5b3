package dev.strait.gateway.certs;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import java.util.List;
import java.util.Objects;

/**
 * What one run of {@link FederationCertificates#issue} did.
 *
 * @param layout              where the files are
 * @param rootCreated         whether a new root CA was made (peers must be given the new {@code ca/root.pem})
 * @param intermediatesIssued regions whose intermediate CA was (re-)issued
 * @param leavesIssued        identities whose certificate was (re-)issued
 * @param leavesKept          identities whose existing certificate was kept
 */
public record IssuanceReport(
        CertificateLayout layout,
        boolean rootCreated,
        List<RegionName> intermediatesIssued,
        List<SpiffeId> leavesIssued,
        List<SpiffeId> leavesKept) {
    public IssuanceReport {
        Objects.requireNonNull(layout, "layout");
        intermediatesIssued = List.copyOf(intermediatesIssued);
        leavesIssued = List.copyOf(leavesIssued);
        leavesKept = List.copyOf(leavesKept);
    }
}

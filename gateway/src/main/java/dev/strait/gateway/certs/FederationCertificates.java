package dev.strait.gateway.certs;

import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues a federation's certificates into the {@link CertificateLayout}: a root CA, one
 * intermediate CA per region, and a leaf for every gateway node and every service. This is what
 * {@code strait certs init} runs.
 *
 * <p>A second run reuses the root CA it finds, because peers already trust it; see
 * {@link ExistingCertificates}.
 */
public final class FederationCertificates {
    public static final Duration ROOT_VALIDITY = Duration.ofDays(3653);
    public static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(1826);
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(365);

    private final Clock clock;
    private final Duration leafValidity;

    /** An issuer whose leaves are valid for {@link #DEFAULT_LEAF_VALIDITY}. */
    public FederationCertificates(Clock clock) {
        this(clock, DEFAULT_LEAF_VALIDITY);
    }

    /** An issuer whose leaves are valid for {@code leafValidity} (capped at their intermediate's end). */
    public FederationCertificates(Clock clock, Duration leafValidity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (leafValidity.isNegative() || leafValidity.isZero()) {
            throw new IllegalArgumentException("leaf validity " + leafValidity + " must be positive");
        }
        this.leafValidity = leafValidity;
    }

    /** Issues what is missing under {@code directory}, keeping the existing root CA. */
    public IssuanceReport issue(FederationConfig config, Path directory) {
        return issue(config, directory, ExistingCertificates.KEEP);
    }

    /** Issues the federation's certificates under {@code directory}, treating existing ones as {@code existing} says. */
    public IssuanceReport issue(FederationConfig config, Path directory, ExistingCertificates existing) {
        var layout = new CertificateLayout(directory);
        Instant now = clock.instant();
        boolean rootCreated = existing == ExistingCertificates.REPLACE || !Files.exists(layout.rootCertificate());
        if (rootCreated && existing == ExistingCertificates.KEEP && Files.exists(layout.rootKey())) {
            throw new CertificateIssuanceException(layout.rootKey() + " exists but " + layout.rootCertificate()
                    + " does not; restore root.pem, or replace the whole CA with 'strait certs init --force'");
        }
        CertificateAuthority root = rootCreated ? newRoot(config, layout) : existingRoot(layout, now);

        List<RegionName> intermediatesIssued = new ArrayList<>();
        List<SpiffeId> leavesIssued = new ArrayList<>();
        List<SpiffeId> leavesKept = new ArrayList<>();
        for (RegionConfig region : config.regions()) {
            Optional<CertificateAuthority> kept = rootCreated ? Optional.empty() : usableIntermediate(layout, region.name(), root, now);
            boolean intermediateIssued = kept.isEmpty();
            CertificateAuthority intermediate = kept.orElseGet(() -> newIntermediate(layout, region.name(), root));
            if (intermediateIssued) {
                intermediatesIssued.add(region.name());
            }
            Validity validity = Validity.starting(clock, leafValidity).endingNoLaterThan(intermediate.certificate().getNotAfter().toInstant());
            for (NodeConfig node : region.nodes()) {
                LeafSpec spec = LeafSpecs.node(config.trustDomain(), region.name(), node, validity);
                SpiffeId id = SpiffeId.node(config.trustDomain(), region.name(), node.id());
                TlsFiles files = layout.node(region.name(), node.id());
                (leaf(intermediate, spec, files, intermediateIssued, now) ? leavesIssued : leavesKept).add(id);
            }
            for (ServiceConfig service : region.services()) {
                LeafSpec spec = LeafSpecs.service(config.trustDomain(), region.name(), service, validity);
                SpiffeId id = SpiffeId.service(config.trustDomain(), region.name(), service.name());
                TlsFiles files = layout.service(region.name(), service.name());
                (leaf(intermediate, spec, files, intermediateIssued, now) ? leavesIssued : leavesKept).add(id);
            }
        }
        return new IssuanceReport(layout, rootCreated, intermediatesIssued, leavesIssued, leavesKept);
    }

    private CertificateAuthority newRoot(FederationConfig config, CertificateLayout layout) {
        var root = CertificateAuthority.newRoot(
                DistinguishedNames.of("Strait root CA " + config.name()), Validity.starting(clock, ROOT_VALIDITY));
        root.writePem(layout.rootCertificate(), layout.rootKey());
        return root;
    }

    private static CertificateAuthority existingRoot(CertificateLayout layout, Instant now) {
        var root = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
        if (now.isAfter(root.certificate().getNotAfter().toInstant())) {
            throw new CertificateIssuanceException(layout.rootCertificate() + " expired at "
                    + root.certificate().getNotAfter().toInstant() + "; replace the whole CA with 'strait certs init --force' "
                    + "and give every node the new root");
        }
        return root;
    }

    /** The region's intermediate on disk, when it is complete, signed by {@code root} and not expired. */
    private static Optional<CertificateAuthority> usableIntermediate(
            CertificateLayout layout, RegionName region, CertificateAuthority root, Instant now) {
        Path certificate = layout.intermediateCertificate(region);
        Path key = layout.intermediateKey(region);
        if (!Files.exists(certificate) || !Files.exists(key)) {
            return Optional.empty();
        }
        try {
            var intermediate = CertificateAuthority.load(certificate, key, root);
            return now.isAfter(intermediate.certificate().getNotAfter().toInstant()) ? Optional.empty() : Optional.of(intermediate);
        } catch (CertificateIssuanceException e) {
            // Damaged, or signed by a root that is gone: nothing can trust it, so replacing it loses
            // nothing. Only the root is precious.
            return Optional.empty();
        }
    }

    private CertificateAuthority newIntermediate(CertificateLayout layout, RegionName region, CertificateAuthority root) {
        Validity validity = Validity.starting(clock, INTERMEDIATE_VALIDITY)
                .endingNoLaterThan(root.certificate().getNotAfter().toInstant());
        var intermediate = root.issueIntermediate(
                DistinguishedNames.of(region.value(), "Strait intermediate CA " + region.value()), validity);
        intermediate.writePem(layout.intermediateCertificate(region), layout.intermediateKey(region));
        return intermediate;
    }

    /** Issues and writes the leaf unless a current one can be kept; true when issued. */
    private static boolean leaf(CertificateAuthority issuer, LeafSpec spec, TlsFiles files, boolean mustIssue, Instant now) {
        if (!mustIssue && ExistingLeaf.isCurrent(files, issuer, spec, now)) {
            return false;
        }
        issuer.issueLeaf(spec).writePem(files);
        return true;
    }
}

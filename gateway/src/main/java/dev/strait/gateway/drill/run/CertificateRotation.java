package dev.strait.gateway.drill.run;

import dev.strait.gateway.certs.ExistingCertificates;
import dev.strait.gateway.certs.FederationCertificates;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;

/**
 * Replaces one node's certificate with a new one from the same CA, as an operator's rotation
 * would: the node's file watcher picks it up without a restart. A short lifetime gives a
 * certificate that expires in use, as one nobody rotated in time does.
 *
 * <p>The new leaf is issued by {@link FederationCertificates} into a scratch copy of the CAs (so
 * the issuer keeps the root and the region's intermediate, and issues only leaves), then each
 * file is moved over the old one atomically; the watcher acts only once two polls agree, so it
 * never loads a new chain with the old key.
 */
final class CertificateRotation {
    /** The lifetime of a certificate issued for real use. */
    static final Duration FULL_LIFETIME = FederationCertificates.DEFAULT_LEAF_VALIDITY;

    private final FederationConfig federation;
    private final Path scratch;

    CertificateRotation(FederationConfig federation, Path scratch) {
        this.federation = federation;
        this.scratch = scratch;
    }

    /** Writes a new certificate for {@code node} of {@code region}, valid from now for {@code lifetime}. */
    void rotate(RegionName region, NodeId node, Duration lifetime) throws IOException {
        CertificateLayout live = new CertificateLayout(federation.certificateDirectory());
        Path directory = Files.createTempDirectory(Files.createDirectories(scratch), "rotate-" + region.value() + "-" + node.value());
        CertificateLayout fresh = new CertificateLayout(directory);
        for (RegionName any : federation.regions().stream().map(r -> r.name()).toList()) {
            copy(live.intermediateCertificate(any), fresh.intermediateCertificate(any));
            copy(live.intermediateKey(any), fresh.intermediateKey(any));
        }
        copy(live.rootCertificate(), fresh.rootCertificate());
        copy(live.rootKey(), fresh.rootKey());
        new FederationCertificates(Clock.systemUTC(), lifetime).issue(federation, directory, ExistingCertificates.KEEP);
        TlsFiles from = fresh.node(region, node);
        TlsFiles to = live.node(region, node);
        move(CertificateLayout.leafOf(from), CertificateLayout.leafOf(to));
        move(from.privateKey(), to.privateKey());
        move(from.certificateChain(), to.certificateChain());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void move(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}

package dev.strait.gateway.drill.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strait.gateway.tls.TlsMaterial;
import dev.strait.gateway.tls.TlsMaterialCheck;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificates a drill writes over a node's files: a rotation's is as good as the one it
 * replaces, and an expiring one passes the checks a node makes before loading it, so it is loaded
 * and expires in use, as one nobody rotated in time does.
 */
class CertificateRotationTest {
    private static final RegionName WEST = RegionName.of("eu-west");
    private static final NodeId GW_1 = NodeId.of("gw-1");

    @TempDir
    Path work;

    @Test
    void aRotatedCertificateIsANewOneForTheSameIdentityThatTheNodeWouldLoad() throws Exception {
        FederationConfig federation = LocalDrill.prepareFederation(federationFile(), work);
        CertificateLayout layout = new CertificateLayout(federation.certificateDirectory());
        TlsMaterial before = TlsMaterial.load(layout.node(WEST, GW_1));

        new CertificateRotation(federation, work.resolve("scratch")).rotate(WEST, GW_1, CertificateRotation.FULL_LIFETIME);

        TlsMaterial after = TlsMaterial.load(layout.node(WEST, GW_1));
        assertThat(after.leaf().getSerialNumber()).isNotEqualTo(before.leaf().getSerialNumber());
        assertThat(after.spiffeId()).isEqualTo(before.spiffeId());
        TlsMaterialCheck.check(after, before, Instant.now());
    }

    @Test
    void anExpiringCertificateIsValidWhenWrittenAndEndsWithinItsLifetime() throws Exception {
        FederationConfig federation = LocalDrill.prepareFederation(federationFile(), work);
        CertificateLayout layout = new CertificateLayout(federation.certificateDirectory());
        TlsMaterial before = TlsMaterial.load(layout.node(WEST, GW_1));
        Instant writing = Instant.now();

        new CertificateRotation(federation, work.resolve("scratch")).rotate(WEST, GW_1, LocalDrill.EXPIRING_LIFETIME);

        TlsMaterial expiring = TlsMaterial.load(layout.node(WEST, GW_1));
        X509Certificate leaf = expiring.leaf();
        TlsMaterialCheck.check(expiring, before, Instant.now());
        // X.509 times have whole seconds: the end is cut to the second below.
        assertThat(leaf.getNotAfter().toInstant())
                .isAfter(writing.plus(LocalDrill.EXPIRING_LIFETIME).minusSeconds(2))
                .isBefore(Instant.now().plus(LocalDrill.EXPIRING_LIFETIME).plusSeconds(1));
    }

    private static Path federationFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("configs/drills/federation.yaml");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("no configs/drills/federation.yaml above " + Path.of("").toAbsolutePath());
    }
}

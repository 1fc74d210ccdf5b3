package dev.strait.gateway.certs;

import static dev.strait.gateway.certs.TwoRegionFederation.EU_WEST;
import static dev.strait.gateway.certs.TwoRegionFederation.US_EAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strait.gateway.tls.KeyPairCheck;
import dev.strait.gateway.tls.PemFiles;
import dev.strait.policy.model.CertificateLayout;
import dev.strait.policy.model.FederationConfig;
import dev.strait.policy.model.NodeConfig;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionConfig;
import dev.strait.policy.model.ServiceConfig;
import dev.strait.policy.model.ServiceName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederationCertificatesTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path directory;

    private FederationConfig config;
    private CertificateLayout layout;
    private final FederationCertificates issuer = new FederationCertificates(CLOCK);

    @BeforeEach
    void setUp() {
        config = TwoRegionFederation.config(directory);
        layout = new CertificateLayout(directory);
    }

    @Test
    void writesEveryFileOfTheLayout() throws Exception {
        IssuanceReport report = issuer.issue(config, directory);

        assertThat(report.rootCreated()).isTrue();
        assertThat(report.intermediatesIssued()).containsExactly(US_EAST, EU_WEST);
        assertThat(report.leavesIssued()).hasSize(6);
        assertThat(report.leavesKept()).isEmpty();
        List<Path> expected = new ArrayList<>(List.of(layout.rootCertificate(), layout.rootKey(),
                layout.intermediateCertificate(US_EAST), layout.intermediateKey(US_EAST),
                layout.intermediateCertificate(EU_WEST), layout.intermediateKey(EU_WEST)));
        for (TlsFiles files : leafFiles()) {
            expected.addAll(List.of(files.certificateChain(), files.privateKey(), CertificateLayout.leafOf(files)));
        }
        assertThat(expected).allSatisfy(path -> assertThat(path).isRegularFile());
        assertThat(directory.resolve("us-east/nodes/gw-2/chain.pem")).isRegularFile();
        assertThat(directory.resolve("eu-west/services/payments/key.pem")).isRegularFile();
        assertThat(Files.readString(layout.node(US_EAST, NodeId.of("gw-1")).privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void everyChainValidatesToTheRootWithPkix() throws Exception {
        issuer.issue(config, directory);
        X509Certificate root = PemFiles.readCertificates(layout.rootCertificate()).getFirst();

        for (TlsFiles files : leafFiles()) {
            List<X509Certificate> chain = PemFiles.readCertificates(files.certificateChain());
            assertThat(chain).hasSize(2);
            assertThat(chain.getFirst()).isEqualTo(PemFiles.readCertificates(CertificateLayout.leafOf(files)).getFirst());
            validate(chain, root, NOW);
        }
    }

    @Test
    void certificatesSayWhatTheyAreFor() throws Exception {
        issuer.issue(config, directory);
        X509Certificate root = PemFiles.readCertificates(layout.rootCertificate()).getFirst();
        X509Certificate intermediate = PemFiles.readCertificates(layout.intermediateCertificate(US_EAST)).getFirst();
        X509Certificate leaf = leaf(layout.node(US_EAST, NodeId.of("gw-1")));

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Strait root CA acme,O=Strait");
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getNotAfter().toInstant()).isAfter(NOW.plus(Duration.ofDays(3650)));
        assertThat(intermediate.getBasicConstraints()).isZero();
        assertThat(intermediate.getSubjectX500Principal().getName()).contains("OU=us-east");

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=gw-1,OU=us-east,O=Strait");
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getExtendedKeyUsage()).containsExactlyInAnyOrder(SERVER_AUTH, CLIENT_AUTH);
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(NOW, leaf.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(365));
    }

    @Test
    void subjectAltNamesCarryTheSpiffeIdsAndAddresses() throws Exception {
        issuer.issue(config, directory);

        assertThat(sans(layout.node(US_EAST, NodeId.of("gw-1")))).containsExactlyInAnyOrder(
                "6:spiffe://strait.test/region/us-east/node/gw-1", "7:127.0.0.1", "2:localhost");
        assertThat(sans(layout.node(US_EAST, NodeId.of("gw-2")))).contains(
                "6:spiffe://strait.test/region/us-east/node/gw-2", "2:gw-2.us-east.internal");
        assertThat(sans(layout.node(EU_WEST, NodeId.of("gw-1")))).contains(
                "6:spiffe://strait.test/region/eu-west/node/gw-1", "7:10.1.0.5");
        assertThat(sans(layout.service(US_EAST, ServiceName.of("orders")))).containsExactlyInAnyOrder(
                "6:spiffe://strait.test/region/us-east/service/orders", "7:127.0.0.1", "2:localhost",
                "2:orders-1.us-east.internal");
        assertThat(sans(layout.service(EU_WEST, ServiceName.of("payments")))).contains(
                "6:spiffe://strait.test/region/eu-west/service/payments", "7:127.0.0.1", "2:localhost");

        X509Certificate payments = leaf(layout.service(EU_WEST, ServiceName.of("payments")));
        assertThat(dev.strait.policy.model.SpiffeIds.fromCertificate(payments))
                .contains(SpiffeId.service(TestPki.TRUST_DOMAIN, EU_WEST, ServiceName.of("payments")));
    }

    @Test
    void privateKeysAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        issuer.issue(config, directory);

        List<Path> keys;
        try (Stream<Path> files = Files.walk(directory)) {
            keys = files.filter(p -> p.toString().endsWith(".key") || p.getFileName().toString().equals("key.pem")).toList();
        }
        assertThat(keys).hasSize(9);
        for (Path key : keys) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString()).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.rootCertificate()))).isEqualTo("rw-r--r--");
    }

    @Test
    void aSecondRunKeepsTheRootAndIssuesOnlyWhatIsMissing() throws Exception {
        issuer.issue(config, directory);
        byte[] root = Files.readAllBytes(layout.rootCertificate());
        byte[] rootKey = Files.readAllBytes(layout.rootKey());
        byte[] intermediate = Files.readAllBytes(layout.intermediateCertificate(US_EAST));
        TlsFiles gw1 = layout.node(US_EAST, NodeId.of("gw-1"));
        byte[] gw1Chain = Files.readAllBytes(gw1.certificateChain());
        TlsFiles orders = layout.service(US_EAST, ServiceName.of("orders"));
        deleteDirectory(orders.certificateChain().getParent());

        IssuanceReport second = new FederationCertificates(Clock.offset(CLOCK, Duration.ofDays(1))).issue(config, directory);

        assertThat(second.rootCreated()).isFalse();
        assertThat(second.intermediatesIssued()).isEmpty();
        assertThat(second.leavesIssued()).containsExactly(SpiffeId.service(TestPki.TRUST_DOMAIN, US_EAST, ServiceName.of("orders")));
        assertThat(second.leavesKept()).hasSize(5);
        assertThat(Files.readAllBytes(layout.rootCertificate())).isEqualTo(root);
        assertThat(Files.readAllBytes(layout.rootKey())).isEqualTo(rootKey);
        assertThat(Files.readAllBytes(layout.intermediateCertificate(US_EAST))).isEqualTo(intermediate);
        assertThat(Files.readAllBytes(gw1.certificateChain())).isEqualTo(gw1Chain);
        validate(PemFiles.readCertificates(orders.certificateChain()), PemFiles.readCertificates(layout.rootCertificate()).getFirst(),
                NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void aSecondRunReissuesALeafWhoseHostChanged() throws Exception {
        issuer.issue(config, directory);

        IssuanceReport second = issuer.issue(TwoRegionFederation.config(directory, "10.0.0.7"), directory);

        assertThat(second.leavesIssued()).containsExactly(SpiffeId.node(TestPki.TRUST_DOMAIN, US_EAST, NodeId.of("gw-2")));
        assertThat(sans(layout.node(US_EAST, NodeId.of("gw-2")))).contains("7:10.0.0.7").doesNotContain("2:gw-2.us-east.internal");
    }

    @Test
    void aSecondRunReissuesALeafWhoseKeyWasReplaced() throws Exception {
        issuer.issue(config, directory);
        TlsFiles gw1 = layout.node(EU_WEST, NodeId.of("gw-1"));
        Files.copy(layout.node(US_EAST, NodeId.of("gw-1")).privateKey(), gw1.privateKey(), StandardCopyOption.REPLACE_EXISTING);

        IssuanceReport second = issuer.issue(config, directory);

        assertThat(second.leavesIssued()).containsExactly(SpiffeId.node(TestPki.TRUST_DOMAIN, EU_WEST, NodeId.of("gw-1")));
        assertThat(KeyPairCheck.matches(PemFiles.readPrivateKey(gw1.privateKey()), leaf(gw1).getPublicKey())).isTrue();
    }

    @Test
    void replaceIssuesANewRootAndEverythingUnderIt() throws Exception {
        issuer.issue(config, directory);
        byte[] root = Files.readAllBytes(layout.rootCertificate());

        IssuanceReport second = issuer.issue(config, directory, ExistingCertificates.REPLACE);

        assertThat(second.rootCreated()).isTrue();
        assertThat(second.leavesIssued()).hasSize(6);
        assertThat(Files.readAllBytes(layout.rootCertificate())).isNotEqualTo(root);
        X509Certificate newRoot = PemFiles.readCertificates(layout.rootCertificate()).getFirst();
        for (TlsFiles files : leafFiles()) {
            validate(PemFiles.readCertificates(files.certificateChain()), newRoot, NOW);
        }
    }

    @Test
    void aRootWithoutItsKeyIsNotReplacedSilently() throws Exception {
        issuer.issue(config, directory);
        Files.delete(layout.rootKey());

        assertThatThrownBy(() -> issuer.issue(config, directory))
                .isInstanceOf(CertificateIssuanceException.class)
                .hasMessageContaining("root.key")
                .hasMessageContaining("--force");
        assertThat(layout.rootCertificate()).isRegularFile();
    }

    @Test
    void aLeafIssuedWithAPastValidityIsExpired() throws Exception {
        issuer.issue(config, directory);
        CertificateAuthority root = CertificateAuthority.load(layout.rootCertificate(), layout.rootKey());
        CertificateAuthority intermediate = CertificateAuthority.load(
                layout.intermediateCertificate(US_EAST), layout.intermediateKey(US_EAST), root);
        var validity = new Validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)));

        IssuedCertificate expired = intermediate.issueLeaf(LeafSpec.of(DistinguishedNames.of("us-east", "gw-1"), validity,
                SubjectAltName.uri(SpiffeId.node(TestPki.TRUST_DOMAIN, US_EAST, NodeId.of("gw-1")))));

        assertThatThrownBy(() -> expired.certificate().checkValidity(Date.from(NOW))).isInstanceOf(CertificateExpiredException.class);
        assertThatThrownBy(() -> validate(expired.chain(), root.certificate(), NOW))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.EXPIRED));
    }

    @Test
    void leafValidityIsConfigurable() throws Exception {
        new FederationCertificates(CLOCK, Duration.ofHours(1)).issue(config, directory);

        X509Certificate leaf = leaf(layout.service(US_EAST, ServiceName.of("payments")));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW.minus(Validity.CLOCK_SKEW));
    }

    private List<TlsFiles> leafFiles() {
        List<TlsFiles> files = new ArrayList<>();
        for (RegionConfig region : config.regions()) {
            for (NodeConfig node : region.nodes()) {
                files.add(layout.node(region.name(), node.id()));
            }
            for (ServiceConfig service : region.services()) {
                files.add(layout.service(region.name(), service.name()));
            }
        }
        return files;
    }

    private static X509Certificate leaf(TlsFiles files) {
        return PemFiles.readCertificates(files.certificateChain()).getFirst();
    }

    /** SANs as "type:value", type 2 = DNS, 6 = URI, 7 = IP. */
    private static List<String> sans(TlsFiles files) throws Exception {
        return leaf(files).getSubjectAlternativeNames().stream().map(san -> san.get(0) + ":" + san.get(1)).toList();
    }

    static void validate(List<X509Certificate> chain, X509Certificate root, Instant at) throws Exception {
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
    }

    private static void deleteDirectory(Path directory) throws Exception {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

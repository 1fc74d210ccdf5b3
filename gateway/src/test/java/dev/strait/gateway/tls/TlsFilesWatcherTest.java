package dev.strait.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strait.gateway.certs.CertificateAuthority;
import dev.strait.gateway.certs.DistinguishedNames;
import dev.strait.gateway.certs.IssuedCertificate;
import dev.strait.gateway.certs.LeafSpec;
import dev.strait.gateway.certs.SubjectAltName;
import dev.strait.gateway.certs.TestPki;
import dev.strait.gateway.certs.Validity;
import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
import dev.strait.policy.model.SpiffeId;
import dev.strait.policy.model.TlsFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The watcher polled by hand: what it reloads, what it refuses, and what it logs. */
class TlsFilesWatcherTest {
    private static final String REGION = "west";
    private static final String NODE = "gw-1";
    private static final SpiffeId NODE_ID = SpiffeId.node(TestPki.TRUST_DOMAIN, RegionName.of(REGION), NodeId.of(NODE));
    // Polls are driven by the test; the timer never runs.
    private static final TlsFilesWatcher.Settings BY_HAND = new TlsFilesWatcher.Settings(Duration.ofDays(1), Duration.ofDays(7));

    @TempDir
    Path directory;

    private final TestPki pki = TestPki.create();
    private final MovableClock clock = new MovableClock(Instant.now());
    private final List<TlsMaterial> reloads = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private TlsFiles files;
    private TlsFilesWatcher watcher;

    @BeforeEach
    void writeFilesAndWatch() {
        files = new TlsFiles(directory.resolve("chain.pem"), directory.resolve("key.pem"), directory.resolve("bundle.pem"));
        // Far from its end, so that starting warns of nothing.
        write(pki.intermediate().issueLeaf(nodeSpec(TestPki.validFor(Duration.ofDays(20)))));
        PemFiles.writeCertificates(files.trustBundle(), List.of(pki.root().certificate()));
        ((Logger) LoggerFactory.getLogger(TlsFilesWatcher.class)).addAppender(log);
        log.start();
        watcher = TlsFilesWatcher.load("west-gw-1", files, BY_HAND, clock);
        watcher.start(reloads::add);
    }

    @AfterEach
    void stop() throws Exception {
        watcher.close();
        ((Logger) LoggerFactory.getLogger(TlsFilesWatcher.class)).detachAppender(log);
    }

    @Test
    void filesThatDidNotChangeAreNotReloaded() {
        // Rewriting the same bytes changes the modification time, not the material.
        PemFiles.writeCertificates(files.certificateChain(), watcher.current().chain());

        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.UNCHANGED);
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.UNCHANGED);
        assertThat(reloads).isEmpty();
    }

    @Test
    void aNewCertificateIsReloadedOnceTheFilesHoldStill() {
        X509Certificate before = watcher.current().leaf();
        IssuedCertificate renewed = pki.node(REGION, NODE);
        write(renewed);

        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.SETTLING);
        assertThat(watcher.current().leaf()).isEqualTo(before);
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);

        assertThat(watcher.current().leaf()).isEqualTo(renewed.certificate());
        assertThat(reloads).singleElement().satisfies(material -> assertThat(material.leaf()).isEqualTo(renewed.certificate()));
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.UNCHANGED);
        assertThat(messages(Level.INFO)).anySatisfy(line -> assertThat(line)
                .contains("reloaded TLS material")
                .contains(renewed.certificate().getSerialNumber().toString(16))
                .contains(before.getSerialNumber().toString(16)));
    }

    @Test
    void aChainWrittenBeforeItsKeyWaitsForTheKey() {
        IssuedCertificate renewed = pki.node(REGION, NODE);
        PemFiles.writeCertificates(files.certificateChain(), renewed.chain());
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.SETTLING);

        PemFiles.writePrivateKey(files.privateKey(), renewed.privateKey());
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.SETTLING);
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);

        assertThat(watcher.current().leaf()).isEqualTo(renewed.certificate());
        assertThat(messages(Level.ERROR)).isEmpty();
    }

    static Stream<Arguments> unusableMaterial() {
        return Stream.of(
                Arguments.of("a key of another certificate", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    PemFiles.writeCertificates(files.certificateChain(), pki.node(REGION, NODE).chain());
                }, "is not the key of the first certificate"),
                Arguments.of("a chain that is no PEM", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    writeText(files.certificateChain(), "not a certificate\n");
                }, "holds no PEM 'CERTIFICATE' block"),
                Arguments.of("an expired certificate", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    pki.expiredNode(REGION, NODE).writePem(files);
                }, "is not valid at"),
                Arguments.of("another node's identity", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    pki.node(REGION, "gw-2").writePem(files);
                }, "(expected: " + NODE_ID.uri()),
                Arguments.of("a certificate under a root the bundle lacks", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    TestPki.unrelated().node(REGION, NODE).writePem(files);
                }, "does not lead to a root of the new trust bundle"),
                Arguments.of("an empty trust bundle", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    writeText(files.trustBundle(), "");
                }, "holds no PEM 'CERTIFICATE' block"),
                Arguments.of("a missing key file", (BiConsumer<TestPki, TlsFiles>) (pki, files) -> {
                    try {
                        Files.delete(files.privateKey());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, "cannot read the TLS files"));
    }

    @ParameterizedTest(name = "{0} is refused and the old material stays")
    @MethodSource("unusableMaterial")
    void unusableMaterialKeepsTheOld(String what, BiConsumer<TestPki, TlsFiles> breakFiles, String reason) {
        TlsMaterial before = watcher.current();
        breakFiles.accept(pki, files);

        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.SETTLING);
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.REJECTED);
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.REJECTED);

        assertThat(watcher.current()).isSameAs(before);
        assertThat(reloads).isEmpty();
        // Said once, with the reason and the certificate that stays.
        assertThat(messages(Level.ERROR)).singleElement().satisfies(line -> assertThat(line)
                .contains(reason)
                .contains("keeps its certificate serial " + before.leaf().getSerialNumber().toString(16)));
    }

    @Test
    void goodFilesAfterBadOnesAreReloaded() {
        PemFiles.writeCertificates(files.certificateChain(), pki.node(REGION, NODE).chain());
        watcher.poll();
        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.REJECTED);

        IssuedCertificate fixed = pki.node(REGION, NODE);
        write(fixed);
        watcher.poll();

        assertThat(watcher.poll()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);
        assertThat(watcher.current().leaf()).isEqualTo(fixed.certificate());
    }

    @Test
    void aRootRotatesInStages() {
        CertificateAuthority newRoot = CertificateAuthority.newRoot(DistinguishedNames.of("Test root CA next"),
                TestPki.validFor(Duration.ofDays(30)));
        CertificateAuthority newIntermediate = newRoot.issueIntermediate(DistinguishedNames.of(REGION, "next"),
                TestPki.validFor(Duration.ofDays(30)));

        // A certificate under the new root before the bundle holds it would be refused by every peer.
        IssuedCertificate early = newIntermediate.issueLeaf(nodeSpec());
        write(early);
        settle();
        assertThat(watcher.current().leaf()).isNotEqualTo(early.certificate());
        write(pki.node(REGION, NODE));
        settle();

        // 1. Both roots in the bundle.
        PemFiles.writeCertificates(files.trustBundle(), List.of(pki.root().certificate(), newRoot.certificate()));
        assertThat(settle()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);
        assertThat(watcher.current().trustedCertificates()).containsExactlyInAnyOrder(pki.root().certificate(), newRoot.certificate());
        // 2. The node's certificate reissued under the new root.
        IssuedCertificate reissued = newIntermediate.issueLeaf(nodeSpec());
        write(reissued);
        assertThat(settle()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);
        // 3. The old root out of the bundle.
        PemFiles.writeCertificates(files.trustBundle(), List.of(newRoot.certificate()));
        assertThat(settle()).isEqualTo(TlsFilesWatcher.Outcome.RELOADED);

        assertThat(watcher.current().leaf()).isEqualTo(reissued.certificate());
        assertThat(watcher.current().trustedCertificates()).containsExactly(newRoot.certificate());
    }

    @Test
    void aCertificateCloseToItsEndIsWarnedAboutOnceADay() {
        IssuedCertificate shortLived = pki.intermediate().issueLeaf(nodeSpec(TestPki.validFor(Duration.ofDays(3))));
        write(shortLived);
        settle();
        assertThat(messages(Level.WARN)).singleElement().satisfies(line -> assertThat(line)
                .contains("expires at " + shortLived.certificate().getNotAfter().toInstant())
                .contains(shortLived.certificate().getSerialNumber().toString(16)));

        clock.advance(Duration.ofHours(23));
        watcher.poll();
        assertThat(messages(Level.WARN)).hasSize(1);

        clock.advance(Duration.ofHours(1));
        watcher.poll();
        assertThat(messages(Level.WARN)).hasSize(2);
    }

    @Test
    void aCertificateFarFromItsEndIsNotWarnedAbout() {
        write(pki.intermediate().issueLeaf(nodeSpec(TestPki.validFor(Duration.ofDays(8)))));
        settle();

        assertThat(messages(Level.WARN)).isEmpty();
    }

    @Test
    void noKeyMaterialIsLogged() {
        IssuedCertificate renewed = pki.node(REGION, NODE);
        write(renewed);
        settle();
        PemFiles.writeCertificates(files.certificateChain(), pki.node(REGION, NODE).chain());
        settle();

        String key = Base64.getEncoder().encodeToString(renewed.privateKey().getEncoded());
        assertThat(log.list).isNotEmpty().allSatisfy(event -> assertThat(event.getFormattedMessage())
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(key.substring(0, 40))
                .doesNotContain(watcher.current().password()));
    }

    /** Polls until the watcher decides about what the files hold now. */
    private TlsFilesWatcher.Outcome settle() {
        TlsFilesWatcher.Outcome outcome = watcher.poll();
        return outcome == TlsFilesWatcher.Outcome.SETTLING ? watcher.poll() : outcome;
    }

    private void write(IssuedCertificate certificate) {
        PemFiles.writeCertificates(files.certificateChain(), certificate.chain());
        PemFiles.writePrivateKey(files.privateKey(), certificate.privateKey());
    }

    private List<String> messages(Level level) {
        return log.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static LeafSpec nodeSpec() {
        return nodeSpec(TestPki.validFor(Duration.ofDays(1)));
    }

    private static LeafSpec nodeSpec(Validity validity) {
        return LeafSpec.of(DistinguishedNames.of(REGION, NODE), validity, SubjectAltName.uri(NODE_ID), SubjectAltName.ip("127.0.0.1"));
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

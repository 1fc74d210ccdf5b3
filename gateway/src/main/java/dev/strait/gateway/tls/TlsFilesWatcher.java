package dev.strait.gateway.tls;

import dev.strait.policy.model.TlsFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a node's certificate chain, private key and trust bundle files, and hands over new
 * material when they change and the new material is usable, so certificates and roots rotate
 * without a restart.
 *
 * <p>Every {@code interval} it hashes the three files' contents (modification times are not
 * trusted: their granularity can hide a quick rewrite). A change is acted upon once two polls in
 * a row saw the same new contents, so a tool that writes the chain and the key one after the
 * other is not caught half-way. The new material must pass {@link TlsMaterial#load} and {@link
 * TlsMaterialCheck}; otherwise an error is logged, once per version of the files, and the node
 * keeps what it has. It also logs a WARN line, at most once a day, while the node's certificate is
 * within {@code expiryWarning} of its end. Nothing secret is ever logged.
 */
public final class TlsFilesWatcher implements AutoCloseable {
    /**
     * How the files are watched.
     *
     * @param interval      how often the files are read
     * @param expiryWarning how long before the certificate's end the WARN lines start
     */
    public record Settings(Duration interval, Duration expiryWarning) {
        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(expiryWarning, "expiryWarning");
            if (!interval.isPositive() || expiryWarning.isNegative()) {
                throw new IllegalArgumentException("interval " + interval + ", expiryWarning " + expiryWarning
                        + " (expected: a positive interval and a warning period of zero or more)");
            }
        }

        /** Every 5 s; warnings from 7 days before expiry. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(5), Duration.ofDays(7));
        }

        public Settings withInterval(Duration newInterval) {
            return new Settings(newInterval, expiryWarning);
        }
    }

    /** What one poll found. */
    enum Outcome {
        /** The files are what the node runs with. */
        UNCHANGED,
        /** The files changed since the last poll; the next poll decides. */
        SETTLING,
        /** The node now runs with the new material. */
        RELOADED,
        /** The files changed but cannot be used (reported once); the node keeps its material. */
        REJECTED
    }

    private static final Logger LOG = LoggerFactory.getLogger(TlsFilesWatcher.class);
    private static final Duration WARNING_REPEAT = Duration.ofDays(1);

    private final String name;
    private final TlsFiles files;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile TlsMaterial current;
    private volatile Consumer<TlsMaterial> onChange = material -> {};
    // Confined to the watcher thread, after start() (a test may call poll() instead, never both).
    private String loadedFingerprint;
    private String pendingFingerprint;
    private String rejectedFingerprint;
    private Instant lastExpiryWarning;

    private TlsFilesWatcher(String name, TlsFiles files, Settings settings, Clock clock, String fingerprint, TlsMaterial material) {
        this.name = name;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
        this.loadedFingerprint = fingerprint;
        this.current = material;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name + "-tls-watch").daemon().factory());
    }

    /**
     * Loads the node's material from {@code files} now (a node cannot start without it) and
     * prepares to watch them.
     *
     * @param name the node's name, for the log and the watcher thread
     * @throws TlsMaterialException when the files cannot be read or do not belong together
     */
    public static TlsFilesWatcher load(String name, TlsFiles files, Settings settings, Clock clock) {
        // Hashed before loading: a change in between shows up as a difference at the first poll.
        String fingerprint;
        try {
            fingerprint = fingerprint(files);
        } catch (IOException e) {
            // Loading names the file and what is wrong with it more precisely.
            TlsMaterial.load(files);
            throw new TlsMaterialException("cannot read the node's TLS files: " + e
                    + " (expected: readable " + files.certificateChain() + ", " + files.privateKey() + " and " + files.trustBundle() + ")", e);
        }
        return new TlsFilesWatcher(name, files, settings, clock, fingerprint, TlsMaterial.load(files));
    }

    /** The material the node runs with now. */
    public TlsMaterial current() {
        return current;
    }

    /** Warns at once if the certificate is close to its end, then polls every interval, telling {@code reload} of new material. */
    public void start(Consumer<TlsMaterial> reload) {
        this.onChange = Objects.requireNonNull(reload, "reload");
        long every = settings.interval().toMillis();
        // On the caller's thread, before the timer's first poll: the fields below are then the timer's alone.
        warnIfExpiring(clock.instant());
        timer.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the files must stay watched.
            LOG.error("{}: unexpected failure while checking the TLS files; keeping the current material", name, e);
        }
    }

    /** Reads the files once and acts on what changed. */
    Outcome poll() {
        Instant now = clock.instant();
        Outcome outcome = check(now);
        warnIfExpiring(now);
        return outcome;
    }

    private Outcome check(Instant now) {
        String seen;
        String unreadable = null;
        try {
            seen = fingerprint(files);
        } catch (IOException e) {
            unreadable = "cannot read the TLS files: " + e;
            seen = unreadable;
        }
        if (seen.equals(loadedFingerprint)) {
            pendingFingerprint = null;
            return Outcome.UNCHANGED;
        }
        if (seen.equals(rejectedFingerprint)) {
            return Outcome.REJECTED;
        }
        if (!seen.equals(pendingFingerprint)) {
            pendingFingerprint = seen;
            return Outcome.SETTLING;
        }
        if (unreadable != null) {
            return reject(seen, unreadable);
        }
        TlsMaterial candidate;
        try {
            candidate = TlsMaterial.load(files);
            TlsMaterialCheck.check(candidate, current, now);
            // The files may have changed again while they were read: then what was loaded is not what was hashed.
            if (!fingerprint(files).equals(seen)) {
                pendingFingerprint = null;
                return Outcome.SETTLING;
            }
        } catch (TlsMaterialException e) {
            return reject(seen, e.getMessage());
        } catch (IOException e) {
            pendingFingerprint = null;
            return Outcome.SETTLING;
        }
        try {
            onChange.accept(candidate);
        } catch (RuntimeException e) {
            return reject(seen, "cannot apply the new TLS material: " + e.getMessage());
        }
        TlsMaterial previous = current;
        current = candidate;
        loadedFingerprint = seen;
        pendingFingerprint = null;
        rejectedFingerprint = null;
        lastExpiryWarning = null;
        LOG.info("{}: reloaded TLS material from {}: certificate {} valid until {} (was {}), {} trusted root(s); "
                        + "new handshakes use it, open connections keep theirs",
                name, files.certificateChain().getParent(), TlsMaterialCheck.describe(candidate.leaf()),
                candidate.leaf().getNotAfter().toInstant(), TlsMaterialCheck.describe(previous.leaf()),
                candidate.trustedCertificates().size());
        return Outcome.RELOADED;
    }

    private Outcome reject(String fingerprint, String why) {
        rejectedFingerprint = fingerprint;
        pendingFingerprint = null;
        LOG.error("{}: the TLS files changed but cannot be used, so the node keeps its certificate {}: {}",
                name, TlsMaterialCheck.describe(current.leaf()), why);
        return Outcome.REJECTED;
    }

    private void warnIfExpiring(Instant now) {
        Instant notAfter = current.leaf().getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        if (left.compareTo(settings.expiryWarning()) > 0) {
            return;
        }
        if (lastExpiryWarning != null && Duration.between(lastExpiryWarning, now).compareTo(WARNING_REPEAT) < 0) {
            return;
        }
        lastExpiryWarning = now;
        if (left.isNegative()) {
            LOG.warn("{}: the node certificate {} expired at {}; peers refuse new connections from and to this node "
                    + "until a new certificate is written to {}", name, TlsMaterialCheck.describe(current.leaf()), notAfter,
                    files.certificateChain());
        } else {
            LOG.warn("{}: the node certificate {} expires at {}, in {} h; write a new one to {} and {} (it is picked up without a restart)",
                    name, TlsMaterialCheck.describe(current.leaf()), notAfter, left.toHours(), files.certificateChain(),
                    files.privateKey());
        }
    }

    /** A SHA-256 over the three files' contents, each length-prefixed. */
    private static String fingerprint(TlsFiles files) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
        for (Path file : List.of(files.certificateChain(), files.privateKey(), files.trustBundle())) {
            byte[] content = Files.readAllBytes(file);
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(content.length).flip());
            digest.update(content);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }
}

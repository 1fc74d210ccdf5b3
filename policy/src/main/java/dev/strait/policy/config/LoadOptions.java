package dev.strait.policy.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link FederationConfigLoader} loads a config: whether it checks that certificate files
 * exist, and whether a certificate directory given by the caller replaces the config's
 * {@code certificates}. Start from {@link #defaults()} or {@link #withoutFileChecks()}, then
 * {@link #withCertificateDirectory(Path)} if needed. Immutable.
 */
public final class LoadOptions {
    private static final LoadOptions DEFAULTS = new LoadOptions(true, Optional.empty());
    private static final LoadOptions WITHOUT_FILE_CHECKS = new LoadOptions(false, Optional.empty());

    private final boolean checkFiles;
    private final Optional<Path> certificateDirectory;

    private LoadOptions(boolean checkFiles, Optional<Path> certificateDirectory) {
        this.checkFiles = checkFiles;
        this.certificateDirectory = certificateDirectory;
    }

    /** Checks certificate files, and takes the certificate directory from the config. */
    public static LoadOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Does not touch the file system beyond the config itself: for validating a config on a
     * machine other than the one it is for, or before {@code strait certs init} has run.
     */
    public static LoadOptions withoutFileChecks() {
        return WITHOUT_FILE_CHECKS;
    }

    /**
     * These options, with {@code directory} in place of the config's {@code certificates} (as
     * {@code strait demo} does, issuing certificates into a working directory). It becomes the
     * config's {@code certificateDirectory} and the base of every node's default certificate
     * paths; explicit {@code tls} paths stay as written. A relative {@code directory} is used as
     * given, so it is relative to the working directory, not the config file.
     */
    public LoadOptions withCertificateDirectory(Path directory) {
        return new LoadOptions(checkFiles, Optional.of(Objects.requireNonNull(directory, "directory")));
    }

    /** Whether to check that every node's certificate chain, private key and trust bundle can be read. */
    public boolean checkFiles() {
        return checkFiles;
    }

    /** The directory that replaces the config's {@code certificates}, if one was given. */
    public Optional<Path> certificateDirectory() {
        return certificateDirectory;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadOptions that
                && checkFiles == that.checkFiles
                && certificateDirectory.equals(that.certificateDirectory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkFiles, certificateDirectory);
    }

    @Override
    public String toString() {
        return "LoadOptions[checkFiles=" + checkFiles + ", certificateDirectory="
                + certificateDirectory.map(Path::toString).orElse("(from the config)") + "]";
    }
}

package dev.strait.policy.config;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;
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
    private static final LoadOptions DEFAULTS = new LoadOptions(true, Optional.empty(), Optional.empty());
    private static final LoadOptions WITHOUT_FILE_CHECKS = new LoadOptions(false, Optional.empty(), Optional.empty());

    /** One node of the federation. */
    public record Node(RegionName region, NodeId id) {
        public Node {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(id, "id");
        }
    }

    private final boolean checkFiles;
    private final Optional<Path> certificateDirectory;
    private final Optional<Node> filesOf;

    private LoadOptions(boolean checkFiles, Optional<Path> certificateDirectory, Optional<Node> filesOf) {
        this.checkFiles = checkFiles;
        this.certificateDirectory = certificateDirectory;
        this.filesOf = filesOf;
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
        return new LoadOptions(checkFiles, Optional.of(Objects.requireNonNull(directory, "directory")), filesOf);
    }

    /**
     * These options, checking the certificate files of {@code node} only: what a node's own
     * machine must hold ({@code strait run}), where the other nodes' files are not.
     */
    public LoadOptions withFileChecksOnlyFor(Node node) {
        return new LoadOptions(true, certificateDirectory, Optional.of(Objects.requireNonNull(node, "node")));
    }

    /** Whether to check that the nodes' certificate chains, private keys and trust bundles can be read. */
    public boolean checkFiles() {
        return checkFiles;
    }

    /** The one node whose files are checked; empty when every node's are. */
    public Optional<Node> filesOf() {
        return filesOf;
    }

    /** The directory that replaces the config's {@code certificates}, if one was given. */
    public Optional<Path> certificateDirectory() {
        return certificateDirectory;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LoadOptions that
                && checkFiles == that.checkFiles
                && certificateDirectory.equals(that.certificateDirectory)
                && filesOf.equals(that.filesOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkFiles, certificateDirectory, filesOf);
    }

    @Override
    public String toString() {
        return "LoadOptions[checkFiles=" + checkFiles + ", certificateDirectory="
                + certificateDirectory.map(Path::toString).orElse("(from the config)")
                + filesOf.map(node -> ", filesOf=" + node.region() + "/" + node.id()).orElse("") + "]";
    }
}

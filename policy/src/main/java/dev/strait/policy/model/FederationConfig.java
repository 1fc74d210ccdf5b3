package dev.strait.policy.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole federation, as declared in one YAML file: the immutable result of loading and
 * validating it.
 *
 * @param name                 the federation's name
 * @param trustDomain          the SPIFFE trust domain of every identity in it
 * @param meshSuffix           the authority suffix that names services, {@code mesh} by default
 * @param certificateDirectory where {@code strait certs init} writes certificates, and where
 *                             nodes without explicit TLS paths find theirs
 * @param regions              the regions, in config order
 * @param source               the file it was loaded from
 */
public record FederationConfig(
        String name,
        TrustDomain trustDomain,
        String meshSuffix,
        Path certificateDirectory,
        List<RegionConfig> regions,
        Path source) {
    public FederationConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trustDomain, "trustDomain");
        Objects.requireNonNull(meshSuffix, "meshSuffix");
        Objects.requireNonNull(certificateDirectory, "certificateDirectory");
        Objects.requireNonNull(source, "source");
        regions = List.copyOf(regions);
    }

    public Optional<RegionConfig> region(RegionName region) {
        return regions.stream().filter(r -> r.name().equals(region)).findFirst();
    }

    /** The region that {@code node} belongs to, with the node, when a node of that name exists. */
    public Optional<RegionConfig> regionOfNode(NodeId node) {
        return regions.stream().filter(r -> r.node(node).isPresent()).findFirst();
    }
}

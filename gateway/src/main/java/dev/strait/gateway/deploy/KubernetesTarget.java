package dev.strait.gateway.deploy;

import dev.strait.policy.model.RegionName;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how one region is deployed on Kubernetes.
 *
 * @param region        the region whose nodes the manifests run
 * @param namespace     the namespace of every object
 * @param image         the Strait container image (deploy/docker/Dockerfile)
 * @param clusterDomain the cluster's DNS domain, {@code cluster.local} unless the cluster was set up otherwise
 * @param drainTimeout  {@code strait run --drain-timeout}: how long a stopping pod lets calls in flight finish
 */
public record KubernetesTarget(RegionName region, String namespace, String image, String clusterDomain, Duration drainTimeout) {
    public static final String DEFAULT_NAMESPACE = "strait";
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public KubernetesTarget {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS label (expected: 1 to 63 of a-z, 0-9 "
                    + "and '-', such as " + DEFAULT_NAMESPACE + ")");
        }
        if (!Arrays.stream(clusterDomain.split("\\.", -1)).allMatch(label -> DNS_LABEL.matcher(label).matches())) {
            throw new IllegalArgumentException("cluster domain '" + clusterDomain + "' is not a DNS name (expected: lower-case "
                    + "labels joined by '.', such as " + DEFAULT_CLUSTER_DOMAIN + ")");
        }
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("image '" + image + "' is not an image reference (expected: NAME[:TAG], such as strait:0.1.0-SNAPSHOT)");
        }
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("drain timeout " + drainTimeout + " is not positive");
        }
    }

    /** The names of the objects, and the pods' DNS names, for this target. */
    KubernetesNames names() {
        return new KubernetesNames(region, namespace, clusterDomain);
    }
}

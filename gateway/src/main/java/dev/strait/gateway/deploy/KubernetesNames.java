package dev.strait.gateway.deploy;

import dev.strait.policy.model.NodeId;
import dev.strait.policy.model.RegionName;

/**
 * The names of a region's Kubernetes objects, in one place so that the manifests, their checks and
 * the docs agree. Every object is named after the StatefulSet, {@code strait-<region>}, so that
 * several regions can share a namespace.
 */
record KubernetesNames(RegionName region, String namespace, String clusterDomain) {
    /** Kubernetes adds a revision hash to a StatefulSet's name in a 63-character label. */
    static final int LONGEST_STATEFUL_SET_NAME = 52;

    /** The trust bundle (the root CA certificate) is the federation's, so every region's pods read the same Secret. */
    static final String TRUST_BUNDLE_SECRET = "strait-trust-bundle";

    String statefulSet() {
        return "strait-" + region.value();
    }

    /** The headless Service that gives each pod its stable DNS name; the StatefulSet's {@code serviceName}. */
    String headlessService() {
        return statefulSet();
    }

    /** The Service that the region's own workloads call (the local listener). */
    String localService() {
        return statefulSet() + "-local";
    }

    /** The Service of type LoadBalancer in front of the peer listener. */
    String peerService() {
        return statefulSet() + "-peer";
    }

    String configMap() {
        return statefulSet() + "-config";
    }

    String podDisruptionBudget() {
        return statefulSet();
    }

    String adminTokenSecret() {
        return statefulSet() + "-admin-token";
    }

    /** The Secret of type kubernetes.io/tls holding a node's chain ({@code tls.crt}) and key ({@code tls.key}). */
    String nodeSecret(NodeId node) {
        return statefulSet() + "-" + node.value() + "-tls";
    }

    String podName(int ordinal) {
        return statefulSet() + "-" + ordinal;
    }

    /** The stable DNS name of pod {@code ordinal}: what the config must give as that node's {@code host}. */
    String podHost(int ordinal) {
        return podName(ordinal) + "." + headlessService() + "." + namespace + ".svc." + clusterDomain;
    }
}
